/**
 * Studies survive a reload: run, reload mid-study, find it in "Saved studies" with its completed trials
 * intact, resume it to the end. And a share link opened in a fresh browser context offers the same
 * configuration, applied only after the person accepts it.
 */
import { expect, test } from '@playwright/test';
import { exportStudy } from './helpers';

test('a reload mid-study keeps completed trials; the saved study resumes to the end', async ({ page }) => {
  // 8 random trials of 30 epochs on Iris with one worker: slow enough to reload in the middle.
  await page.goto('./?dataset=iris&preset=seed-autokeras&trials=8&epochs=30&workers=1&backend=wasm&seed=3&autostart=1');
  const leaderboardRows = page.getByRole('table', { name: 'Leaderboard' }).locator('tbody tr');
  await expect(leaderboardRows.filter({ hasText: 'complete' })).toHaveCount(2, { timeout: 120_000 });
  const before = await exportStudy(page);
  const completedBefore = before.trials.filter((t) => t.state === 'complete');
  expect(completedBefore.length).toBeGreaterThanOrEqual(2);

  await page.goto('./?backend=wasm');
  const saved = page.getByRole('table', { name: 'Saved studies' });
  await expect(saved.locator('tbody tr')).toHaveCount(1);
  await expect(saved).toContainText('interrupted');
  await page.getByRole('button', { name: /^Open / }).click();
  await expect(page.getByRole('status')).toContainText('Stopped');

  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByRole('status')).toContainText('Finished', { timeout: 150_000 });
  const after = await exportStudy(page);
  expect(after.trials).toHaveLength(8);
  expect(after.trials.every((t) => t.state === 'complete' || t.state === 'pruned')).toBe(true);
  for (const trial of completedBefore) {
    const again = after.trials.find((t) => t.number === trial.number)!;
    expect(again.value).toBe(trial.value);
    expect(again.params).toEqual(trial.params);
    expect(again.epochs).toEqual(trial.epochs);
  }
  expect(after.best?.testMetrics?.['accuracy']).toBeGreaterThan(0.5);
  await expect(saved).toContainText('finished');
});

test('a share link reopens the configuration in a fresh context after the person accepts it', async ({ page, browser }) => {
  await page.goto('./?dataset=wine&preset=quick&seed=11&trials=7&sampler=random&pruner=median&backend=wasm');
  await expect(page.getByLabel('Target column')).toHaveValue('target');
  await page.getByRole('button', { name: 'Share' }).click();
  const link = await page.getByLabel('Share link').inputValue();
  expect(link).toMatch(/#share=z1\./);

  const context = await browser.newContext();
  const fresh = await context.newPage();
  await fresh.goto(link);
  const banner = fresh.getByRole('region', { name: 'Shared configuration' });
  await expect(banner).toContainText('dataset wine');
  await expect(fresh.getByRole('status')).not.toContainText(/Running/);
  await banner.getByRole('button', { name: 'Use this configuration' }).click();
  await expect(banner).toHaveCount(0);
  await expect(fresh.getByLabel('Built-in dataset')).toHaveValue('wine');
  await expect(fresh.getByLabel('Preset')).toHaveValue('quick');
  await expect(fresh.getByLabel('Seed')).toHaveValue('11');
  await expect(fresh.getByLabel('Max trials')).toHaveValue('7');
  await expect(fresh.getByLabel('Sampler')).toHaveValue('random');
  await expect(fresh.getByLabel('Early stopping')).toHaveValue('median');

  const broken = await context.newPage();
  await broken.goto(`${link.split('#')[0]}#share=z1.not-a-real-payload`);
  await expect(broken.getByRole('alert')).toContainText('This share link cannot be opened');
  await context.close();
});
