/** The typed forms a dataset takes between the file and the training worker. */
import type { DateReading } from './dates';
import type { NumberFormat } from './numberFormat';

/**
 * What a column holds. Tables train on numeric, boolean, categorical, date/time and text columns (text as
 * hashed words); identifiers, constants and empty columns are left out of table models (with the reason shown).
 */
export type ColumnKind = 'numeric' | 'boolean' | 'categorical' | 'datetime' | 'text' | 'identifier' | 'constant' | 'empty' | 'split';

export type ColumnSummary =
  | { readonly kind: 'histogram'; readonly min: number; readonly max: number; readonly mean: number; readonly bins: readonly number[] }
  | { readonly kind: 'top'; readonly values: readonly { readonly value: string; readonly count: number }[] };

export interface ColumnProfile {
  readonly name: string;
  readonly kind: ColumnKind;
  /** Missing cells, and for numbers or dates read from text, the few cells that do not read in the column's form. */
  readonly missing: number;
  readonly distinct: number;
  readonly summary: ColumnSummary | null;
  /** Numeric columns written for people ("$1,234.50", "45%", "12 kg"): how every cell is read. */
  readonly numberFormat?: NumberFormat;
  /** Date/time columns: the written form (or epoch unit) every cell is read in. */
  readonly dateReading?: DateReading;
  /** Why the column got its kind, in words, for the column list. */
  readonly reason?: string;
}

export type TaskKind = 'binary' | 'multiclass' | 'regression';

export interface Task {
  readonly kind: TaskKind;
  readonly target: string;
  /** Class names in label-index order; empty for regression. */
  readonly classNames: readonly string[];
}

/**
 * How a row's features are laid out, which decides the model families that can read them and how the worker
 * prepares them:
 * - table: one value per encoded column; the worker standardises them with statistics of the training rows.
 * - image: height × width × channels pixel values in [0, 1], row-major (HWC); never rescaled.
 * - tokens: `sequenceLength` token ids per row (0 = padding, 1 = out of vocabulary, 2… = words by falling
 *   frequency in the training rows), so keeping ids below a smaller vocabulary size is a cut, not a re-index.
 */
export type InputLayout =
  | { readonly kind: 'table' }
  | { readonly kind: 'image'; readonly height: number; readonly width: number; readonly channels: 1 | 3 }
  | { readonly kind: 'tokens'; readonly sequenceLength: number; readonly vocabularySize: number };

export const TABLE_LAYOUT: InputLayout = { kind: 'table' };

/** Token ids with a fixed meaning in every vocabulary. */
export const PADDING_TOKEN = 0;
export const UNKNOWN_TOKEN = 1;

/**
 * Features and targets ready for a model: a dense row-major matrix and one target per row (a class index
 * for classification, the value for regression). Typed arrays so it transfers to workers cheaply.
 */
export interface ModelData {
  readonly numRows: number;
  readonly numFeatures: number;
  readonly featureNames: readonly string[];
  readonly features: Float32Array;
  readonly targets: Float32Array;
  readonly task: Task;
  /** How the features are laid out; absent means a table. */
  readonly input?: InputLayout;
  /**
   * The table row each row here came from, when some table rows were left out (no value in the target);
   * absent: row i is table row i. Splits and folds index the rows here; map through this to show file rows.
   */
  readonly tableRows?: Uint32Array;
}

/** Row indices into a ModelData. */
export interface Split {
  readonly train: readonly number[];
  readonly test: readonly number[];
}

export interface Fold {
  readonly train: readonly number[];
  readonly validation: readonly number[];
}
