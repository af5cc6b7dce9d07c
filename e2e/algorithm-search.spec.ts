/**
 * Tables nobody tuned on, as a new user brings them: a CSV with rows without a target and dates in words is
 * dropped in, the recommended search is preselected, boosted trees, forests, linear models and a network compete in one
 * study, and the final model (a single trial or an ensemble) predicts in "Try it" and exports.
 */
import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { exportStudy } from './helpers';

const FILE = 'tests/fixtures/bad-input/tables/real-world-listings.csv';

test('a dropped table starts on the recommended search, which selects among algorithms and predicts in Try it', async ({ page }) => {
  await page.goto('./?backend=wasm');
  await expect(page.getByLabel('Preset')).toHaveValue('seed-grid'); // the built-in Iris opens on the article's grid
  await page.getByLabel('Dataset file').setInputFiles(FILE);
  await expect(page.getByLabel('Target column')).toHaveValue('rating');
  await expect(page.getByLabel('Preset')).toHaveValue('recommended');
  await expect(page.getByTestId('unlabelled-rows')).toContainText('16 rows have no value for “rating”');

  // Tiny budgets: the first six trials of the portfolio (boosted trees, a linear model, a random forest, boosted
  // trees, extra trees, an MLP).
  await page.getByLabel('Max trials').fill('6');
  await page.getByLabel('Max epochs per trial').fill('5');
  await page.getByRole('button', { name: 'Start search' }).click();
  await expect(page.getByRole('status')).toContainText('Finished', { timeout: 150_000 });

  const leaderboard = page.getByRole('table', { name: 'Leaderboard' });
  await expect(leaderboard).toContainText('gbdt');
  await expect(leaderboard).toContainText('forest');
  await expect(leaderboard).toContainText('linear');
  await expect(leaderboard).toContainText('mlp');
  await expect(page.getByTestId('test-summary')).toContainText('Test accuracy');

  const tryIt = page.getByRole('region', { name: 'Try it' });
  await tryIt.getByRole('button', { name: 'Predict' }).click();
  await expect(tryIt.getByTestId('prediction')).toHaveText(/Prediction: (good|poor)/);

  const study = await exportStudy(page);
  expect(study.configuration.preset).toBe('recommended');
  expect(study.configuration.evaluation).toEqual({ kind: 'cross-validation', folds: 5, repeats: 2 }); // under 1,000 training rows
  expect(new Set(study.trials.map((t) => t.params['family']))).toEqual(new Set(['gbdt', 'forest', 'linear', 'mlp']));
  expect(study.trials.every((t) => t.state === 'complete')).toBe(true);
  expect(study.best?.testMetrics?.['accuracy']).toBeGreaterThan(0);

  const modelDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export model' }).click();
  const model = JSON.parse(await readFile((await (await modelDownload).path())!, 'utf8')) as { format: string; preprocessing?: { classNames: string[] }; userDefinedMetadata?: unknown };
  expect(['sweeplab-learner', 'sweeplab-ensemble', 'layers-model']).toContain(model.format);
  if (model.format !== 'layers-model') expect(model.preprocessing?.classNames).toEqual(['good', 'poor']);
});
