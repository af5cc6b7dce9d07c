/**
 * Every built-in dataset not covered by another journey completes a short search: one trial, two epochs,
 * scored on its test split, validated as its size calls for. (Iris, Spam and the digit images have journeys of their own.)
 */
import { expect, test } from '@playwright/test';
import { exportStudy, runStudyFromUrl } from './helpers';

const CASES = [
  { dataset: 'wine', preset: 'quick', metric: 'accuracy' },
  { dataset: 'breast-cancer', preset: 'quick', metric: 'accuracy' },
  { dataset: 'digits', preset: 'quick', metric: 'accuracy' },
  { dataset: 'diabetes', preset: 'quick', metric: 'r2' },
  { dataset: 'fashion-mnist', preset: 'quick-images', metric: 'accuracy' },
] as const;

for (const { dataset, preset, metric } of CASES) {
  test(`built-in ${dataset}: a short ${preset} search finishes with a test score`, async ({ page }) => {
    // One epoch for the 9,000 images, two for the small tables: each run checks the path, not the score.
    const epochs = dataset === 'fashion-mnist' ? 1 : 2;
    const status = await runStudyFromUrl(page, `dataset=${dataset}&preset=${preset}&trials=1&epochs=${epochs}&workers=1&backend=wasm&autostart=1`, 240_000);
    expect(status).toContain('Finished');
    const study = await exportStudy(page);
    expect(study.trials).toHaveLength(1);
    expect(typeof study.best?.testMetrics?.[metric]).toBe('number');
    if (dataset === 'fashion-mnist') expect(study.dataset.testRows).toBe(1000); // the official test images
    // Tables under 1,000 training rows are cross-validated (a hold-out of a few dozen rows picks by chance).
    const small = dataset === 'wine' || dataset === 'breast-cancer' || dataset === 'diabetes';
    expect(study.configuration.evaluation).toMatchObject(small ? { kind: 'cross-validation', folds: 3 } : { kind: 'holdout' });
    expect(study.trials[0]!.foldScores).toHaveLength(small ? 3 : 1);
  });
}
