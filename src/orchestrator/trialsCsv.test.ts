import { describe, expect, it } from 'vitest';
import { parseDelimited } from '../data/csv';
import type { Trial } from '../engine/study/types';
import { csvCell, trialsToCsv } from './trialsCsv';

describe('trials CSV', () => {
  it('escapes formula-like text and quotes delimiters, leaving negative numbers alone', () => {
    expect(['=SUM(A1)', '+1', '-x', '@cmd', '\tx', '\rx'].map(csvCell)).toEqual(["'=SUM(A1)", "'+1", "'-x", "'@cmd", "'\tx", `"'\rx"`]);
    expect(csvCell(-0.5)).toBe('-0.5');
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('writes one row per trial that our own parser reads back', () => {
    const trial = (number: number, params: Trial['params'], error?: string): Trial => ({
      number, state: error ? 'failed' : 'complete', params, system: {}, epochs: [{ fold: 0, epoch: 0, loss: 1 }], foldScores: [], metrics: error ? {} : { accuracy: 0.9 }, value: error ? null : 0.9, startedAt: 0, durationMs: 1234.5, backend: 'wasm', ...(error ? { error } : {}),
    });
    const csv = trialsToCsv([trial(0, { optimizer: 'adam' }), trial(1, { optimizer: '=HYPERLINK("x")' }, 'loss became NaN, stopped')]);
    const table = parseDelimited(csv);
    expect(table.columns).toEqual(['trial', 'state', 'value', 'duration_ms', 'epochs', 'param_optimizer', 'val_accuracy', 'error']);
    expect(table.rows).toEqual([
      ['0', 'complete', '0.9', '1235', '1', 'adam', '0.9', ''],
      ['1', 'failed', '', '1235', '1', `'=HYPERLINK("x")`, '', 'loss became NaN, stopped'],
    ]);
  });
});
