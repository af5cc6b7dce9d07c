import { describe, expect, it } from 'vitest';
import type { TableFeatureEncoder } from '../../data/tableEncoder';
import { formFields, initialValues, optionsWith } from './formFields';

const encoder: TableFeatureEncoder = {
  kind: 'table',
  target: 'label',
  featureNames: [],
  dropped: [],
  columns: [
    { kind: 'numeric', column: 'amount', fill: 2, indicator: true, range: [-1.23456, 250], words: [] },
    { kind: 'boolean', column: 'member', fill: 0.5, indicator: false, range: [0, 1], words: ['no', 'yes'] },
    { kind: 'categorical', column: 'colour', levels: ['(missing)', 'blue', 'red', '(other)'] },
    { kind: 'datetime', column: 'when', parts: ['year', 'month', 'day', 'weekday', 'hour'], fills: [2023, 6, 15, 3, 12], indicator: false },
    { kind: 'datetime', column: 'day', parts: ['year', 'month', 'day', 'weekday'], fills: [2023, 6, 15, 3], indicator: false },
    { kind: 'words', column: 'title', buckets: 32 },
  ],
};

describe('the try-it form', () => {
  it('offers an input per column the model reads, started from an example row', () => {
    const fields = formFields(encoder);
    expect(fields).toEqual([
      { kind: 'number', column: 'amount', placeholder: '-1.235 – 250' },
      { kind: 'select', column: 'member', options: ['', 'no', 'yes'] },
      { kind: 'select', column: 'colour', options: ['', 'blue', 'red'] },
      { kind: 'date', column: 'when', withTime: true },
      { kind: 'date', column: 'day', withTime: false },
      { kind: 'text', column: 'title' },
    ]);
    expect(initialValues(fields, { amount: 'NA', member: 'yes', colour: 'teal', when: '2023/4/5 9:30', day: '2023-04-05', title: ' Sunny loft ', extra: 'x' })).toEqual({
      amount: '',
      member: 'yes',
      colour: 'teal',
      when: '2023-04-05T09:30',
      day: '2023-04-05',
      title: 'Sunny loft',
    });
    expect(optionsWith(['', 'blue', 'red'], 'teal')).toEqual(['', 'blue', 'red', 'teal']);
    expect(initialValues(fields, null)['amount']).toBe('');
  });
});
