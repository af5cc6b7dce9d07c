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
  it('starts from a test row written for people: "$1,234.50" and "Jun 12 1998" in the inputs\' own forms', () => {
    const fields = formFields({
      ...encoder,
      columns: [
        { kind: 'numeric', column: 'price', fill: 2, indicator: false, range: [1, 9000], words: [], format: { prefix: '$', suffix: '', decimal: '.', group: ',' } },
        { kind: 'datetime', column: 'listed', parts: ['year', 'month', 'day', 'weekday'], fills: [2020, 6, 15, 3], indicator: false, reading: { kind: 'text', form: 'mon-d-y' } },
        { kind: 'datetime', column: 'paid', parts: ['year', 'month', 'day', 'weekday', 'hour'], fills: [2020, 6, 15, 3, 12], indicator: false, reading: { kind: 'text', form: 'dmy' } },
      ],
    });
    expect(initialValues(fields, { price: '$1,234.50', listed: 'Jun 12 1998', paid: '25/12/2020 14:30' })).toEqual({ price: '1234.5', listed: '1998-06-12', paid: '2020-12-25T14:30' });
    expect(initialValues(fields, { price: 'ask', listed: 'soon', paid: '' })).toEqual({ price: '', listed: '', paid: '' });
  });

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
    expect(initialValues(fields, { when: '2023-04-05T09:30:00+02:00' })['when']).toBe('2023-04-05T07:30'); // as the model reads it
    expect(initialValues(fields, null)['amount']).toBe('');
  });
});
