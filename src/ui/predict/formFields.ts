/**
 * The "try it" form of a table model, derived from its fitted encoder: a number input per numeric column
 * (the training range as placeholder), a select per categorical or yes/no column (its levels), a date or
 * date-and-time input per date column, a text input per free-text column, and the values to start with (a
 * test row, as the file wrote it: numbers in a written form such as "$1,234.50" and dates such as
 * "Jun 12 1998" are shown as the inputs need them, read with the column's own form).
 */
import { parseDate, type DateReading } from '../../data/dates';
import { parseFormattedNumber, type NumberFormat } from '../../data/numberFormat';
import { MISSING_LEVEL, OTHER_LEVEL, type TableFeatureEncoder } from '../../data/tableEncoder';

export type FormField =
  /** `format`: how the file writes the column's numbers, when not plainly (the input itself takes plain numbers). */
  | { readonly kind: 'number'; readonly column: string; readonly placeholder: string; readonly format?: NumberFormat }
  /** Options are cell values; '' stands for a missing cell. */
  | { readonly kind: 'select'; readonly column: string; readonly options: readonly string[] }
  /** `reading`: how the file writes the column's dates, when not as ISO. */
  | { readonly kind: 'date'; readonly column: string; readonly withTime: boolean; readonly reading?: DateReading }
  | { readonly kind: 'text'; readonly column: string };

const short = (v: number) => String(Number(v.toPrecision(4)));

export function formFields(encoder: TableFeatureEncoder): FormField[] {
  return encoder.columns.map((c): FormField => {
    switch (c.kind) {
      case 'numeric':
        return { kind: 'number', column: c.column, placeholder: c.range ? `${short(c.range[0])} – ${short(c.range[1])}` : '', ...(c.format ? { format: c.format } : {}) };
      case 'boolean':
        return { kind: 'select', column: c.column, options: ['', ...(c.words.length > 0 ? c.words : ['no', 'yes'])] };
      case 'categorical':
        return { kind: 'select', column: c.column, options: ['', ...c.levels.filter((l) => l !== OTHER_LEVEL && l !== MISSING_LEVEL)] };
      case 'datetime':
        return { kind: 'date', column: c.column, withTime: c.parts.includes('hour'), ...(c.reading ? { reading: c.reading } : {}) };
      case 'words':
        return { kind: 'text', column: c.column };
    }
  });
}

/** A cell's text as the form control shows it ('' when the control cannot show it). */
function controlValue(field: FormField, cell: string): string {
  const text = cell.trim();
  if (field.kind === 'number') {
    if (field.format) {
      const v = parseFormattedNumber(text, field.format);
      return Number.isFinite(v) ? String(v) : '';
    }
    return Number.isFinite(Number(text)) && text !== '' ? text : '';
  }
  if (field.kind === 'select' || field.kind === 'text') return text;
  // The instant as the model reads it (a time without a zone is UTC wall-clock time), as the input wants it.
  const t = parseDate(text, field.reading);
  if (!Number.isFinite(t)) return '';
  const iso = new Date(t).toISOString();
  return field.withTime ? `${iso.slice(0, 10)}T${iso.slice(11, 16)}` : iso.slice(0, 10);
}

/** The form's starting values: the example row's cells, or empty. */
export function initialValues(fields: readonly FormField[], example: Readonly<Record<string, string>> | null): Record<string, string> {
  return Object.fromEntries(fields.map((f) => [f.column, example?.[f.column] !== undefined ? controlValue(f, example[f.column]!) : '']));
}

/** A select's options with the current value added when the list lacks it (a rare level of the example row). */
export const optionsWith = (options: readonly string[], value: string): readonly string[] => (options.includes(value) ? options : [...options, value]);
