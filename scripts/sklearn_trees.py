"""scikit-learn's side of `npm run bench:trees` (scripts/bench-trees.ts), for Debian's python3-sklearn.

  sklearn_trees.py generate classification|friedman OUT.csv [ROWS] [SEED]
      A seeded synthetic table as CSV with a "target" column: make_classification (20 features, 10 informative,
      4 redundant, 1 % flipped labels) or make_friedman1 (10 features, noise 1).

  sklearn_trees.py fit DIR REPEATS [gbdt|forest|extra]
      Reads what bench-trees.ts wrote to DIR (meta.json, X.f32 row-major float32, y.f32, and per split
      train-N.u32 / test-N.u32), fits on each split's training rows
        gbdt (the default): HistGradientBoostingClassifier/Regressor with its defaults (early stopping 'auto': on
          above 10,000 rows, on a 10 % validation split; random_state=42 only so that split repeats);
        forest: RandomForestClassifier/Regressor(n_estimators=100);
        extra: ExtraTreesClassifier/Regressor(n_estimators=100);
      the forests with n_jobs=1, random_state=0 and max_features=ceil(sqrt(features)) as an integer, for both
      tasks: Sweeplab's 'sqrt' (scikit-learn's 'sqrt' floors, and its regressors default to all features).
      Prints one JSON line per split: the test score (accuracy or R²), the rounds (trees) trained, the fit times
      in seconds and the CPU seconds of the process (REPEATS fits on split 0, one on the others).

Run it with OMP_NUM_THREADS=1 in the environment (bench-trees.ts does): one core, like our learner.
"""
import json
import math
import os
import sys
import time

import numpy as np


def generate(kind, out, rows, seed):
    from sklearn.datasets import make_classification, make_friedman1
    if kind == 'classification':
        X, y = make_classification(n_samples=rows, n_features=20, n_informative=10, n_redundant=4, flip_y=0.01, random_state=seed)
        fmt = ['%.7g'] * X.shape[1] + ['%d']
    elif kind == 'friedman':
        X, y = make_friedman1(n_samples=rows, n_features=10, noise=1.0, random_state=seed)
        fmt = ['%.7g'] * (X.shape[1] + 1)
    else:
        raise SystemExit(f'unknown table kind {kind}')
    header = ','.join([f'x{j}' for j in range(X.shape[1])] + ['target'])
    np.savetxt(out, np.column_stack([X, y]), delimiter=',', header=header, comments='', fmt=fmt)


def make_model(learner, regression, num_features):
    from sklearn.ensemble import (ExtraTreesClassifier, ExtraTreesRegressor, HistGradientBoostingClassifier,
                                  HistGradientBoostingRegressor, RandomForestClassifier, RandomForestRegressor)
    if learner == 'gbdt':
        return HistGradientBoostingRegressor(random_state=42) if regression else HistGradientBoostingClassifier(random_state=42)
    forest = {'forest': (RandomForestRegressor, RandomForestClassifier), 'extra': (ExtraTreesRegressor, ExtraTreesClassifier)}.get(learner)
    if forest is None:
        raise SystemExit(f'unknown learner {learner}')
    cls = forest[0] if regression else forest[1]
    return cls(n_estimators=100, max_features=int(math.ceil(math.sqrt(num_features))), n_jobs=1, random_state=0)


def fit(directory, repeats, learner):
    from sklearn.metrics import accuracy_score, r2_score
    with open(os.path.join(directory, 'meta.json')) as f:
        meta = json.load(f)
    X = np.fromfile(os.path.join(directory, 'X.f32'), dtype='<f4').reshape(-1, meta['numFeatures'])
    y = np.fromfile(os.path.join(directory, 'y.f32'), dtype='<f4')
    regression = meta['task'] == 'regression'
    for split in range(meta['splits']):
        train = np.fromfile(os.path.join(directory, f'train-{split}.u32'), dtype='<u4').astype(np.int64)
        test = np.fromfile(os.path.join(directory, f'test-{split}.u32'), dtype='<u4').astype(np.int64)
        times = []
        cpu = []
        for _ in range(repeats if split == 0 else 1):
            model = make_model(learner, regression, meta['numFeatures'])
            started = time.perf_counter()
            started_cpu = time.process_time()
            model.fit(X[train], y[train] if regression else y[train].astype(np.int64))
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        predicted = model.predict(X[test])
        score = r2_score(y[test], predicted) if regression else accuracy_score(y[test].astype(np.int64), predicted)
        rounds = int(model.n_iter_) if learner == 'gbdt' else len(model.estimators_)
        print(json.dumps({'split': split, 'score': float(score), 'rounds': rounds, 'seconds': times, 'cpuSeconds': cpu}), flush=True)


if __name__ == '__main__':
    if len(sys.argv) >= 4 and sys.argv[1] == 'generate':
        generate(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 50_000, int(sys.argv[5]) if len(sys.argv) > 5 else 0)
    elif len(sys.argv) in (4, 5) and sys.argv[1] == 'fit':
        fit(sys.argv[2], int(sys.argv[3]), sys.argv[4] if len(sys.argv) == 5 else 'gbdt')
    else:
        raise SystemExit(__doc__)
