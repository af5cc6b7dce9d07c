/** The built site works from a sub-path (base './'): served under /lab/, it loads data, starts workers and trains. */
import { expect, test } from '@playwright/test';
import { startPreview } from '../scripts/previewServer';

test('the build runs from a sub-path', async ({ page }) => {
  const server = await startPreview(4176, '/lab/');
  try {
    await page.goto(`${server.url}?dataset=wine&preset=seed-grid&epochs=2&trials=1&backend=wasm&autostart=1`);
    await expect(page.getByRole('status')).toContainText('Finished', { timeout: 120_000 });
    expect(new URL(page.url()).pathname).toBe('/lab/');
    await expect(page.getByTestId('best-summary')).toContainText('Best:');
  } finally {
    server.stop();
  }
});
