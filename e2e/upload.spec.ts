/** A person's own CSV through the "Dataset file" input: target choice, a short search, export; and bad files. */
import { expect, test } from '@playwright/test';
import { exportStudy } from './helpers';

/** A small binary task with a text column: label is "yes" when x + y > 0 (seeded, no randomness needed). */
function makeCsv(): string {
  const lines = ['x,y,colour,label'];
  for (let i = 0; i < 80; i++) {
    const x = ((i * 37) % 41) / 20 - 1;
    const y = ((i * 53) % 43) / 21 - 1;
    lines.push(`${x.toFixed(3)},${y.toFixed(3)},${['red', 'green', 'blue'][i % 3]},${x + y > 0 ? 'yes' : 'no'}`);
  }
  return lines.join('\n') + '\n';
}

test('upload a CSV, pick the target, run a short search and export it', async ({ page }) => {
  await page.goto('./?backend=wasm');
  await expect(page.getByLabel('Target column')).toHaveValue('target'); // Iris loads by default
  await page.getByLabel('Dataset file').setInputFiles({ name: 'points.csv', mimeType: 'text/csv', buffer: Buffer.from(makeCsv()) });
  await expect(page.getByText('points.csv', { exact: false }).first()).toBeVisible();
  await expect(page.getByLabel('Target column')).toHaveValue('label');
  await expect(page.getByTestId('task-kind')).toHaveText('binary');

  // Choosing a numeric column as target turns the task into regression; back to label for the search.
  await page.getByLabel('Target column').selectOption('x');
  await expect(page.getByTestId('task-kind')).toHaveText('regression');
  await page.getByLabel('Target column').selectOption('label');

  await page.getByLabel('Preset').selectOption('seed-autokeras');
  await page.getByLabel('Max trials').fill('3');
  await page.getByLabel('Max epochs per trial').fill('10');
  await page.getByRole('button', { name: 'Start search' }).click();
  await expect(page.getByRole('status')).toContainText('Finished', { timeout: 120_000 });

  const study = await exportStudy(page);
  expect(study.dataset).toMatchObject({ name: 'points.csv', rows: 80, source: { kind: 'file' } });
  expect(study.task).toMatchObject({ kind: 'binary', target: 'label', classNames: ['no', 'yes'] });
  expect(study.trials).toHaveLength(3);
  expect(study.configuration.budget).toEqual({ maxTrials: 3, maxEpochsPerTrial: 10, maxMinutes: null });
  expect(study.best!.testMetrics!['accuracy']).toBeGreaterThan(0.6);
});

test('upload JSON records: columns are profiled, identifiers left out, a short search runs', async ({ page }) => {
  await page.goto('./?backend=wasm&workers=1');
  await expect(page.getByLabel('Target column')).toHaveValue('target');
  const records = Array.from({ length: 60 }, (_, i) => ({ order_id: 5000 + i * 13, member: i % 3 === 0, size: (i * 37) % 23, label: (i * 37) % 23 > 11 ? 'big' : 'small' }));
  await page.getByLabel('Dataset file').setInputFiles({ name: 'orders.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(records)) });
  await expect(page.getByLabel('Target column')).toHaveValue('label');
  await expect(page.getByTestId('task-kind')).toHaveText('binary');
  await page.getByText('Columns (4)').click();
  const columns = page.getByRole('table', { name: 'Column profiles' });
  await expect(columns.getByRole('row', { name: /order_id/ })).toContainText('identifier');
  await expect(columns.getByRole('row', { name: /order_id/ })).toContainText('left out: an identifier');
  await expect(columns.getByRole('row', { name: /member/ })).toContainText('boolean');
  await page.getByLabel('Max trials').fill('2');
  await page.getByLabel('Max epochs per trial').fill('5');
  await page.getByRole('button', { name: 'Start search' }).click();
  await expect(page.getByRole('status')).toContainText('Finished', { timeout: 60_000 });
  const study = await exportStudy(page);
  expect(study.dataset).toMatchObject({ name: 'orders.json', rows: 60 });
  expect(study.dataset.featureNames).toEqual(['member', 'size']);
});

const badFiles: [string, string, RegExp][] = [
  ['empty.csv', '', /is empty/],
  ['header.csv', 'a,b,c\n', /no data rows/],
  ['ragged.csv', 'a,b\n1,2\n3\n', /Row 3 .* has 1 field but the header has 2/],
  ['image.csv', '\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR', /does not look like text/],
  ['broken.json', '[{"a": 1},', /is not valid JSON/],
  ['numbers.json', '[1, 2, 3]', /must hold an array of objects/],
];

test('bad files get a specific message and the loaded dataset stays usable', async ({ page }) => {
  await page.goto('./?backend=wasm');
  await expect(page.getByLabel('Target column')).toHaveValue('target');
  for (const [name, content, message] of badFiles) {
    await page.getByLabel('Dataset file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content, 'latin1') });
    const alert = page.getByTestId('load-error');
    await expect(alert).toContainText(name);
    await expect(alert).toContainText(message);
    await expect(alert).toContainText('The dataset already loaded (Iris) is still in use');
  }
  // A target with a single class explains itself too.
  await page.getByLabel('Dataset file').setInputFiles({ name: 'one-class.csv', mimeType: 'text/csv', buffer: Buffer.from('x,label\n1,a\n2,a\n3,a\n') });
  await expect(page.getByRole('alert').filter({ hasText: 'single value' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start search' })).toBeDisabled();
  // And the page still works: Iris again, a one-trial search.
  await page.getByLabel('Built-in dataset').selectOption('iris');
  await page.getByLabel('Max trials').fill('1');
  await page.getByLabel('Max epochs per trial').fill('3');
  await page.getByRole('button', { name: 'Start search' }).click();
  await expect(page.getByRole('status')).toContainText('Finished', { timeout: 60_000 });
});

test('Stop ends a running study, keeps finished trials, and the study still exports', async ({ page }) => {
  await page.goto('./?dataset=iris&preset=seed-grid&backend=wasm&workers=1&autostart=1');
  const leaderboard = page.getByRole('table', { name: 'Leaderboard' });
  // At least one finished, then Stop at once (polled often: trials take a few seconds each now).
  const completed = leaderboard.locator('tbody tr').filter({ hasText: 'complete' });
  await expect.poll(() => completed.count(), { timeout: 60_000, intervals: [100] }).toBeGreaterThanOrEqual(1);
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByRole('status')).toContainText('Stopped', { timeout: 15_000 });
  const study = await exportStudy(page);
  expect(study.trials.filter((t) => t.state === 'complete').length).toBeGreaterThanOrEqual(1);
  expect(study.trials.at(-1)!.state).toMatch(/stopped|complete/);
  expect(study.trials.length).toBeLessThan(4);
  await expect(page.getByRole('button', { name: 'Start search' })).toBeEnabled();
});
