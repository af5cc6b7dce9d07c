/**
 * Dates and times as people write them, read without the runtime's locale: ISO ("1998-06-12",
 * "1998-06-12 14:30", "1998-06-12T14:30:00Z", "1998/06/12"), day or month first ("12/06/1998",
 * "06/12/1998", also with dots or dashes), month names ("Jun 12 1998", "June 12, 1998", "12 Jun 1998",
 * "12-Jun-1998"), each with an optional time, and numbers counting seconds or milliseconds since 1970 when
 * the column's name says it holds times.
 *
 * A column gets one reading (`DateReading`), decided over all its values: one written form for ~all of
 * them (a column mixing forms stays text), and for numeric day/month dates the order comes from values above
 * 12 ("25/12/2020" can only be day-first); when no value decides, month-first, and the profile says so.
 * A time without a zone is read as UTC wall-clock time, so the same file gives the same features in every
 * time zone; an explicit zone (Z, +02:00) is honoured. Parsing never calls Date.parse on arbitrary text.
 */
import { allowedUnreadable } from './numberFormat';

/** The written forms: year first, day first, month first (numbers), month name first, day then month name. */
export type DateForm = 'ymd' | 'dmy' | 'mdy' | 'mon-d-y' | 'd-mon-y';

export type DateReading =
  | { readonly kind: 'text'; readonly form: DateForm }
  /** Numbers since 1970-01-01 UTC. */
  | { readonly kind: 'epoch'; readonly unit: 's' | 'ms' };

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11,
  dec: 12, december: 12,
};

