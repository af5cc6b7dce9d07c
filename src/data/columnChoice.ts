/**
 * The person's say over each column: "auto" (the profile and the encoder decide, and say why), or a kind
 * of their own — numeric (as is), numeric with a log transform, categorical, date/time, text, or leave out.
 * A choice is kept beside the loaded table (`LoadedTableData.columnChoices`, one per column in file order)
 * and read by the encoder (encode.ts) and by the text-task test (text/textTable.ts), so one list decides.
 */
import type { ColumnKind, ColumnProfile } from './types';

export type ColumnChoice = 'auto' | 'numeric' | 'log' | 'categorical' | 'datetime' | 'text' | 'omit';

/** The choices in the order the column list offers them, with their labels. */
export const COLUMN_CHOICES: readonly { readonly value: Exclude<ColumnChoice, 'auto'>; readonly label: string }[] = [
  { value: 'numeric', label: 'numeric' },
  { value: 'log', label: 'numeric, log transform' },
  { value: 'categorical', label: 'categorical' },
  { value: 'datetime', label: 'date/time' },
  { value: 'text', label: 'text (hashed words)' },
  { value: 'omit', label: 'leave out' },
];

export const isColumnChoice = (value: string): value is ColumnChoice => value === 'auto' || COLUMN_CHOICES.some((c) => c.value === value);

/** Kinds the person cannot change: the designated-split column is never a feature. */
export const choosable = (profile: ColumnProfile): boolean => profile.kind !== 'split';

/** The kind a column is used as under a choice; null: left out by the person. */
export function effectiveKind(profile: ColumnProfile, choice: ColumnChoice | undefined): ColumnKind | null {
  if (!choosable(profile) || choice === undefined || choice === 'auto') return profile.kind;
  if (choice === 'omit') return null;
  return choice === 'log' ? 'numeric' : choice;
}

/** `choices` with column `index` set to `choice` (a fresh array, one entry per column). */
export function withChoice(choices: readonly ColumnChoice[] | undefined, columns: number, index: number, choice: ColumnChoice): ColumnChoice[] {
  const next = Array.from({ length: columns }, (_, i) => choices?.[i] ?? 'auto');
  next[index] = choice;
  return next;
}

/** Whether any column has a choice other than auto. */
export const hasChoices = (choices: readonly ColumnChoice[] | undefined): boolean => choices !== undefined && choices.some((c) => c !== 'auto');
