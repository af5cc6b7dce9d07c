"""scikit-learn baselines for `npm run bench:tables`, and the train/test splits Sweeplab is scored on.

For each table of the suite and each of N seeded 80/20 splits (scikit-learn's train_test_split with
random_state=1000+k, stratified on the target for classification), this writes the split's test-row indices
(0-based data rows of the CSV, header excluded) and fits, on the training rows only, with default settings:

  hgb     HistGradientBoostingClassifier / Regressor; categoricals ordinal-encoded and declared categorical
          (scikit-learn 1.2 has no categorical_features='from_dtype'; a column with more levels than the
          255 bins stays an ordinal number); missing values left to the model
  rf      RandomForestClassifier / Regressor(n_estimators=300) behind the one-hot preprocessing below
  linear  LogisticRegression (max_iter=1000, so that every fit converges) / RidgeCV behind the same
  dummy   DummyClassifier(most_frequent) / DummyRegressor(mean)

The one-hot preprocessing is a ColumnTransformer: numbers get mean imputation and standard scaling,
categoricals a constant "missing" level and OneHotEncoder(handle_unknown='ignore').

Reading the CSV is deliberately plain (no pandas; Debian's python3-sklearn is enough) and does what a data
scientist would do by hand: the cells Sweeplab reads as missing ('', NA, N/A, NaN, null, None, ?) are missing;
a column whose cells are all numbers is numeric, and so is one written as currency ("$1,889.50") or percent
("13.99%", read as 13.99); ISO dates and dates in words ("Jan 22 2001") become year, month and day numbers;
a text column with a different value in nearly every row (over 90 %: an identifier) is left out; everything else is
categorical. Rows whose target is missing are kept in the split (so the indices match the file's rows) but
left out of fitting and scoring, as nothing can be learnt from or scored on them.

Scores: test accuracy (classification) or R² (regression) on the split's test rows; fit_seconds is the wall
time of fit() alone (preprocessing included, prediction not). Everything runs on one thread (OpenMP and BLAS
pinned to 1 below; n_jobs defaults to 1): Sweeplab's studies run on one thread under Node too, and threads
fighting over a shared 2-core machine made HistGradientBoosting's times meaningless.

Usage: /usr/bin/python3 sklearn_baselines.py --suite=SUITE.json --data-dir=DIR --out-dir=DIR
           [--splits=3] [--tables=a,b] [--summary=FILE.json]
SUITE.json is written by scripts/bench-tables.ts from suite.ts: a list of {name, file, target, task}.
One JSON file per table goes to --out-dir (<name>.json, with the test indices); --summary writes every
table's scores without the indices. A table is a line of a markdown table on stdout as it finishes.
"""
import os

# Before numpy and scikit-learn load: one thread each for OpenMP (HistGradientBoosting) and BLAS.
for _variable in ('OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS'):
    os.environ[_variable] = '1'

import argparse  # noqa: E402 (after the thread settings on purpose)
import csv
import datetime
import json
import math
import re
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.dummy import DummyClassifier, DummyRegressor
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor, RandomForestClassifier, RandomForestRegressor
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, RidgeCV
from sklearn.metrics import accuracy_score, r2_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, OrdinalEncoder, StandardScaler

SPLIT_SEED_BASE = 1000
TEST_SIZE = 0.2
# The same missing-value words as Sweeplab's reader (src/data/table/columnar.ts), so both see the same gaps.
MISSING = {'', 'na', 'n/a', 'nan', 'null', 'none', '?'}
CURRENCY = re.compile(r'^-?\$-?[\d,]*\.?\d+$')
PERCENT = re.compile(r'^-?\d*\.?\d+%$')
ISO_DATE = re.compile(r'^\d{4}-\d{1,2}-\d{1,2}$')
WORD_DATE_FORMATS = ('%b %d %Y', '%B %d %Y', '%d %b %Y')
HGB_MAX_CATEGORIES = 255
# A text column with a different value in (nearly) every row names the row; it cannot generalise.
IDENTIFIER_SHARE = 0.9


def is_missing(cell):
    return cell.strip().lower() in MISSING


def to_float(cell):
    try:
        return float(cell)
    except ValueError:
        return None


def parse_date(cell):
    text = cell.strip()
    if ISO_DATE.match(text):
        y, m, d = (int(p) for p in text.split('-'))
        return datetime.date(y, m, d)
    for fmt in WORD_DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    return None


