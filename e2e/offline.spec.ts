/** After one visit the app works offline: the service worker has cached the build and the built-in datasets. */
import { expect, test } from '@playwright/test';

test('after the first visit, the app loads and trains with the network off', async ({ page, context }) => {
  await page.goto('./?backend=wasm');
  await expect(page.getByLabel('Target column')).toHaveValue('target');
  // Wait until the service worker has installed (its cache is filled during install) and controls the page.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

  await context.setOffline(true);
  await page.goto('./?dataset=wine&preset=seed-grid&epochs=2&trials=1&backend=wasm&autostart=1');
  await expect(page.getByRole('status')).toContainText('Finished', { timeout: 120_000 });
  await expect(page.getByTestId('best-summary')).toContainText('Best:');
  await context.setOffline(false);
});
