/**
 * Pure helpers of "try it" and batch prediction: what the page may predict from (the fitted encoder or the
 * image size, and an example row to start the form with), how new inputs become features, how model outputs
 * read (a class and its probabilities, or a value), and the predictions CSV, escaped against formula
 * injection with the same cell function as the trials CSV.
 */
import { parseDelimited } from '../data/csv';
import { tableRowOf } from '../data/rows';
import type { LoadedTable, PreparedTable } from '../data/tableDataset';
import { encodeRecords, requiredColumns, type TableFeatureEncoder } from '../data/tableEncoder';
import { encodeTexts, type TextFeatureEncoder } from '../data/text/textEncoder';
import type { Split } from '../data/types';
import { csvCell } from '../orchestrator/trialsCsv';
import type { ColumnImportance, ImportanceInput } from '../metrics/permutationImportance';

/** What a prediction needs besides the model: how raw inputs become its features. */
export type PredictSource =
  | { readonly kind: 'table'; readonly encoder: TableFeatureEncoder; readonly example: Readonly<Record<string, string>> | null }
  | { readonly kind: 'text'; readonly encoder: TextFeatureEncoder; readonly example: string | null }
  | { readonly kind: 'image'; readonly size: number; readonly channels: 1 | 3 };

/** One prediction as the page shows it. */
export interface Prediction {
  /** The predicted class, or the predicted value as text for regression. */
  readonly label: string;
  /** Classification: every class with its probability, in class order; empty for regression. */
  readonly probabilities: readonly { readonly className: string; readonly probability: number }[];
}

/** "Try it" for one study: where its inputs come from, and the last prediction or why there is none. */
export interface TryItState {
  readonly studyId: string;
  readonly source: PredictSource;
  readonly busy: boolean;
  readonly result: Prediction | null;
  readonly error: string | null;
  /** Table studies: the encoded test rows, for permutation importance once the best model is refit. */
  readonly testSet: Omit<ImportanceInput, 'metric'> | null;
  /** Permutation importance per column, once computed; a string says why it could not be. */
  readonly importance: readonly ColumnImportance[] | string | null;
}

/** At most this many rows in a batch CSV, so a stray huge file cannot exhaust the page's memory. */
export const MAX_BATCH_ROWS = 200_000;

/**
 * The source for a study about to run on `prepared` (fitted on the training rows), with the first test row
 * as the form's example. Null when nothing can be predicted from it (no encoder and no image layout).
 */
export function predictSourceFor(table: LoadedTable | null, prepared: PreparedTable, split: Split): PredictSource | null {
  const input = prepared.data.input;
  if (input?.kind === 'image') return { kind: 'image', size: input.height, channels: input.channels };
  const encoder = prepared.encoder;
  // Split rows index the prepared rows; the table may hold more (rows without a target value).
  const first = split.test[0] === undefined ? undefined : tableRowOf(prepared.data, split.test[0]);
  const row = table && first !== undefined ? table.raw.rows.slice(first, first + 1)[0] : undefined;
  const record = row ? Object.fromEntries(table!.raw.columns.map((c, i) => [c, row[i] ?? ''])) : null;
  if (encoder?.kind === 'table') return { kind: 'table', encoder, example: record };
  if (encoder?.kind === 'text') return { kind: 'text', encoder, example: record?.[encoder.column] ?? null };
  return null;
}

/** Output row `r` read as a prediction. */
export function readPrediction(outputs: Float32Array, r: number, classNames: readonly string[]): Prediction {
  if (classNames.length === 0) return { label: formatValue(outputs[r]!), probabilities: [] };
  const k = classNames.length;
  const probabilities = classNames.map((className, c) => ({ className, probability: outputs[r * k + c]! }));
  const best = probabilities.reduce((a, b) => (b.probability > a.probability ? b : a));
  return { label: best.className, probabilities };
}

const formatValue = (v: number) => String(Number(v.toPrecision(6)));

