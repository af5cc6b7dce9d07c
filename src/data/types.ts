/** The typed forms a dataset takes between the file and the training worker. */

/**
 * What a column holds. Tables train on numeric, boolean, categorical and date/time columns; identifiers,
 * constants, empty columns and free text are left out of table models (with the reason shown).
 */
export type ColumnKind = 'numeric' | 'boolean' | 'categorical' | 'datetime' | 'text' | 'identifier' | 'constant' | 'empty';

export type ColumnSummary =
  | { readonly kind: 'histogram'; readonly min: number; readonly max: number; readonly mean: number; readonly bins: readonly number[] }
  | { readonly kind: 'top'; readonly values: readonly { readonly value: string; readonly count: number }[] };

export interface ColumnProfile {
  readonly name: string;
  readonly kind: ColumnKind;
  readonly missing: number;
  readonly distinct: number;
  readonly summary: ColumnSummary | null;
}

export type TaskKind = 'binary' | 'multiclass' | 'regression';

export interface Task {
  readonly kind: TaskKind;
  readonly target: string;
  /** Class names in label-index order; empty for regression. */
  readonly classNames: readonly string[];
}

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
