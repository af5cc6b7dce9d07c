/** Token cuts, bag-of-words and TF-IDF against hand-computed (scikit-learn) values; IDF from training rows only. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelData } from '../data/types';
import { activateCpuBackend } from '../worker/inProcessWorker';
import { disposeRun, prepareRun } from './prepare';
import { bagOfWords, cutTokens, fitIdf } from './text';

beforeAll(activateCpuBackend);

// Three rows of 4 ids (0 = padding). Words: 2 = "a", 3 = "b", 5 = "c".
const ids = Float32Array.from([2, 3, 0, 0, 2, 0, 0, 0, 5, 5, 2, 3]);
const tokens = { ids, sequenceLength: 4 };

describe('text preparation', () => {
  it('cuts sequences to their first ids and the vocabulary to its most frequent ids', () => {
    expect([...cutTokens(tokens, [2, 0], 3, 4)]).toEqual([1, 1, 2, 2, 3, 0]);
  });

  it('TF-IDF matches scikit-learn: smoothed IDF, raw counts, rows scaled to unit length', () => {
    // TfidfVectorizer().fit_transform(["a b", "a"]) → [[0.5797, 0.8148], [1, 0]].
    const idf = fitIdf(tokens, [0, 1], 6);
    expect(idf[2]).toBeCloseTo(1, 6); // in both documents: ln(3/3) + 1
    expect(idf[3]).toBeCloseTo(Math.log(3 / 2) + 1, 6);
    expect(idf[5]).toBeCloseTo(Math.log(3) + 1, 6); // in no training document
    const rows = bagOfWords(tokens, [0, 1], 6, idf);
    expect(rows[2]).toBeCloseTo(0.57974, 4);
    expect(rows[3]).toBeCloseTo(0.8148, 4);
    expect([...rows.slice(6)]).toEqual([0, 0, 1, 0, 0, 0]);
    expect(rows[0]).toBe(0); // padding is never a word
  });

  it('multi-hot without TF-IDF, unknown ids pooled in id 1', () => {
    expect([...bagOfWords(tokens, [2], 4, null)]).toEqual([0, 1, 1, 1]);
  });

  it('prepareRun fits the IDF on the training rows only', () => {
    const data = (evalIds: number[]): ModelData => ({
      numRows: 3,
      numFeatures: 4,
      featureNames: ['t0', 't1', 't2', 't3'],
      features: Float32Array.from([...ids.slice(0, 8), ...evalIds]),
      targets: Float32Array.from([0, 1, 0]),
      task: { kind: 'binary', target: 'y', classNames: ['n', 'y'] },
      input: { kind: 'tokens', sequenceLength: 4, vocabularySize: 6 },
    });
    const before = tf.memory().numTensors;
    const prepared = (evalIds: number[]) => {
      const run = prepareRun(data(evalIds), { train: [0, 1], evaluate: [2] }, { kind: 'bow', vocabularySize: 10, tfidf: true });
      const result = { train: [...run.xTrain.dataSync()], input: run.input };
      disposeRun(run);
      return result;
    };
    const a = prepared([5, 5, 2, 3]);
    const b = prepared([3, 3, 3, 3]);
    expect(a.input).toMatchObject({ kind: 'bow', vocabularySize: 6 }); // cut to the dataset's vocabulary
    expect(a.train).toEqual(b.train);
    expect(a.input.kind === 'bow' && [...a.input.idf!]).toEqual(b.input.kind === 'bow' && [...b.input.idf!]);
    expect(a.input.kind === 'bow' && a.input.idf![5]).toBeCloseTo(Math.log(3) + 1, 6);
    expect(tf.memory().numTensors).toBe(before);
  });
});
