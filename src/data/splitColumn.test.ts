/** A table's own train/test split: a "split" column of train/test values is recognised, kept out of the features and the target, and names the test rows. */
import { describe, expect, it } from 'vitest';
import { designatedSplit } from './split';
import { designatedTestRows } from './splitColumn';
import { loadTable, prepareForTarget } from './tableDataset';

const rows = Array.from({ length: 12 }, (_, i) => `${(i * 3.7) % 11},${(i * 7) % 5},${i % 2 === 0 ? 'a' : 'b'},${i % 4 === 3 ? ' Test' : 'train'}`);
const csv = `x,z,label,split\n${rows.join('\n')}\n`;

describe('designated split column', () => {
  it('is profiled as a split, never suggested as the target, left out of the features, and names the test rows', async () => {
    const table = await loadTable(csv, 's.csv');
    expect(table.profiles.map((p) => p.kind)).toEqual(['numeric', 'numeric', 'categorical', 'split']);
    expect(table.suggestedTarget).toBe('label');
    const prepared = prepareForTarget(table, 'label');
    expect(prepared.data.numFeatures).toBe(2);
    expect(prepared.dropped).toEqual([{ name: 'split', reason: 'marks the designated train/test split' }]);
    const test = designatedTestRows(table.raw, table.profiles);
    expect(test).toEqual([3, 7, 11]);
    expect(designatedSplit(12, test!)).toEqual({ train: [0, 1, 2, 4, 5, 6, 8, 9, 10], test: [3, 7, 11] });
  });

  it('refuses the split column as the target with a clear reason', async () => {
    const table = await loadTable(csv, 's.csv');
    expect(() => prepareForTarget(table, 'split')).toThrow(/marks which rows are for training and which for testing/);
  });

  it('is an ordinary column when its values are not only train and test, or when one of them is missing', async () => {
    for (const values of [['train', 'valid', 'test'], ['train', 'train', 'train'], ['test', 'test', 'test']]) {
      const text = `x,label,split\n${values.map((v, i) => `${i},${i % 2},${v}`).join('\n')}\n`;
      const table = await loadTable(text, 'o.csv');
      expect(table.profiles[2]!.kind).not.toBe('split');
      expect(designatedTestRows(table.raw, table.profiles)).toBeNull();
    }
  });

  it('keeps at least two training rows', () => {
    expect(() => designatedSplit(3, [0, 1])).toThrow(/Only 1 row\(s\) are left for training/);
  });
});
