/**
 * The trials as CSV, one row per trial: number, state, objective value, duration, epochs, every parameter and
 * validation metric, and the error of failed trials. Cells a spreadsheet would run as a formula (starting
 * with =, +, -, @, tab or carriage return) are prefixed with an apostrophe, as OWASP advises; a plain number
 * such as -3.5, written as a number or as text (a predictions file echoes its input cells as text), is data
 * and stays as it is, or the spreadsheet would read it back as text.
 */
import { epochsTrained } from '../engine/study/epochs';
import type { Trial } from '../engine/study/types';

const FORMULA_START = /^[=+\-@\t\r]/;
/** A signed decimal number and nothing else: no spreadsheet runs it, whatever its first character. */
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** One CSV cell: neutralised against formula injection, quoted when it holds a comma, quote or line break. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  // Numbers are data, not formulas, whether they arrive as numbers or as text; only other text gets the apostrophe.
  if (typeof value !== 'number' && FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function trialsToCsv(trials: readonly Trial[]): string {
  const paramNames = [...new Set(trials.flatMap((t) => Object.keys(t.params)))];
  const metricNames = [...new Set(trials.flatMap((t) => Object.keys(t.metrics)))].sort();
  const header = ['trial', 'state', 'value', 'duration_ms', 'epochs', ...paramNames.map((p) => `param_${p}`), ...metricNames.map((m) => `val_${m}`), 'error'];
  const rows = trials.map((t) => [
    t.number,
    t.state,
    t.value,
    t.durationMs === null ? null : Math.round(t.durationMs),
    epochsTrained(t),
    ...paramNames.map((p) => t.params[p]),
    ...metricNames.map((m) => t.metrics[m]),
    t.error ?? '',
  ]);
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
