/** "See it, keep it, use it": the best model predicts a filled-in form and a batch CSV, in the page. */
import { expect, test } from '@playwright/test';
import { readFile, writeFile } from 'node:fs/promises';
import { runStudyFromUrl } from './helpers';

test('Try it predicts a class with probabilities, and batch prediction downloads a formula-safe CSV', async ({ page }, testInfo) => {
  expect(await runStudyFromUrl(page, 'dataset=iris&preset=seed-grid&backend=wasm&epochs=5&autostart=1')).toContain('Finished');

  const panel = page.getByRole('region', { name: 'Try it' });
  // The form starts from the first test row; the placeholder gives the training range.
  await expect(panel.getByLabel('petal length (cm)')).toHaveAttribute('placeholder', /\d – \d/);
  await panel.getByLabel('sepal length (cm)').fill('6.7');
  await panel.getByLabel('sepal width (cm)').fill('3.0');
  await panel.getByLabel('petal length (cm)').fill('5.2');
  await panel.getByLabel('petal width (cm)').fill('2.3');
  await panel.getByRole('button', { name: 'Predict' }).click();
  await expect(panel.getByTestId('prediction')).toHaveText(/Prediction: (setosa|versicolor|virginica)/);
  const probabilities = panel.getByRole('table', { name: 'Class probabilities' });
  await expect(probabilities.getByRole('rowheader')).toHaveText(['setosa', 'versicolor', 'virginica']);
  const values = (await probabilities.locator('tbody td').allTextContents()).map((t) => Number(t.trim()));
  expect(values).toHaveLength(3);
  expect(Math.abs(values.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(0.005);

  const input = testInfo.outputPath('new-flowers.csv');
  await writeFile(input, 'sepal length (cm),sepal width (cm),petal length (cm),petal width (cm),note\n5.1,3.5,1.4,0.2,=1+2\n6.7,3.0,5.2,2.3,plain\n5.9,3.0,4.2,1.5,@home\n');
  const downloadPromise = page.waitForEvent('download');
  await page.getByLabel('Batch prediction CSV').setInputFiles(input);
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe('new-flowers.predictions.csv');
  const lines = (await readFile((await download.path())!, 'utf8')).trimEnd().split('\r\n');
  expect(lines[0]).toBe('sepal length (cm),sepal width (cm),petal length (cm),petal width (cm),note,prediction,probability_setosa,probability_versicolor,probability_virginica');
  expect(lines).toHaveLength(4);
  expect(lines[1]).toMatch(/^5\.1,3\.5,1\.4,0\.2,'=1\+2,(setosa|versicolor|virginica),/);
  expect(lines[3]).toContain(",'@home,");
  for (const line of lines.slice(1)) {
    const sum = line.split(',').slice(-3).map(Number).reduce((a, b) => a + b, 0);
    expect(Math.abs(sum - 1)).toBeLessThan(1e-4);
  }
});