def column_kind(cells):
    """'numeric', 'money' (currency or percent), 'date', 'identifier' or 'categorical', from the present cells."""
    present = [c.strip() for c in cells if not is_missing(c)]
    if not present:
        return 'categorical'  # all missing: one constant level, harmless
    if all(to_float(c) is not None for c in present):
        return 'numeric'
    if all(to_float(c) is not None or CURRENCY.match(c) or PERCENT.match(c) for c in present):
        return 'money'
    if all(parse_date(c) is not None for c in present):
        return 'date'
    if len(set(present)) > IDENTIFIER_SHARE * len(present):
        return 'identifier'
    return 'categorical'


def money_value(cell):
    return float(cell.strip().replace('$', '').replace(',', '').replace('%', ''))


def read_table(path, target):
    """The CSV as (numeric matrix, categorical matrix, names, kinds, target cells)."""
    with open(path, newline='', encoding='utf-8') as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    columns = list(zip(*body))
    t = header.index(target)
    numeric, numeric_names, categorical, categorical_names, kinds = [], [], [], [], {}
    for i, name in enumerate(header):
        if i == t:
            continue
        cells = columns[i]
        kind = column_kind(cells)
        kinds[name] = kind
        if kind == 'numeric':
            numeric.append([math.nan if is_missing(c) else float(c) for c in cells])
            numeric_names.append(name)
        elif kind == 'money':
            numeric.append([math.nan if is_missing(c) else money_value(c) for c in cells])
            numeric_names.append(name)
        elif kind == 'date':
            dates = [None if is_missing(c) else parse_date(c) for c in cells]
            for part in ('year', 'month', 'day'):
                numeric.append([math.nan if d is None else getattr(d, part) for d in dates])
                numeric_names.append(f'{name}.{part}')
        elif kind == 'categorical':
            categorical.append([np.nan if is_missing(c) else c.strip() for c in cells])
            categorical_names.append(name)
    n = len(body)
    num = np.array(numeric, dtype=float).T if numeric else np.zeros((n, 0))
    cat = np.array(categorical, dtype=object).T if categorical else np.zeros((n, 0), dtype=object)
    targets = [None if is_missing(c) else c.strip() for c in columns[t]]
    return num, cat, numeric_names, categorical_names, kinds, targets


def as_float(x):
    return np.asarray(x, dtype=float)


def models(task, num_cols, cat_cols, cat_levels, seed):
    """The four baselines, each a pipeline over X = [numeric columns | categorical columns]."""
    classification = task == 'classification'
    one_hot = ColumnTransformer([
        ('num', make_pipeline(FunctionTransformer(as_float), SimpleImputer(strategy='mean'), StandardScaler()), num_cols),
        ('cat', make_pipeline(SimpleImputer(strategy='constant', fill_value='missing'), OneHotEncoder(handle_unknown='ignore')), cat_cols),
    ])
    ordinal = ColumnTransformer([
        ('num', FunctionTransformer(as_float), num_cols),
        ('cat', OrdinalEncoder(handle_unknown='use_encoded_value', unknown_value=np.nan, encoded_missing_value=np.nan), cat_cols),
    ])
    categorical_mask = [False] * len(num_cols) + [levels <= HGB_MAX_CATEGORIES for levels in cat_levels]
    hgb_kwargs = {'random_state': seed, 'categorical_features': categorical_mask if any(categorical_mask) else None}
    if classification:
        return {
            'hgb': Pipeline([('prep', ordinal), ('model', HistGradientBoostingClassifier(**hgb_kwargs))]),
            'rf': Pipeline([('prep', one_hot), ('model', RandomForestClassifier(n_estimators=300, random_state=seed))]),
            'linear': Pipeline([('prep', one_hot), ('model', LogisticRegression(max_iter=1000))]),
            'dummy': DummyClassifier(strategy='most_frequent'),
        }
    return {
        'hgb': Pipeline([('prep', ordinal), ('model', HistGradientBoostingRegressor(**hgb_kwargs))]),
        'rf': Pipeline([('prep', one_hot), ('model', RandomForestRegressor(n_estimators=300, random_state=seed))]),
        'linear': Pipeline([('prep', one_hot), ('model', RidgeCV())]),
        'dummy': DummyRegressor(strategy='mean'),
    }


