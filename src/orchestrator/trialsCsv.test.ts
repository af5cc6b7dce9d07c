import { describe, expect, it } from 'vitest';
import { parseDelimited } from '../data/csv';
import type { Trial } from '../engine/study/types';
import { csvCell, trialsToCsv } from './trialsCsv';

describe('trials CSV', () => {
  it('escapes formula-like text and quotes delimiters, leaving negative numbers alone', () => {
    expect(['=SUM(A1)', '+x', '-x', '@cmd', '\tx', '\rx'].map(csvCell)).toEqual(["'=SUM(A1)", "'+x", "'-x", "'@cmd", "'\tx", `"'\rx"`]);
    expect(csvCell(-0.5)).toBe('-0.5');
  });

  it('leaves numbers written as text alone, and escapes formulas that merely start like one', () => {
    expect(['-3.5', '+1', '-.5', '-1e-7', '+2.E3', '-0'].map(csvCell)).toEqual(['-3.5', '+1', '-.5', '-1e-7', '+2.E3', '-0']);
    expect(['-3.5+A1', '-1e', '- 3', '+-1', '-3.5\r', '=1', '-2+3'].map(csvCell)).toEqual(["'-3.5+A1", "'-1e", "'- 3", "'+-1", `"'-3.5\r"`, "'=1", "'-2+3"]);
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
