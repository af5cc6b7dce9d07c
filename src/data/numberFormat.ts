/**
 * Numbers written for people rather than for programs: "$1,234.50", "€12", "1.234,5 €", "45%", "12 kg",
 * "(1,234)". The table reader stores any column with such a cell as text; the profiler asks
 * `detectNumberFormat` whether ~all of the column's cells share one written form, and if so the column is
 * numeric with that form recorded (profile and fitted encoder), so training and predicting read every cell,
 * old or new, with the same rule.
 *
 * Parsing is deterministic and strict: one prefix (a currency sign), one suffix (%, a currency, a unit),
 * one decimal mark and one thousands separator per column. Which mark is decimal is decided per column, not
 * per cell, because "1,234" alone cannot say: the column's other values decide ("12,5" means a decimal
 * comma), and when nothing does, "1,234" is a thousand (the commoner reading in CSV exports).
 * Percentages keep the number as written ("45%" → 45, not 0.45): the model standardises every column
 * anyway, and the try-it form and the column summary then show the numbers the file shows.
 */

export interface NumberFormat {
  /** What precedes the number in every cell ('' for none): a currency sign such as "$", "€", "US$" or "USD". */
  readonly prefix: string;
  /** What follows it ('' for none): "%", "€", "kg", "km/h"… */
  readonly suffix: string;
  readonly decimal: '.' | ',';
  /** The thousands separator, '' when the column never groups digits. */
  readonly group: '' | ',' | '.' | ' ' | "'";
}

/** A column is read as numbers when at most this share of its present cells fails to parse (they become missing). */
export const UNREADABLE_SHARE = 0.01;

/** How many unreadable cells a column of `present` present cells may have and still be read in one form. */
export const allowedUnreadable = (present: number): number => Math.floor(present * UNREADABLE_SHARE);

