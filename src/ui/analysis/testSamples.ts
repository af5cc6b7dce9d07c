/**
 * Which dataset rows the best model's test predictions belong to, and the rows a confusion-matrix cell
 * lists. The study record keeps the test outputs in test-split order but not the split itself, so the split
 * is recomputed exactly as the store made it (same seed, fraction and stratification) and accepted only when
 * it reproduces the recorded test targets; otherwise samples are shown by their test position alone.
 */
import { dataRowsOf, tableRowOf } from '../../data/rows';
import { trainTestSplit } from '../../data/split';
import type { ModelData } from '../../data/types';
import { createRng } from '../../engine/study/rng';
import type { StudyRecord } from '../../orchestrator/studyRecord';
import { predictedClass } from '../../metrics/curves';

/**
 * Table row index of each test prediction (the row in the loaded file), or null when it cannot be established
 * for certain. `designated` are table rows; the split itself indexes the prepared rows, which leave out rows
 * without a target value (ModelData.tableRows), so both are converted.
 */
export function recoverTestRows(
  study: Pick<StudyRecord, 'config' | 'dataset' | 'testPredictions'>,
  data: ModelData | null,
  fingerprint: string | null,
  designated: readonly number[] | null = null,
): number[] | null {
  const predictions = study.testPredictions;
  if (!predictions || !data || fingerprint !== study.dataset.fingerprint) return null;
  if (data.numRows !== study.dataset.rows || data.task.target !== study.dataset.target || data.task.kind !== study.dataset.task) return null;
  let test: readonly number[];
  try {
    // The dataset's own test rows (official test images, a "split" column) when it has them, as the study used.
    test = designated ? dataRowsOf(data, designated) : trainTestSplit(data.numRows, data.task.kind === 'regression' ? null : data.targets, study.config.testFraction, createRng(study.config.splitSeed)).test;
  } catch {
    return null;
  }
  if (test.length !== predictions.targets.length) return null;
  for (let i = 0; i < test.length; i++) if (data.targets[test[i]!] !== predictions.targets[i]) return null;
  return test.map((row) => tableRowOf(data, row));
}

/**
 * Read access to the loaded file's rows by index range: a plain array of rows fits, and so does a table that
 * materialises rows on demand (it only needs `slice`).
 */
export interface RowSource {
  slice(start: number, end: number): readonly (readonly string[])[];
}

export interface SampleRow {
  /** Position among the test rows (0-based). */
  readonly position: number;
  /** 1-based row number in the loaded file (data rows, header excluded), when known. */
  readonly rowNumber: number | null;
  readonly actual: string;
  readonly predicted: string;
  /** The model's probability for the class it predicted. */
  readonly confidence: number;
  /** The model's probability for the true class. */
  readonly actualProbability: number;
  /** The row's original cells, in file column order, when the loaded file is the study's. */
  readonly cells: readonly string[] | null;
}

export function sampleRows(
  positions: readonly number[],
  outputs: ArrayLike<number>,
  targets: ArrayLike<number>,
  classNames: readonly string[],
  testRows: readonly number[] | null,
  rawRows: RowSource | null,
): SampleRow[] {
  const k = classNames.length;
  return positions.map((position) => {
    const predicted = predictedClass(outputs, position, k);
    const actual = targets[position]!;
    const row = testRows ? testRows[position]! : null;
    return {
      position,
      rowNumber: row === null ? null : row + 1,
      actual: classNames[actual] ?? String(actual),
      predicted: classNames[predicted] ?? String(predicted),
      confidence: outputs[position * k + predicted]!,
      actualProbability: outputs[position * k + actual]!,
      cells: row !== null && rawRows ? (rawRows.slice(row, row + 1)[0] ?? null) : null,
    };
  });
}