def run_table(spec, data_dir, splits):
    path = os.path.join(data_dir, spec['file'])
    num, cat, num_names, cat_names, kinds, targets = read_table(path, spec['target'])
    n = len(targets)
    task = spec['task']
    known = np.array([t is not None for t in targets])
    if task == 'classification':
        y_all = np.array(['<missing>' if t is None else t for t in targets], dtype=object)
    else:
        y_all = np.array([math.nan if t is None else float(t) for t in targets])
    X = np.empty((n, num.shape[1] + cat.shape[1]), dtype=object)
    X[:, :num.shape[1]] = num
    X[:, num.shape[1]:] = cat
    num_cols = list(range(num.shape[1]))
    cat_cols = list(range(num.shape[1], X.shape[1]))
    indices = np.arange(n)
    result = {
        'table': spec['name'], 'file': spec['file'], 'target': spec['target'], 'task': task, 'rows': n,
        'missing_targets': int((~known).sum()), 'metric': 'accuracy' if task == 'classification' else 'r2',
        'columns': kinds, 'sklearn': sklearn.__version__, 'splits': [],
    }
    for k in range(splits):
        seed = SPLIT_SEED_BASE + k
        stratify = y_all if task == 'classification' else None
        train, test = train_test_split(indices, test_size=TEST_SIZE, random_state=seed, stratify=stratify)
        train, test = np.sort(train), np.sort(test)
        fit_rows, score_rows = train[known[train]], test[known[test]]
        y_train = y_all[fit_rows]
        if task == 'regression':
            y_train = y_train.astype(float)
        cat_levels = [len({v for v in X[fit_rows, c] if not (isinstance(v, float) and math.isnan(v))}) for c in cat_cols]
        methods = {}
        for name, model in models(task, num_cols, cat_cols, cat_levels, seed).items():
            started = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter('ignore')  # e.g. unknown categories in test rows: expected, handled
                model.fit(X[fit_rows], y_train)
            seconds = time.perf_counter() - started
            predicted = model.predict(X[score_rows])
            truth = y_all[score_rows]
            score = accuracy_score(truth, predicted) if task == 'classification' else r2_score(truth.astype(float), predicted)
            methods[name] = {'score': float(score), 'fit_seconds': round(seconds, 3)}
        result['splits'].append({
            'index': k, 'seed': seed, 'train_rows': int(len(train)), 'test_rows': int(len(test)),
            'fit_rows': int(len(fit_rows)), 'scored_rows': int(len(score_rows)), 'methods': methods,
            'test': [int(i) for i in test],
        })
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--suite', required=True)
    parser.add_argument('--data-dir', required=True)
    parser.add_argument('--out-dir', required=True)
    parser.add_argument('--splits', type=int, default=3)
    parser.add_argument('--tables', default='')
    parser.add_argument('--summary', default='')
    args = parser.parse_args()
    with open(args.suite) as f:
        suite = json.load(f)
    wanted = [t for t in args.tables.split(',') if t]
    unknown = [t for t in wanted if t not in {s['name'] for s in suite}]
    if unknown:
        sys.exit(f'unknown table(s): {", ".join(unknown)}')
    os.makedirs(args.out_dir, exist_ok=True)
    summary = []
    print(f'scikit-learn {sklearn.__version__}, {args.splits} splits (random_state {SPLIT_SEED_BASE}…{SPLIT_SEED_BASE + args.splits - 1}); mean test score (mean fit seconds)')
    print('| table | metric | hgb | rf | linear | dummy |')
    print('|---|---|---:|---:|---:|---:|')
    for spec in suite:
        if wanted and spec['name'] not in wanted:
            continue
        result = run_table(spec, args.data_dir, args.splits)
        with open(os.path.join(args.out_dir, f"{spec['name']}.json"), 'w') as f:
            json.dump(result, f)
        cells = []
        for method in ('hgb', 'rf', 'linear', 'dummy'):
            scores = [s['methods'][method]['score'] for s in result['splits']]
            seconds = [s['methods'][method]['fit_seconds'] for s in result['splits']]
            cells.append(f'{np.mean(scores):.4f} ({np.mean(seconds):.1f} s)')
        print(f"| {spec['name']} | {result['metric']} | {' | '.join(cells)} |", flush=True)
        summary.append({**result, 'splits': [{k: v for k, v in s.items() if k != 'test'} for s in result['splits']]})
    if args.summary:
        with open(args.summary, 'w') as f:
            json.dump(summary, f, indent=1)


if __name__ == '__main__':
    main()