/** Currency codes accepted before a number ("USD 12"), beside currency signs. */
const CURRENCY_CODES = new Set(['USD', 'EUR', 'GBP', 'JPY', 'CHF', 'CAD', 'AUD', 'NZD', 'CNY', 'INR', 'SEK', 'NOK', 'DKK', 'PLN', 'BRL', 'MXN', 'ZAR', 'HKD', 'SGD', 'KRW', 'RUB', 'TRY', 'CZK', 'HUF']);
/** A prefix: a currency sign, optionally after up to two capitals ("US$", "R$", "HK$"), or a currency code. */
const PREFIX = /^(?:[A-Z]{0,2}\p{Sc}|[A-Z]{3})$/u;
/** A suffix: %, ‰, a currency sign or code, or a unit starting with a letter or ° ("kg", "km/h", "°C", "m²", "cm3"). */
const SUFFIX = /^(?:%|‰|\p{Sc}|[\p{L}°µ][\p{L}\p{N}°µ/²³.]{0,11})$/u;
const DIGITS_AND_MARKS = /^[\d.,' \u00a0\u202f]+$/;
const SPACES = /[\u00a0\u202f]/g;

/** A cell taken apart: sign, affixes and the digits with their marks (not yet read). */
interface Anatomy {
  readonly negative: boolean;
  readonly prefix: string;
  readonly suffix: string;
  readonly body: string;
}

const isSign = (c: string | undefined) => c === '-' || c === '+' || c === '\u2212';

/** Splits a trimmed cell into sign, prefix, digits and suffix, or null when it is not shaped like a number at all. */
function anatomy(cell: string): Anatomy | null {
  let s = cell.replace(SPACES, ' ').trim();
  let negative = false;
  // Accounting negatives: "(1,234)".
  if (s.length > 2 && s[0] === '(' && s[s.length - 1] === ')') {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  const takeSign = () => {
    if (isSign(s[0])) {
      if (s[0] !== '+') negative = !negative;
      s = s.slice(1).trimStart();
    }
  };
  takeSign();
  // The prefix runs up to the first digit (or decimal mark before a digit).
  let at = 0;
  while (at < s.length && !/[\d.,]/.test(s[at]!) && !isSign(s[at])) at++;
  const prefix = s.slice(0, at).trim();
  if (prefix !== '' && !(PREFIX.test(prefix) && (/\p{Sc}/u.test(prefix) || CURRENCY_CODES.has(prefix)))) return null;
  s = s.slice(at);
  if (prefix !== '') takeSign(); // "$-5" as well as "-$5"
  let end = 0;
  while (end < s.length && /[\d.,' ]/.test(s[end]!)) end++;
  const body = s.slice(0, end).trim();
  const suffix = s.slice(end).trim();
  if (!/\d/.test(body) || !DIGITS_AND_MARKS.test(body)) return null;
  if (suffix !== '' && !SUFFIX.test(suffix)) return null;
  return { negative, prefix, suffix, body };
}

const escape = (c: string) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The digits of a body in one decimal/group convention: grouped in threes or not grouped at all. */
function bodyPattern(decimal: '.' | ',', group: NumberFormat['group']): RegExp {
  const d = escape(decimal);
  const fraction = `(?:${d}\\d+)?`;
  const plain = `\\d+${fraction}|${d}\\d+`;
  if (group === '') return new RegExp(`^(?:${plain})$`);
  return new RegExp(`^(?:\\d{1,3}(?:${escape(group)}\\d{3})+${fraction}|${plain})$`);
}

const PATTERNS = new Map<string, RegExp>();
function patternFor(decimal: '.' | ',', group: NumberFormat['group']): RegExp {
  const key = decimal + group;
  let pattern = PATTERNS.get(key);
  if (!pattern) PATTERNS.set(key, (pattern = bodyPattern(decimal, group)));
  return pattern;
}

function readBody(body: string, decimal: '.' | ',', group: NumberFormat['group']): number {
  const compact = body.trim();
  if (!patternFor(decimal, group).test(compact)) return Number.NaN;
  const digits = group === '' ? compact : compact.split(group).join('');
  return Number(decimal === ',' ? digits.replace(',', '.') : digits);
}

/**
 * A cell read in `format` (NaN when it does not fit). A plain number ("1234.5", what a number input sends)
 * is accepted too, after the column's own form has been tried, so the try-it form and batch files agree.
 */
export function parseFormattedNumber(cell: string, format: NumberFormat): number {
  const parts = anatomy(cell);
  if (parts) {
    const { negative, prefix, suffix, body } = parts;
    const affixesFit = (prefix === format.prefix || prefix === '') && (suffix === format.suffix || suffix === '');
    if (affixesFit) {
      const v = readBody(body, format.decimal, format.group);
      if (Number.isFinite(v)) return negative ? -v : v;
    }
  }
  const text = cell.trim();
  const plain = text === '' ? Number.NaN : Number(text);
  return Number.isFinite(plain) ? plain : Number.NaN;
}

/** The decimal/group conventions tried, most usual first: ties go to the earlier one ("1,234" is a thousand). */
const CONVENTIONS: readonly (readonly ['.' | ',', NumberFormat['group']])[] = [
  ['.', ''],
  ['.', ','],
  [',', ''],
  [',', '.'],
  [',', ' '],
  ['.', ' '],
  ['.', "'"],
  [',', "'"],
];

/**
 * The one written form shared by ~all present cells of a text column (levels with their counts), or null.
 * Every cell must carry the column's prefix and suffix (or none); the digits must read in one convention.
 * `maxUnreadable` (default: 1 % of the present cells) is how many cells may fail.
 */
export function detectNumberFormat(levels: readonly string[], counts: ArrayLike<number>, maxUnreadable?: number): NumberFormat | null {
  let present = 0;
  for (let i = 0; i < levels.length; i++) present += counts[i]!;
  if (present === 0) return null;
  // The person may ask for numbers where the profile saw none: then the best form wins, however few it reads.
  const allowed = maxUnreadable ?? allowedUnreadable(present);
  const shapes: (Anatomy | null)[] = [];
  const affixes = new Map<string, number>();
  let unshaped = 0;
  for (let i = 0; i < levels.length; i++) {
    const shape = counts[i]! > 0 ? anatomy(levels[i]!) : null;
    shapes.push(shape);
    if (counts[i]! === 0) continue;
    if (!shape) {
      unshaped += counts[i]!;
      if (unshaped > allowed) return null; // most columns that are not numbers stop here, early
      continue;
    }
    const key = `${shape.prefix}\u0000${shape.suffix}`;
    affixes.set(key, (affixes.get(key) ?? 0) + counts[i]!);
  }
  // The column's affixes: the commonest pair that carries any (bare numbers fit every pair).
  let best = '\u0000';
  let bestCount = -1;
  for (const [key, n] of affixes) if (key !== '\u0000' && (n > bestCount || (n === bestCount && key < best))) [best, bestCount] = [key, n];
  const [prefix, suffix] = best.split('\u0000') as [string, string];
  let winner: NumberFormat | null = null;
  let winnerRead = -1;
  for (const [decimal, group] of CONVENTIONS) {
    let read = 0;
    let failed = 0;
    for (let i = 0; i < levels.length && failed <= allowed; i++) {
      const shape = shapes[i];
      if (!shape) continue;
      const fits = (shape.prefix === prefix || shape.prefix === '') && (shape.suffix === suffix || shape.suffix === '');
      if (fits && Number.isFinite(readBody(shape.body, decimal, group))) read += counts[i]!;
      else failed += counts[i]!;
    }
    if (failed + unshaped <= allowed && read > winnerRead) {
      winner = { prefix, suffix, decimal, group };
      winnerRead = read;
    }
  }
  return winner;
}

/**
 * The form in words for the column list, shown by one of the column's own cells (`levels`): the first that
 * carries the form's signs or separators, e.g. `numbers written like "$1,047.25"`.
 */
export function describeNumberFormat(format: NumberFormat, levels: readonly string[]): string {
  const telling = (level: string) =>
    (format.prefix !== '' && level.includes(format.prefix)) || (format.suffix !== '' && level.includes(format.suffix)) || (format.group !== '' && level.includes(format.group));
  const example = levels.find((level) => telling(level) && Number.isFinite(parseFormattedNumber(level, format))) ?? levels[0] ?? '';
  const percent = format.suffix === '%' ? ' (read as written: 45% → 45)' : '';
  const marks = format.decimal === ',' ? ', decimal comma' : '';
  return `numbers written like "${example}"${marks}${percent}`;
}

/** Whether a format is just plain numbers (a text column whose few odd cells are read as missing). */
export const isPlainFormat = (format: NumberFormat): boolean => format.prefix === '' && format.suffix === '' && format.group === '' && format.decimal === '.';
