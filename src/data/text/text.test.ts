import { describe, expect, it } from 'vitest';
import { chooseSequenceLength, encodeSequences, fitVocabulary, tokenize } from './tokenize';
import { prepareTextData } from './textDataset';
import { DataError } from '../errors';

describe('tokenize', () => {
  it('lowercases, keeps letters and digits of any script and inner apostrophes', () => {
    expect(tokenize("Don't PANIC: 42 Schöne Grüße, 東京!")).toEqual(["don't", 'panic', '42', 'schöne', 'grüße', '東京']);
  });
  it('drops run-together junk longer than 40 characters', () => {
    expect(tokenize(`ok ${'a'.repeat(41)} fine`)).toEqual(['ok', 'fine']);
  });
});

describe('vocabulary', () => {
  const docs = [['a', 'b', 'a'], ['a', 'c'], ['b', 'c', 'secret'], ['secret', 'secret', 'test-only']];
  it('is fitted on the given rows only, ordered by frequency then word', () => {
    const vocab = fitVocabulary(docs, [0, 1, 2], 100);
    expect(vocab.words).toEqual(['a', 'b', 'c']); // "secret" is in one training document only
  });
  it('keeps at most maxSize ids including padding and unknown', () => {
    expect(fitVocabulary(docs, [0, 1, 2], 3).words).toEqual(['a']);
  });
  it('encodes first words, pads after, unknown words as 1', () => {
    const vocab = fitVocabulary(docs, [0, 1, 2], 100);
    expect([...encodeSequences([['a', 'zzz', 'c', 'b'], ['b']], vocab, 3)]).toEqual([2, 1, 4, 3, 0, 0]);
  });
  it('picks a sequence length covering 90 % of documents, a multiple of 16 in [16, 512]', () => {
    const lengths = Array.from({ length: 100 }, (_, i) => Array.from({ length: i + 1 }, () => 'w'));
    expect(chooseSequenceLength(lengths, lengths.map((_, i) => i))).toBe(96);
    expect(chooseSequenceLength([['w']], [0])).toBe(16);
  });
});

describe('prepareTextData', () => {
  const task = { kind: 'binary' as const, target: 'label', classNames: ['ham', 'spam'] };
  it('makes a tokens layout whose ids stay below the vocabulary size', () => {
    const texts = ['win money now', 'meeting at noon', 'win a prize now', 'lunch at noon'];
    const { data, vocabulary } = prepareTextData({ name: 'text', texts, targets: Float32Array.of(1, 0, 1, 0), task });
    expect(data.input).toEqual({ kind: 'tokens', sequenceLength: 16, vocabularySize: vocabulary.words.length + 2 });
    expect(Math.max(...data.features)).toBeLessThan(vocabulary.words.length + 2);
    expect(data.numFeatures).toBe(16);
  });
  it('says so when no word repeats across training rows', () => {
    expect(() => prepareTextData({ name: 'body', texts: ['one', 'two'], targets: Float32Array.of(0, 1), task })).toThrow(DataError);
  });
});

describe('text tasks from tables', () => {
  it('a table of text and a label becomes token ids fitted on the given rows; mixed tables stay tabular', async () => {
    const { loadTable, prepareForTarget } = await import('../tableDataset');
    const rows = Array.from({ length: 40 }, (_, i) => (i % 2 ? `"cheap pills offer now ${i}",spam` : `"lunch with the team on ${i} may",ham`));
    const table = await loadTable(`message,label\n${rows.join('\n')}\n`, 'm.csv');
    const fitRows = Array.from({ length: 30 }, (_, i) => i);
    const { task, data } = prepareForTarget(table, 'label', undefined, 'auto', fitRows);
    expect(task).toMatchObject({ kind: 'binary', classNames: ['ham', 'spam'] });
    expect(data.input).toMatchObject({ kind: 'tokens', sequenceLength: 16 });
    // Numbers 30–39 occur only outside the fit rows (and once each), so they are unknown words.
    expect(data.features[39 * 16 + 4]).toBe(1);

    const mixed = await loadTable(`message,score,label\n${rows.map((r, i) => r.replace(",", `,${(i % 5) * 1.5},`)).join('\n')}\n`, 'mixed.csv');
    expect(prepareForTarget(mixed, 'label').data.input).toBeUndefined();
  });
});
