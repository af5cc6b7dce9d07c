/**
 * `npm run screenshot`: runs a short study in headless Chromium on the production build and saves the page
 * as docs/screenshot.png (the README's picture). Usage: npm run screenshot [-- "query string"]
 */
import { runScript, withServedApp } from './previewServer';

const query = process.argv[2] ?? 'dataset=iris&preset=seed-autokeras&sampler=tpe&pruner=asha&trials=14&epochs=27&backend=wasm&autostart=1';

runScript(() =>
  withServedApp(4175, async ({ browser, url }) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${url}?${query}`);
    await page.getByRole('status').filter({ hasText: /Finished|Stopped|Failed/ }).waitFor({ timeout: 300_000 });
    await page.mouse.move(0, 0);
    await page.screenshot({ path: 'docs/screenshot.png', fullPage: true });
    console.log(`Saved docs/screenshot.png (${await page.getByRole('status').textContent()})`);
  }),
);