/** A batch CSV's text as records, after checking it holds every column the model reads. */
export function batchRecords(text: string, fileName: string, source: PredictSource): { columns: readonly string[]; rows: readonly (readonly string[])[] } {
  if (source.kind === 'image') throw new Error('Batch prediction reads a CSV of table rows or texts; this model classifies images, so try one image at a time.');
  const { columns, rows } = parseDelimited(text, fileName);
  if (rows.length === 0) throw new Error(`${fileName} has a header but no rows to predict.`);
  if (rows.length > MAX_BATCH_ROWS) throw new Error(`${fileName} has ${rows.length.toLocaleString('en')} rows; batch prediction takes at most ${MAX_BATCH_ROWS.toLocaleString('en')} at a time.`);
  const needed = source.kind === 'table' ? requiredColumns(source.encoder) : [source.encoder.column];
  const absent = needed.filter((c) => !columns.includes(c));
  if (absent.length > 0) {
    throw new Error(`${fileName} has no ${absent.map((c) => `"${c}"`).join(', ')} column${absent.length > 1 ? 's' : ''}, which the model needs (its columns: ${columns.map((c) => `"${c}"`).join(', ')}).`);
  }
  return { columns, rows };
}

/** Features for rows of a batch CSV (or a form), with a per-row error where a row cannot be encoded. */
export function encodeRows(source: Exclude<PredictSource, { kind: 'image' }>, columns: readonly string[], rows: readonly (readonly string[])[]): { features: Float32Array; errors: readonly (string | null)[] } {
  const records = rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])));
  if (source.kind === 'table') return encodeRecords(source.encoder, records);
  const at = columns.indexOf(source.encoder.column);
  return { features: encodeTexts(source.encoder, rows.map((row) => row[at] ?? '')), errors: rows.map(() => null) };
}

/**
 * The predictions CSV: the input columns as they were, then `prediction` and, for classification, one
 * `probability_<class>` column per class; an `error` column when some row could not be predicted. Every cell
 * goes through csvCell, so text starting with =, +, -, @, tab or CR cannot run as a spreadsheet formula
 * (plain numbers such as -3.5 stay numbers).
 */
export function predictionsCsv(
  columns: readonly string[],
  rows: readonly (readonly string[])[],
  outputs: Float32Array,
  errors: readonly (string | null)[],
  classNames: readonly string[],
): string {
  const withErrors = errors.some((e) => e !== null);
  const header = [...columns, 'prediction', ...classNames.map((c) => `probability_${c}`), ...(withErrors ? ['error'] : [])];
  let predicted = 0;
  const lines = rows.map((row, r) => {
    const cells: unknown[] = columns.map((_, i) => row[i] ?? '');
    if (errors[r] !== null) cells.push('', ...classNames.map(() => ''), errors[r]);
    else {
      const p = readPrediction(outputs, predicted++, classNames);
      cells.push(classNames.length === 0 ? Number(p.label) : p.label, ...p.probabilities.map((q) => Number(q.probability.toFixed(6))));
      if (withErrors) cells.push('');
    }
    return cells.map(csvCell).join(',');
  });
  return [header.map(csvCell).join(','), ...lines].join('\r\n') + '\r\n';
}

/** The rows of `features` that can be predicted (rows without an error), packed together. */
export function predictableRows(features: Float32Array, errors: readonly (string | null)[]): { features: Float32Array; rows: number } {
  const width = errors.length > 0 ? features.length / errors.length : 0;
  const kept = errors.flatMap((e, r) => (e === null ? [r] : []));
  const out = new Float32Array(kept.length * width);
  kept.forEach((r, i) => out.set(features.subarray(r * width, (r + 1) * width), i * width));
  return { features: out, rows: kept.length };
}

/** The "try it" state of a study about to run, or null when it cannot predict (see predictSourceFor). */
export function newTryIt(studyId: string, table: LoadedTable | null, prepared: PreparedTable, split: Split): TryItState | null {
  const source = predictSourceFor(table, prepared, split);
  if (!source) return null;
  const { data } = prepared;
  const width = data.numFeatures;
  const testSet =
    source.kind === 'table'
      ? {
          features: Float32Array.from({ length: split.test.length * width }, (_, i) => data.features[split.test[Math.floor(i / width)]! * width + (i % width)]!),
          featureNames: data.featureNames,
          targets: Float32Array.from(split.test, (r) => data.targets[r]!),
          classes: data.task.kind === 'regression' ? 0 : data.task.classNames.length,
        }
      : null;
  return { studyId, source, busy: false, result: null, error: null, testSet, importance: null };
}
