import { describe, expect, it } from 'vitest';
import { configFromPreset, findPreset, presetEvaluation, studyEvaluation } from './presets';

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

  it('cross-validates the recommended search under 5,000 training rows, twice over under 1,000', () => {
    const recommended = findPreset('recommended')!;
    expect(presetEvaluation(recommended, 170)).toEqual({ kind: 'cross-validation', folds: 5, repeats: 2 });
    expect(presetEvaluation(recommended, 999)).toEqual({ kind: 'cross-validation', folds: 5, repeats: 2 });
    expect(presetEvaluation(recommended, 1000)).toEqual({ kind: 'cross-validation', folds: 5 });
    expect(presetEvaluation(recommended, 4999)).toEqual({ kind: 'cross-validation', folds: 5 });
    expect(presetEvaluation(recommended, 5000)).toEqual({ kind: 'holdout', validationFraction: 0.2 });
    expect(presetEvaluation(recommended, null)).toEqual({ kind: 'holdout', validationFraction: 0.2 });
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

describe('class-balanced objectives', () => {
  it('train every model with balanced class weights under balanced accuracy or macro F1, not under accuracy', () => {
    const recommended = findPreset('recommended')!;
    expect(configFromPreset(recommended, { objective: 'balanced_accuracy' }).fixed['class_weight']).toBe('balanced');
    expect(configFromPreset(recommended, { objective: 'macro_f1' }).fixed['class_weight']).toBe('balanced');
    expect(configFromPreset(recommended, { objective: 'accuracy' }).fixed['class_weight']).toBeUndefined();
    expect(configFromPreset(recommended).fixed['class_weight']).toBeUndefined();
  });

  it('leave class weights to a space that searches them', () => {
    const space = { params: [{ name: 'class_weight', kind: 'categorical' as const, choices: ['none', 'balanced'] }] };
    expect(configFromPreset(findPreset('balanced')!, { objective: 'balanced_accuracy', space }).fixed['class_weight']).toBeUndefined();
  });
});
