/**
 * A forced backend that cannot start falls back to the next one with a visible note. This test starts its
 * own Chromium with WebGPU switched off, so `backend=webgpu` must fail and WebGL take over.
 */
import { chromium, expect, test } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './chromium';

test('backend=webgpu without WebGPU falls back to webgl and says so', async ({ baseURL }) => {
  const browser = await chromium.launch({
    ...(chromiumExecutable ? { executablePath: chromiumExecutable } : {}),
    args: [...CHROMIUM_ARGS.filter((flag) => flag !== '--enable-unsafe-webgpu'), '--disable-features=WebGPU'],
  });
  try {
    const page = await browser.newPage({ baseURL: baseURL! });
    await page.goto('./?dataset=iris&preset=seed-grid&backend=webgpu&epochs=2&trials=1&autostart=1');
    await expect(page.getByRole('status')).toContainText('Finished', { timeout: 120_000 });
    await expect(page.getByTestId('backend-chosen')).toHaveText('webgl');
    await expect(page.getByTestId('backend-note')).toContainText('webgpu failed to start');
    await expect(page.getByTestId('backend-reason')).toContainText('Fell back from webgpu');
  } finally {
    await browser.close();
  }
});
