/**
 * A table as people publish it, through the "Dataset file" input: rows without a rating, dates in words,
 * prices with "$" and thousands separators, percentages, units, short titles and many neighbourhoods. It
 * loads without hand-editing: the summary names the rows left out, the column list shows each recognised
 * kind with its reason and what the encoder does, a column's use can be overruled, and a short search
 * trains on the labelled rows only.
 */
import { expect, test } from '@playwright/test';
import { exportStudy } from './helpers';

const FILE = 'tests/fixtures/bad-input/tables/real-world-listings.csv';

test('a real-world table with missing targets, dates, money and percentages loads and trains', async ({ page }) => {
  await page.goto('./?backend=wasm&workers=1');
  await expect(page.getByLabel('Target column')).toHaveValue('target'); // Iris first
  await page.getByLabel('Dataset file').setInputFiles(FILE);
  await expect(page.getByLabel('Target column')).toHaveValue('rating');
  await expect(page.getByTestId('task-kind')).toHaveText('binary');
  await expect(page.getByRole('alert')).toHaveCount(0); // no "empty values" refusal
  await expect(page.getByTestId('unlabelled-rows')).toHaveText(
    '16 rows have no value for “rating” (rows 5, 15, 25, 35, 45, 55, 65, 75, …): left out of training and testing; you can still predict them.',
  );

  await page.getByText('Columns (8)').click();
  const columns = page.getByRole('table', { name: 'Column profiles' });
  const row = (name: string) => columns.getByRole('row', { name: new RegExp(`^${name}\\b`) });
  await expect(row('price')).toContainText('numeric');
  await expect(row('price')).toContainText('numbers written like "$6,374.77"');
  await expect(row('price')).toContainText(/feature: numeric, log transform \(skewed/);
  await expect(row('occupancy')).toContainText('numbers written like "63%" (read as written: 45% → 45)');
  await expect(row('area')).toContainText('"87 m²"');
  await expect(row('listed')).toContainText('datetime');
  await expect(row('listed')).toContainText('dates written with the month name first');
  await expect(row('title')).toContainText('text');
  await expect(row('title')).toContainText('feature: words hashed into 32 counts');
  await expect(row('neighbourhood')).toContainText(/levels: the \d+ most frequent one-hot/);
  await expect(row('listing_id')).toContainText('left out: an identifier');

  // Overrule two automatic choices: prices without the log transform, titles left out.
  const priceUse = page.getByLabel('Use of column price');
  await expect(priceUse).toHaveValue('auto');
  await expect(priceUse.locator('option').first()).toHaveText('auto (numeric, log transform: skewed)');
  await priceUse.selectOption('numeric');
  await expect(row('price')).toContainText(/feature: numeric$/);
  await page.getByLabel('Use of column title').selectOption('omit');
  await expect(row('title')).toContainText('left out: your choice');

  await page.getByLabel('Max trials').fill('1');
  await page.getByLabel('Max epochs per trial').fill('3');
  await page.getByRole('button', { name: 'Start search' }).click();
  await expect(page.getByRole('status')).toContainText('Finished', { timeout: 150_000 });
  const study = await exportStudy(page);
  expect(study.dataset.rows).toBe(144); // 160 rows, 16 without a rating
  expect(study.dataset.trainRows + study.dataset.testRows).toBe(144);
  expect(study.task).toMatchObject({ kind: 'binary', target: 'rating', classNames: ['good', 'poor'] });
  expect(study.dataset.featureNames).toContain('price');
  expect(study.dataset.featureNames).toContain('neighbourhood:frequency');
  expect(study.dataset.featureNames.some((name) => name.startsWith('title'))).toBe(false);
});
