/**
 * The "try it" form of a table model, derived from its fitted encoder: a number input per numeric column
 * (the training range as placeholder), a select per categorical or yes/no column (its levels), a date or
 * date-and-time input per date column, a text input per free-text column, and the values to start with (a
 * test row, as the file wrote it).
 */
import { MISSING_LEVEL, OTHER_LEVEL, type TableFeatureEncoder } from '../../data/tableEncoder';

export type FormField =
  | { readonly kind: 'number'; readonly column: string; readonly placeholder: string }
  /** Options are cell values; '' stands for a missing cell. */
  | { readonly kind: 'select'; readonly column: string; readonly options: readonly string[] }
  | { readonly kind: 'date'; readonly column: string; readonly withTime: boolean }
  | { readonly kind: 'text'; readonly column: string };

const short = (v: number) => String(Number(v.toPrecision(4)));

export function formFields(encoder: TableFeatureEncoder): FormField[] {
  return encoder.columns.map((c): FormField => {
    switch (c.kind) {
      case 'numeric':
        return { kind: 'number', column: c.column, placeholder: c.range ? `${short(c.range[0])} – ${short(c.range[1])}` : '' };
      case 'boolean':
        return { kind: 'select', column: c.column, options: ['', ...(c.words.length > 0 ? c.words : ['no', 'yes'])] };
      case 'categorical':
        return { kind: 'select', column: c.column, options: ['', ...c.levels.filter((l) => l !== OTHER_LEVEL && l !== MISSING_LEVEL)] };
      case 'datetime':
        return { kind: 'date', column: c.column, withTime: c.parts.includes('hour') };
      case 'words':
        return { kind: 'text', column: c.column };
    }
  });
}

/** A cell's text as the form control shows it ('' when the control cannot show it). */
function controlValue(field: FormField, cell: string): string {
  const text = cell.trim();
  if (field.kind === 'number') return Number.isFinite(Number(text)) && text !== '' ? text : '';
  if (field.kind === 'select' || field.kind === 'text') return text;
  const match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2}))?/.exec(text);
  if (!match) return '';
  const [, y, m, d, hh, mm] = match;
  const date = `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  return field.withTime ? `${date}T${(hh ?? '00').padStart(2, '0')}:${mm ?? '00'}` : date;
}

/** The form's starting values: the example row's cells, or empty. */
export function initialValues(fields: readonly FormField[], example: Readonly<Record<string, string>> | null): Record<string, string> {
  return Object.fromEntries(fields.map((f) => [f.column, example?.[f.column] !== undefined ? controlValue(f, example[f.column]!) : '']));
}

/** A select's options with the current value added when the list lacks it (a rare level of the example row). */
export const optionsWith = (options: readonly string[], value: string): readonly string[] => (options.includes(value) ? options : [...options, value]);
