/**
 * Studies survive a reload: run, reload mid-study, find it in "Saved studies" with its completed trials
 * intact, resume it to the end. And a share link opened in a fresh browser context offers the same
 * configuration, applied only after the person accepts it.
 */
import { expect, test } from '@playwright/test';
import { exportStudy } from './helpers';

const TRIALS = 16;

test('a reload mid-study keeps completed trials; the saved study resumes to the end', async ({ page }) => {
  // 16 random trials of 60 epochs on Iris with one worker: long enough to reload in the middle. Trials
  // finish in bursts (several are trained together), so wait for at least two, then reload at once.
  await page.goto(`./?dataset=iris&preset=seed-autokeras&trials=${TRIALS}&epochs=60&workers=1&backend=wasm&seed=3&autostart=1`);
  const completed = page.getByRole('table', { name: 'Leaderboard' }).locator('tbody tr').filter({ hasText: 'complete' });
  await expect.poll(() => completed.count(), { timeout: 120_000, intervals: [100] }).toBeGreaterThanOrEqual(2);
  const before = await exportStudy(page);
  const completedBefore = before.trials.filter((t) => t.state === 'complete');
  expect(completedBefore.length).toBeGreaterThanOrEqual(2);
  // The point is a reload mid-study: if the study got this far already, the journey proves nothing.
  expect(before.study.state).toBe('running');

  await page.goto('./?backend=wasm');
  const saved = page.getByRole('table', { name: 'Saved studies' });
  await expect(saved.locator('tbody tr')).toHaveCount(1);
  await expect(saved).toContainText('interrupted');
  await page.getByRole('button', { name: /^Open / }).click();
  await expect(page.getByRole('status')).toContainText('Stopped');

  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByRole('status')).toContainText('Finished', { timeout: 150_000 });
  const after = await exportStudy(page);
  expect(after.trials).toHaveLength(TRIALS);
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
