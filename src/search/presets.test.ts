import { describe, expect, it } from 'vitest';
import { findPreset, presetEvaluation, studyEvaluation } from './presets';

describe('tabular warm starts', () => {
  it('start tables with linear models along a regularisation path, before the MLPs', () => {
    const starts = findPreset('balanced')!.warmStart!;
    expect(starts.filter((s) => s['layers'] === 0).map((s) => s['l2'])).toEqual([1e-4, 1e-3, 1e-2]);
    expect(starts.findIndex((s) => s['layers'] !== 0)).toBe(3);
  });
});

describe('presetEvaluation', () => {
  it('cross-validates small tables with the tabular presets, and holds out on larger ones', () => {
    const balanced = findPreset('balanced')!;
    expect(presetEvaluation(balanced, 353)).toEqual({ kind: 'cross-validation', folds: 3 }); // Diabetes' training split
    expect(presetEvaluation(balanced, 999)).toEqual({ kind: 'cross-validation', folds: 3 });
    expect(presetEvaluation(balanced, 1000)).toEqual({ kind: 'holdout', validationFraction: 0.2 });
    expect(presetEvaluation(balanced, 1437)).toEqual({ kind: 'holdout', validationFraction: 0.2 }); // Digits'
  });

  it("keeps the seed presets' own validation at any size (the article's protocols)", () => {
    expect(presetEvaluation(findPreset('seed-autokeras')!, 100)).toEqual({ kind: 'holdout', validationFraction: 0.2 });
    expect(presetEvaluation(findPreset('seed-grid')!, 100)).toEqual({ kind: 'cross-validation', folds: 3 });
  });

  it("takes the person's choice over the preset's, and the preset's default while the size is unknown", () => {
    const balanced = findPreset('balanced')!;
    expect(studyEvaluation(balanced, 'cv5', 353)).toEqual({ kind: 'cross-validation', folds: 5 });
    expect(studyEvaluation(balanced, 'holdout', 353)).toEqual({ kind: 'holdout', validationFraction: 0.2 });
    expect(studyEvaluation(balanced, null, 353)).toEqual({ kind: 'cross-validation', folds: 3 });
    expect(studyEvaluation(balanced, null, null)).toEqual({ kind: 'holdout', validationFraction: 0.2 });
  });
});