/** An optional time after the date: "14:30", "14:30:05.123", "2:30 pm", with an optional zone. */
const TIME = String.raw`(?:(?:[ T]|,\s*)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*([AaPp][Mm])?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?`;
const YMD = new RegExp(String.raw`^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})${TIME}$`);
const NUMERIC = new RegExp(String.raw`^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})${TIME}$`);
/** "Jun 12 1998", "June 12, 1998", "Fri, Jun 12 1998", "Jun. 12th, 1998". */
const MON_D_Y = new RegExp(String.raw`^(?:[A-Za-z]{3,9},?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})${TIME}$`);
/** "12 Jun 1998", "12-Jun-1998", "12 June, 1998". */
const D_MON_Y = new RegExp(String.raw`^(?:[A-Za-z]{3,9},?\s+)?(\d{1,2})(?:st|nd|rd|th)?[\s-]+([A-Za-z]{3,9})\.?,?[\s-]+(\d{4})${TIME}$`);

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Milliseconds since 1970 UTC for a calendar date and the captured time groups, or NaN when out of range. */
function stamp(year: number, month: number, day: number, time: readonly (string | undefined)[]): number {
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month))) return Number.NaN;
  const [hh, mm, ss, fraction, meridiem, zone] = time;
  let hour = hh === undefined ? 0 : Number(hh);
  const minute = mm === undefined ? 0 : Number(mm);
  const second = ss === undefined ? 0 : Number(ss);
  if (meridiem) {
    if (hour < 1 || hour > 12) return Number.NaN;
    hour = (hour % 12) + (meridiem.toLowerCase() === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) return Number.NaN;
  const ms = fraction ? Math.round(Number(`0.${fraction}`) * 1000) : 0;
  let offset = 0;
  if (zone && zone !== 'Z' && zone !== 'UTC' && zone !== 'GMT') {
    const digits = zone.replace(':', '');
    offset = (zone[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || '0'));
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC maps years 0–99 to 1900–1999; the patterns only take four-digit years, but be exact anyway.
  return utc - offset * 60_000;
}

const monthOf = (name: string): number => MONTHS[name.toLowerCase()] ?? Number.NaN;

/** Which form a cell is written in, with its two leading numeric fields for deciding day/month order. */
export function dateFormOf(cell: string): { form: 'ymd' | 'numeric' | 'mon-d-y' | 'd-mon-y'; first: number; second: number } | null {
  const text = cell.trim();
  let m = YMD.exec(text);
  if (m) return Number.isFinite(stamp(+m[1]!, +m[3]!, +m[4]!, m.slice(5))) ? { form: 'ymd', first: 0, second: 0 } : null;
  m = NUMERIC.exec(text);
  if (m) {
    const first = +m[1]!;
    const second = +m[3]!;
    // Valid either way round, or one way: the order is decided for the whole column later.
    const either = Number.isFinite(stamp(+m[4]!, second, first, m.slice(5))) || Number.isFinite(stamp(+m[4]!, first, second, m.slice(5)));
    return either ? { form: 'numeric', first, second } : null;
  }
  m = MON_D_Y.exec(text);
  if (m) return Number.isFinite(stamp(+m[3]!, monthOf(m[1]!), +m[2]!, m.slice(4))) ? { form: 'mon-d-y', first: 0, second: 0 } : null;
  m = D_MON_Y.exec(text);
  if (m) return Number.isFinite(stamp(+m[3]!, monthOf(m[2]!), +m[1]!, m.slice(4))) ? { form: 'd-mon-y', first: 0, second: 0 } : null;
  return null;
}

/** A cell in a given form, in ms since 1970 UTC (NaN when it is not). */
function parseForm(text: string, form: DateForm): number {
  let m: RegExpExecArray | null;
  switch (form) {
    case 'ymd':
      m = YMD.exec(text);
      return m ? stamp(+m[1]!, +m[3]!, +m[4]!, m.slice(5)) : Number.NaN;
    case 'dmy':
    case 'mdy':
      m = NUMERIC.exec(text);
      if (!m) return Number.NaN;
      return form === 'dmy' ? stamp(+m[4]!, +m[3]!, +m[1]!, m.slice(5)) : stamp(+m[4]!, +m[1]!, +m[3]!, m.slice(5));
    case 'mon-d-y':
      m = MON_D_Y.exec(text);
      return m ? stamp(+m[3]!, monthOf(m[1]!), +m[2]!, m.slice(4)) : Number.NaN;
    case 'd-mon-y':
      m = D_MON_Y.exec(text);
      return m ? stamp(+m[3]!, monthOf(m[2]!), +m[1]!, m.slice(4)) : Number.NaN;
  }
}

/** Epoch values read as dates only between these (1973 and 2099), so counts and amounts never look like times. */
const EPOCH_SECONDS: readonly [number, number] = [1e8, 4.1e9];
const EPOCH_MILLISECONDS: readonly [number, number] = [1e11, 4.1e12];
/** Column names that say the numbers are times: "timestamp", "event_time", "epoch", "created_at", "ts". */
const TIME_NAME = /time|epoch|date|(^|[_\s-])(ts|at)$/i;

/**
 * A cell in ms since 1970 UTC under a column's reading (NaN when unreadable). ISO dates are accepted in
 * every text reading (the try-it form's date inputs send them), and by an epoch column too.
 */
export function parseDate(cell: string, reading: DateReading = DEFAULT_READING): number {
  const text = cell.trim();
  if (reading.kind === 'epoch') {
    if (/^[-+]?\d+(\.\d+)?$/.test(text)) return Number(text) * (reading.unit === 's' ? 1000 : 1);
    return parseForm(text, 'ymd');
  }
  const t = parseForm(text, reading.form);
  return Number.isFinite(t) || reading.form === 'ymd' ? t : parseForm(text, 'ymd');
}

/** What a column's dates were read as before readings were recorded (ISO, else month-first). */
export const DEFAULT_READING: DateReading = { kind: 'text', form: 'ymd' };

export interface DetectedDates {
  readonly reading: DateReading;
  /** Cells that do not read in the column's form (read as missing). */
  readonly unreadable: number;
  /** True when day/month order could not be told from the values (month-first was assumed). */
  readonly ambiguousOrder: boolean;
}

/**
 * The one date form shared by ~all present cells of a text column (levels with their counts), or null.
 * Day-first or month-first is decided from values above 12; values deciding both ways mean "not dates".
 * `maxUnreadable` (default: 1 % of the present cells) is how many cells may fail.
 */
export function detectDateReading(levels: readonly string[], counts: ArrayLike<number>, maxUnreadable?: number): DetectedDates | null {
  let present = 0;
  for (let i = 0; i < levels.length; i++) present += counts[i]!;
  if (present === 0) return null;
  const allowed = maxUnreadable ?? allowedUnreadable(present);
  const byForm = new Map<string, number>();
  let unreadable = 0;
  let dayFirst = false;
  let monthFirst = false;
  const shapes = new Array<ReturnType<typeof dateFormOf>>(levels.length);
  for (let i = 0; i < levels.length; i++) {
    if (counts[i]! === 0) continue;
    const shape = dateFormOf(levels[i]!);
    shapes[i] = shape;
    if (!shape) {
      unreadable += counts[i]!;
      if (unreadable > allowed) return null;
      continue;
    }
    byForm.set(shape.form, (byForm.get(shape.form) ?? 0) + counts[i]!);
  }
  const [form, count] = [...byForm.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0] ?? ['', 0];
  unreadable = present - count;
  if (form === '' || unreadable > allowed) return null;
  if (form !== 'numeric') return { reading: { kind: 'text', form: form as DateForm }, unreadable, ambiguousOrder: false };
  for (let i = 0; i < levels.length; i++) {
    const shape = shapes[i];
    if (shape?.form !== 'numeric') continue;
    if (shape.first > 12) dayFirst = true;
    if (shape.second > 12) monthFirst = true;
  }
  if (dayFirst && monthFirst) return null; // "25/12" and "12/25" in one column: no single reading
  const order: DateForm = dayFirst ? 'dmy' : 'mdy';
  // Cells valid only the other way round ("31/04" month-first) are unreadable in the chosen order.
  for (let i = 0; i < levels.length; i++) {
    const shape = shapes[i];
    if (shape?.form === 'numeric' && !Number.isFinite(parseForm(levels[i]!.trim(), order))) unreadable += counts[i]!;
  }
  if (unreadable > allowed) return null;
  return { reading: { kind: 'text', form: order }, unreadable, ambiguousOrder: !dayFirst && !monthFirst };
}

/**
 * Whether a number column holds epoch times: its name must say so (time, timestamp, epoch, date, …_at,
 * …_ts) and every value lie in the plausible range of seconds or of milliseconds (1973–2099). An ordinary
 * integer column (ids, zip codes, years, amounts) never qualifies: the name test alone excludes most, the
 * range the rest.
 */
export function epochReading(name: string, present: ArrayLike<number>): DateReading | null {
  if (!TIME_NAME.test(name) || present.length === 0) return null;
  const within = ([lo, hi]: readonly [number, number]) => {
    for (let i = 0; i < present.length; i++) if (!(present[i]! >= lo && present[i]! <= hi)) return false;
    return true;
  };
  if (within(EPOCH_SECONDS)) return { kind: 'epoch', unit: 's' };
  if (within(EPOCH_MILLISECONDS)) return { kind: 'epoch', unit: 'ms' };
  return null;
}

/** A reading in words, for the column list. */
export function describeDateReading(reading: DateReading, ambiguousOrder = false): string {
  if (reading.kind === 'epoch') return `${reading.unit === 's' ? 'seconds' : 'milliseconds'} since 1970 (the name says it holds times)`;
  switch (reading.form) {
    case 'ymd':
      return 'dates written year first (1998-06-12)';
    case 'dmy':
      return 'dates written day first (25/12/1998: a value above 12 comes first)';
    case 'mdy':
      return ambiguousOrder ? 'dates read month first (06/12/1998 = June 12): no value above 12 tells the order' : 'dates written month first (12/25/1998)';
    case 'mon-d-y':
      return 'dates written with the month name first (Jun 12 1998)';
    case 'd-mon-y':
      return 'dates written day first with the month name (12 Jun 1998)';
  }
}

/** Whether a cell carries a time of day ("14:30") as written; epoch times are judged by their value instead. */
export const hasWrittenTime = (cell: string): boolean => /\d{1,2}:\d{2}/.test(cell);
