/**
 * The built-in tables the quality benchmarks score (bench:quality in the browser, bench:presets under Node):
 * their files, and the test rows the peer baselines (shared/peers) were scored on, scikit-learn's
 * train_test_split(test_size=0.2, random_state=42), stratified for classification, computed by
 * scripts/sklearn_split.py with Debian's python3-sklearn. Paths are relative to the repository root.
 */
import { spawnSync } from 'node:child_process';

export const TABLE_FILES: Readonly<Record<string, string>> = { iris: 'iris.csv', wine: 'wine.csv', 'breast-cancer': 'breast_cancer.csv', digits: 'digits.csv', diabetes: 'diabetes.csv' };

export const isRegressionTable = (dataset: string): boolean => dataset === 'diabetes';

/** Each dataset's CSV path under public/. */
export const tablePath = (dataset: string): string => `public/datasets/${TABLE_FILES[dataset]}`;

/** Each file's sorted test-row indices in the baselines' split, or why they cannot be had. */
export function peerTestRows(datasets: readonly string[]): Map<string, number[]> | string {
  const specs = datasets.filter((d) => TABLE_FILES[d]).map((d) => `${tablePath(d)}:${isRegressionTable(d) ? 'regression' : 'classification'}`);
  const run = spawnSync('/usr/bin/python3', ['scripts/sklearn_split.py', ...specs], { encoding: 'utf8' });
  if (run.status !== 0) return `scikit-learn's split could not be computed (${(run.stderr || run.error?.message || '').trim().split('\n').at(-1)}; apt-get install -y python3-sklearn)`;
  const rows = new Map<string, number[]>();
  for (const line of run.stdout.trim().split('\n')) {
    const { file, test } = JSON.parse(line) as { file: string; test: number[] };
    rows.set(file, test);
  }
  return rows;
}
