/** Trials leave as formula-safe CSV; an exported study comes back through "Import study", and bad files explain themselves. */
import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { exportStudy, runStudyFromUrl } from './helpers';

test('export trials as CSV, import the study into a fresh page, refuse a malformed file', async ({ page, browser }) => {
  expect(await runStudyFromUrl(page, 'dataset=iris&preset=seed-grid&backend=wasm&epochs=5&autostart=1')).toContain('Finished');
  const exported = await exportStudy(page);

  const csvDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export trials (CSV)' }).click();
  const csv = await readFile((await (await csvDownload).path())!, 'utf8');
  const lines = csv.trim().split('\r\n');
  expect(lines[0]).toMatch(/^trial,state,value,duration_ms,epochs,param_optimizer,param_activation,val_accuracy/);
  expect(lines).toHaveLength(5);

  const fresh = await browser.newPage();
  await fresh.goto('./?backend=wasm');
  await fresh.getByLabel('Import study').setInputFiles({ name: 'study.sweeplab.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)) });
  await expect(fresh.getByRole('status')).toContainText('Finished');
  await expect(fresh.getByRole('table', { name: 'Leaderboard' }).locator('tbody tr')).toHaveCount(4);
  await expect(fresh.getByTestId('best-summary')).toContainText(exported.best!.value.toFixed(4));

  await fresh.getByLabel('Import study').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"sweeplab.study","version":1,"study":3}') });
  await expect(fresh.getByTestId('import-error')).toContainText('Could not import broken.json: This file is not a valid Sweeplab study: study must be an object');
  await expect(fresh.getByRole('table', { name: 'Leaderboard' }).locator('tbody tr')).toHaveCount(4);
  await fresh.close();
});
