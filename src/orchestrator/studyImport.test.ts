import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ModelData } from '../data/types';
import { configFromPreset, findPreset } from '../search/presets';
import { newStudyRecord } from './newStudy';
import { buildStudyExport } from './studyExport';
import { MAX_IMPORT_TRIALS, MAX_PARAM_KEYS, parseStudyExport, StudyImportError } from './studyImport';
import type { StudyRecord } from './studyRecord';

function sampleStudy(): StudyRecord {
  const data: ModelData = {
    numRows: 10, numFeatures: 2, featureNames: ['a', 'b'], features: new Float32Array(20), targets: new Float32Array(10),
    task: { kind: 'binary', target: 'y', classNames: ['no', 'yes'] },
  };
  const config = configFromPreset(findPreset('seed-autokeras')!, { seed: 3, pruner: 'hyperband' });
  const study = newStudyRecord({ config, data, split: { train: [0, 1, 2, 3, 4, 5, 6, 7], test: [8, 9] }, datasetName: 'toy.csv', source: { kind: 'file', fileName: 'toy.csv' }, columns: 3, fingerprint: 'ab'.repeat(32), now: new Date(1000) });
  study.state = 'finished';
  study.startedAt = 1000;
  study.finishedAt = 5000;
  study.backend = { preference: 'auto', chosen: 'wasm', reason: 'fastest', probes: [], notes: [] };
  study.trials.push(
    { number: 0, state: 'complete', params: { layers: 1, units_1: 16, dropout: 0, learning_rate: 0.01 }, system: { bracket: 0 }, epochs: [{ fold: 0, epoch: 0, loss: 0.7, valLoss: 0.6, valScore: 0.5 }], foldScores: [0.5], metrics: { accuracy: 0.5, loss: 0.6 }, value: 0.5, startedAt: 1000, durationMs: 900, backend: 'wasm', promotions: [1], cost: { parameters: 131, bytes: 524, latencyMs: 0.2 }, group: { size: 2 } },
    { number: 1, state: 'pruned', params: { layers: 1, units_1: 32, dropout: 0.25, learning_rate: 0.001 }, system: { bracket: 1 }, epochs: [], foldScores: [0.4], metrics: { accuracy: 0.4 }, value: null, startedAt: 2000, durationMs: 300, backend: 'wasm', prunedAtEpoch: 1 },
    { number: 2, state: 'failed', params: { layers: 1, units_1: 16, dropout: 0, learning_rate: 0.09 }, system: {}, epochs: [], foldScores: [], metrics: {}, value: null, startedAt: 3000, durationMs: 10, backend: null, error: 'loss became NaN' },
  );
  study.best = { trialNumber: 0, params: study.trials[0]!.params, value: 0.5, testMetrics: { accuracy: 1 } };
  return study;
}

describe('study import', () => {
  it('reads back exactly what the export wrote', () => {
    const exported = buildStudyExport(sampleStudy(), new Date(9000), 'test');
    const imported = parseStudyExport(JSON.stringify(exported));
    expect(buildStudyExport(imported, new Date(9000), 'test')).toEqual(exported);
  });

  it.each([
    ['not JSON', '{oops', /is not JSON/],
    ['another format', '{"format":"optuna"}', /"format" is "optuna"/],
    ['a newer version', '{"format":"sweeplab.study","version":2}', /format version 2/],
    ['a missing section', '{"format":"sweeplab.study","version":1}', /study must be an object/],
  ])('explains %s', (_label, text, message) => {
    expect(() => parseStudyExport(text)).toThrow(StudyImportError);
    expect(() => parseStudyExport(text)).toThrow(message);
  });

  it('names the first bad field of a damaged export', () => {
    const exported = JSON.parse(JSON.stringify(buildStudyExport(sampleStudy(), new Date(0), 'test')));
    exported.trials[1].state = 'exploded';
    expect(() => parseStudyExport(JSON.stringify(exported))).toThrow(/trials\[1\]\.state must be one of/);
    exported.trials[1].state = 'pruned';
    exported.trials[0].group = { size: 'eight' };
    expect(() => parseStudyExport(JSON.stringify(exported))).toThrow(/trials\[0\]\.group\.size must be/);
  });

  it('reads repeated cross-validation back, and refuses an unbounded number of repeats', () => {
    const exported = JSON.parse(JSON.stringify(buildStudyExport(sampleStudy(), new Date(0), 'test')));
    exported.configuration.evaluation = { kind: 'cross-validation', folds: 5, repeats: 2 };
    expect(parseStudyExport(JSON.stringify(exported)).config.evaluation).toEqual({ kind: 'cross-validation', folds: 5, repeats: 2 });
    exported.configuration.evaluation.repeats = 1e9;
    expect(() => parseStudyExport(JSON.stringify(exported))).toThrow(/configuration\.evaluation\.repeats must be a whole number from 1 to 10/);
  });

  it('bounds the trial count, parameter keys and their length, and the study id, naming the field', () => {
    const exported = () => JSON.parse(JSON.stringify(buildStudyExport(sampleStudy(), new Date(0), 'test')));
    const refuses = (doc: unknown, message: RegExp) => {
      expect(() => parseStudyExport(JSON.stringify(doc))).toThrow(StudyImportError);
      expect(() => parseStudyExport(JSON.stringify(doc))).toThrow(message);
    };
    const many = exported();
    many.trials = Array.from({ length: MAX_IMPORT_TRIALS + 1 }, () => 0);
    refuses(many, /trials holds 100001 trials; at most 100,000 are allowed/);

    const wide = exported();
    wide.trials[1].params = Object.fromEntries(Array.from({ length: MAX_PARAM_KEYS + 1 }, (_, i) => [`p${i}`, i]));
    refuses(wide, new RegExp(`trials\\[1\\]\\.params has ${MAX_PARAM_KEYS + 1} parameters; at most ${MAX_PARAM_KEYS} are allowed`));
    const longKey = exported();
    longKey.best.params = { ['k'.repeat(5000)]: 1 };
    refuses(longKey, /best\.params has a parameter name of 5000 characters; names are at most 64/);
    const fixed = exported();
    fixed.configuration.fixed = { ['f'.repeat(65)]: 1 };
    refuses(fixed, /configuration\.fixed has a parameter name of 65 characters/);

    for (const id of ['../../etc/passwd', 'a b', '', '-lead', 'x'.repeat(65), 'con\u0000.txt']) {
      const bad = exported();
      bad.study.id = id;
      refuses(bad, /study\.id must be 1–64 letters, digits, "-" or "_", starting with a letter or digit/);
    }
    const ok = exported();
    ok.study.id = 'study-lq3x_2';
    expect(parseStudyExport(JSON.stringify(ok)).id).toBe('study-lq3x_2');
  });

  it('never throws anything but a StudyImportError, whatever the JSON', () => {
    const base = JSON.parse(JSON.stringify(buildStudyExport(sampleStudy(), new Date(0), 'test')));
    fc.assert(
      fc.property(fc.constantFrom('study', 'dataset', 'objective', 'configuration', 'trials', 'best'), fc.jsonValue(), (key, value) => {
        try {
          parseStudyExport(JSON.stringify({ ...base, [key]: value }));
        } catch (error) {
          expect(error).toBeInstanceOf(StudyImportError);
        }
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});
