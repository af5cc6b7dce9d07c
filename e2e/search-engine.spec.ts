/** The search engine in the browser: Hyperband pruning, two workers, stop and resume, the space editor. */
import { expect, test } from '@playwright/test';
import { exportStudy, runStudyFromUrl } from './helpers';

test('Hyperband prunes poor trials and promoted trials keep training from their rung', async ({ page }) => {
  const status = await runStudyFromUrl(page, 'dataset=iris&preset=seed-autokeras&sampler=random&pruner=hyperband&trials=14&epochs=27&workers=1&backend=wasm&seed=42&autostart=1');
  expect(status).toContain('Finished');
  const study = await exportStudy(page);
  expect(study.configuration.pruner).toBe('hyperband');
  const pruned = study.trials.filter((t) => t.state === 'pruned');
  expect(pruned.length).toBeGreaterThan(0);
  for (const t of pruned) {
    expect(t.prunedAtEpoch).toBeLessThan(27);
    expect(t.epochs).toHaveLength(t.prunedAtEpoch!);
  }
  const promoted = study.trials.filter((t) => t.promotions && t.promotions.length > 0);
  expect(promoted.length).toBeGreaterThan(0);
  // Promotion continues the same model: epochs run on past the rung without starting over.
  for (const t of promoted) {
    const epochs = t.epochs.map((e) => e.epoch);
    expect(epochs).toEqual(Array.from({ length: epochs.length }, (_, i) => i));
    expect(epochs.length).toBeGreaterThan(Math.max(...t.promotions!));
  }
  expect(new Set(study.trials.map((t) => t.bracket)).size).toBeGreaterThan(1);
  await expect(page.getByRole('table', { name: 'Leaderboard' })).toContainText('pruned @ epoch');
  // The leaderboard filters by state, and the optimisation history is drawn.
  await page.getByLabel('State').selectOption('pruned');
  await expect(page.getByRole('table', { name: 'Leaderboard' }).locator('tbody tr')).toHaveCount(pruned.length);
  await expect(page.getByTestId('history-chart')).toBeVisible();
  console.log(`hyperband: ${pruned.length} of ${study.trials.length} pruned at epochs ${pruned.map((t) => t.prunedAtEpoch).join(', ')}; best ${study.best?.value}`);
});

test('two workers train trials at the same time', async ({ page }) => {
  const status = await runStudyFromUrl(page, 'dataset=iris&preset=seed-autokeras&trials=6&epochs=40&workers=2&backend=wasm&autostart=1');
  expect(status).toContain('Finished');
  const study = await exportStudy(page);
  expect(study.trials).toHaveLength(6);
  const intervals = study.trials.map((t) => [Date.parse(t.startedAt), Date.parse(t.startedAt) + t.durationMs!] as const);
  const overlapping = intervals.some(([start, end], i) => intervals.some(([s2, e2], j) => j !== i && s2 < end && start < e2));
  expect(overlapping).toBe(true);
});

test('trials trained together score exactly as trained alone; the field sets how many', async ({ page }) => {
  // Random search over the learning rate of one fixed MLP: every trial fits one stack.
  const space = encodeURIComponent(JSON.stringify({ params: [{ name: 'learning_rate', kind: 'float', low: 1e-3, high: 3e-2, log: true }] }));
  const query = `dataset=iris&preset=seed-autokeras&sampler=random&space=${space}&trials=8&epochs=5&workers=1&backend=wasm&seed=3`;
  const run = async (together: number) => {
    await page.goto(`./?${query}`);
    // Emptied and typed key by key, as a person would: the field must not snap to 1 in between.
    const field = page.getByLabel('Trials trained together');
    await field.fill('');
    await field.pressSequentially(String(together));
    await expect(field).toHaveValue(String(together));
    await page.getByRole('button', { name: 'Start search' }).click();
    await expect(page.getByRole('status')).toContainText('Finished', { timeout: 120_000 });
    return exportStudy(page);
  };
  const grouped = await run(4);
  expect(grouped.trials.map((t) => t.group?.size)).toEqual([4, 4, 4, 4, 4, 4, 4, 4]);
  const alone = await run(1);
  expect(alone.trials.every((t) => t.group === undefined)).toBe(true);
  expect(grouped.trials.map((t) => t.value)).toEqual(alone.trials.map((t) => t.value));
  expect(grouped.trials.map((t) => t.params)).toEqual(alone.trials.map((t) => t.params));
});

test('a stopped study resumes to the end without touching completed trials', async ({ page }) => {
  await page.goto('./?dataset=iris&preset=seed-grid&backend=wasm&workers=1&epochs=60&autostart=1');
  const leaderboard = page.getByRole('table', { name: 'Leaderboard' });
  // At least one finished, then Stop at once (polled often: trials take a few seconds each now).
  const completed = leaderboard.locator('tbody tr').filter({ hasText: 'complete' });
  await expect.poll(() => completed.count(), { timeout: 60_000, intervals: [100] }).toBeGreaterThanOrEqual(1);
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByRole('status')).toContainText('Stopped', { timeout: 15_000 });
  const before = await exportStudy(page);
  const completedBefore = before.trials.filter((t) => t.state === 'complete');
  expect(completedBefore.length).toBeGreaterThanOrEqual(1);

  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByRole('status')).toContainText('Finished', { timeout: 120_000 });
  const after = await exportStudy(page);
  expect(after.trials).toHaveLength(4);
  expect(after.trials.every((t) => t.state === 'complete')).toBe(true);
  for (const t of completedBefore) expect(after.trials[t.number]).toEqual(t);
  expect(after.best!.testMetrics).not.toBeNull();
});

test('the space editor changes what is searched', async ({ page }) => {
  await page.goto('./?dataset=iris&preset=seed-grid&backend=wasm&epochs=2');
  await expect(page.getByTestId('space-summary')).toContainText('4 grid points');
  await page.getByLabel('Parameter 2 choices').fill('relu, tanh, elu');
  await expect(page.getByTestId('space-summary')).toContainText('6 grid points');
  await page.getByLabel('Parameter 2 choices').fill('relu, tanh, swish2');
  await expect(page.getByTestId('space-problems')).toContainText('"swish2" is not one of them');
  await expect(page.getByRole('button', { name: 'Start search' })).toBeDisabled();
  await page.getByLabel('Parameter 2 choices').fill('relu, tanh, elu');
  await page.getByRole('button', { name: 'Add parameter' }).click();
  await expect(page.getByTestId('space-problems')).toHaveCount(0);
  await page.getByLabel('Parameter 3 name').fill('dropout');
  await page.getByLabel('Parameter 3 low').fill('0.5');
  await page.getByLabel('Parameter 3 high').fill('0.1');
  await expect(page.getByTestId('space-problems')).toContainText('"dropout" has low=0.5 above high=0.1');
  await expect(page.getByRole('button', { name: 'Start search' })).toBeDisabled();
  await page.getByRole('button', { name: 'Remove parameter 3' }).click();
  await page.getByRole('button', { name: 'Start search' }).click();
  await expect(page.getByRole('status')).toContainText('Finished', { timeout: 60_000 });
  const study = await exportStudy(page);
  expect(study.trials).toHaveLength(6);
  expect(study.configuration.space.params.map((p) => p.name)).toEqual(['optimizer', 'activation']);
});
