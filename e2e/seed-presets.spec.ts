/** The two seed presets end to end on Iris, checked through the exported study. */
import { expect, test } from '@playwright/test';
import { exportStudy, runStudyFromUrl } from './helpers';

test('seed-grid: 4 candidates, 3 CV folds each, best refit and tested', async ({ page }) => {
  const status = await runStudyFromUrl(page, 'dataset=iris&preset=seed-grid&seed=42&autostart=1');
  expect(status).toContain('Finished');

  const leaderboard = page.getByRole('table', { name: 'Leaderboard' });
  await expect(leaderboard.locator('tbody tr')).toHaveCount(4);
  await expect(leaderboard.locator('tr.best')).toHaveCount(1);
  await expect(page.getByTestId('best-summary')).toContainText('Best:');
  await expect(page.getByTestId('backend-chosen')).not.toBeEmpty();

  // The confusion matrix covers the 30 test rows, 10 per class.
  const confusion = page.getByRole('region', { name: 'Confusion matrix' }).getByRole('table').first();
  await expect(confusion.locator('tbody tr')).toHaveCount(3);
  const counts = (await confusion.locator('tbody td').allTextContents()).map(Number);
  expect(counts.reduce((a, b) => a + b, 0)).toBe(30);
  await expect(page.getByRole('table', { name: 'Per-class metrics' }).locator('tbody tr').first()).toContainText('setosa');

  const study = await exportStudy(page);
  expect(study.format).toBe('sweeplab.study');
  expect(study.version).toBe(1);
  expect(study.dataset.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  expect(study.dataset).toMatchObject({ rows: 150, trainRows: 120, testRows: 30 });
  expect(study.configuration).toMatchObject({ preset: 'seed-grid', sampler: 'grid', seed: 42, evaluation: { kind: 'cross-validation', folds: 3 } });
  expect(study.trials).toHaveLength(4);
  const combos = new Set(study.trials.map((t) => `${t.params['optimizer']}/${t.params['activation']}`));
  expect(combos).toEqual(new Set(['adam/relu', 'adam/tanh', 'rmsprop/relu', 'rmsprop/tanh']));
  for (const trial of study.trials) {
    expect(trial.state).toBe('complete');
    expect(trial.foldScores).toHaveLength(3);
    // One Dense(128) layer on 4 inputs and 3 outputs: (4·128 + 128) + (128·3 + 3) = 1,027 parameters.
    expect(trial.model).toMatchObject({ parameters: 1027, bytes: 4108 });
    expect(trial.value).toBeCloseTo(trial.foldScores.reduce((a, b) => a + b, 0) / 3, 10);
    expect(trial.epochs.filter((e) => e.fold === 2)).toHaveLength(100);
  }
  const bestValue = Math.max(...study.trials.map((t) => t.value!));
  expect(study.best!.value).toBe(bestValue);
  expect(study.best!.testMetrics!['accuracy']).toBeGreaterThanOrEqual(0.93);
  console.log(`seed-grid: backend ${study.configuration.backend.chosen}; ${study.configuration.backend.reason}`);
  console.log(`seed-grid probes: ${JSON.stringify(study.configuration.backend.probes)}`);
  console.log(`seed-grid: best CV ${study.best!.value.toFixed(4)}, test accuracy ${study.best!.testMetrics!['accuracy']!.toFixed(4)}`);
});

test('seed-autokeras: 10 random trials over depth, units, dropout and learning rate', async ({ page }) => {
  const status = await runStudyFromUrl(page, 'dataset=iris&preset=seed-autokeras&seed=42&autostart=1');
  expect(status).toContain('Finished');
  const study = await exportStudy(page);
  expect(study.configuration).toMatchObject({ preset: 'seed-autokeras', sampler: 'random', evaluation: { kind: 'holdout' } });
  expect(study.trials).toHaveLength(10);
  for (const trial of study.trials) {
    const layers = trial.params['layers'] as number;
    expect(layers).toBeGreaterThanOrEqual(1);
    expect(layers).toBeLessThanOrEqual(3);
    // Conditional units exist exactly for the layers the trial has.
    for (let i = 1; i <= 3; i++) expect(`units_${i}` in trial.params).toBe(i <= layers);
  }
  expect(study.trials.filter((t) => t.state === 'complete').length).toBeGreaterThanOrEqual(8);
  await expect(page.getByTestId('test-summary')).toContainText('Test accuracy');
  expect(study.best!.testMetrics!['accuracy']).toBeGreaterThanOrEqual(0.93);
  console.log(`seed-autokeras: best validation ${study.best!.value.toFixed(4)}, test accuracy ${study.best!.testMetrics!['accuracy']!.toFixed(4)}`);
});
