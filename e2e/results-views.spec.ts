/**
 * Every results view, with a screenshot of each (test-results/views/*.png): a binary search on Breast cancer
 * (curves, history, leaderboard, search analysis, ROC, confusion matrix, try it) and a regression on Diabetes
 * (residual plot). The screenshots are for people; the assertions check each view has content.
 */
import { expect, test, type Page } from '@playwright/test';
import { runStudyFromUrl } from './helpers';

async function shoot(page: Page, heading: string, file: string) {
  const section = page.locator('section').filter({ has: page.getByRole('heading', { level: 2, name: heading, exact: true }) });
  await expect(section).toBeVisible();
  await section.scrollIntoViewIfNeeded();
  await section.screenshot({ path: `test-results/views/${file}.png` });
  return section;
}

test('results views of a classification and a regression study', async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  expect(await runStudyFromUrl(page, 'dataset=breast-cancer&preset=quick&pruner=none&trials=8&epochs=6&workers=1&backend=wasm&seed=5&autostart=1', 200_000)).toContain('Finished');
  await expect(page.getByRole('table', { name: 'Leaderboard' }).locator('tbody tr')).toHaveCount(8);
  await shoot(page, 'Loss curves', 'loss-curves');
  await shoot(page, 'Optimisation history', 'optimisation-history');
  await page.getByRole('button', { name: 'Inspect trial 0' }).click();
  await expect(page.getByRole('region', { name: 'Trial 0' })).toContainText('validation accuracy');
  await shoot(page, 'Leaderboard', 'leaderboard-with-trial');
  const analysis = await shoot(page, 'Search analysis', 'search-analysis');
  await expect(analysis.getByRole('img', { name: /Parallel coordinates/ })).toBeVisible();
  await expect(analysis.getByText(/η²/).first()).toBeVisible();
  const best = await shoot(page, 'Best model', 'best-model-classification');
  await expect(best.getByText(/AUC/).first()).toBeVisible();
  await expect(best.getByRole('table', { name: 'Architecture' })).toContainText('Dense');
  await best.getByRole('button', { name: 'Compute permutation importance' }).click();
  await expect(best.getByRole('table', { name: 'Permutation importance' }).locator('tbody tr')).toHaveCount(30);
  const cell = best.getByRole('region', { name: 'Confusion matrix' }).getByRole('button', { name: /actual malignant, predicted malignant/ });
  await cell.click();
  await expect(best.getByRole('table', { name: 'Test samples in the chosen cell' })).toBeVisible();
  await best.screenshot({ path: 'test-results/views/confusion-drill-down.png' });
  await shoot(page, 'Try it', 'try-it');

  expect(await runStudyFromUrl(page, 'dataset=diabetes&preset=quick&trials=3&epochs=6&workers=1&backend=wasm&autostart=1', 200_000)).toContain('Finished');
  const regression = await shoot(page, 'Best model', 'best-model-regression');
  await expect(regression.getByRole('img', { name: 'Residual plot' })).toBeVisible();
});
