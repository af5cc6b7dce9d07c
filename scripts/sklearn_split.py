"""Prints the test-row indices of scikit-learn's train_test_split(test_size=0.2, random_state=42), stratified for
classification, for each built-in table: the split the baselines in shared/peers were scored on, so
`npm run bench:quality` and `npm run bench:presets` (split 0) can score Sweeplab on exactly the same test rows. Usage: python3 sklearn_split.py FILE:KIND ...
(KIND is classification or regression; the target is the column named "target"). One JSON line per file."""
import csv
import json
import sys

from sklearn.model_selection import train_test_split

for spec in sys.argv[1:]:
    path, kind = spec.rsplit(':', 1)
    with open(path, newline='') as f:
        rows = list(csv.DictReader(f))
    targets = [row['target'] for row in rows]
    indices = list(range(len(rows)))
    stratify = targets if kind == 'classification' else None
    _, test = train_test_split(indices, test_size=0.2, random_state=42, stratify=stratify)
    print(json.dumps({'file': path, 'test': sorted(test)}))
