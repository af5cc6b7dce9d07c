/**
 * Images and text in: a zip of class folders and a folder through the file inputs, a labelled-text CSV,
 * each through a short search to an exported study; and the image and text built-ins reaching their marks.
 */
import { expect, test } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportStudy, runStudyFromUrl } from './helpers';
import { halvesImageSet, writeFolder, zipOf } from './imageFixtures';

const SHORT = 'trials=2&epochs=4&backend=wasm&workers=1';

test('a zip of class folders and a dropped folder load as images and train a CNN', async ({ page }) => {
  await page.goto(`./?${SHORT}`);
  await expect(page.getByLabel('Target column')).toBeVisible();
  const files = halvesImageSet(20);
  await page.getByLabel('Dataset file').setInputFiles({ name: 'shapes.zip', mimeType: 'application/zip', buffer: zipOf(files) });
  await expect(page.getByText('shapes.zip: 40 images, 28×28 grey')).toBeVisible();
  await expect(page.getByLabel('Preset')).toHaveValue(/images/);
  await page.getByRole('button', { name: 'Start search' }).click();
  await expect(page.getByRole('status')).toContainText('Finished', { timeout: 150_000 });
  const study = await exportStudy(page);
  expect(study.dataset.rows).toBe(40);
  expect(study.task.classNames).toEqual(['left', 'right']);
  expect(study.trials.every((t) => t.state === 'complete' || t.state === 'pruned')).toBe(true);

  const folder = writeFolder(mkdtempSync(join(tmpdir(), 'sweeplab-images-')), halvesImageSet(10));
  await page.getByLabel('Image size').selectOption('16');
  await page.getByLabel('Image folder').setInputFiles(folder);
  await expect(page.getByText('shapes: 20 images, 16×16 grey')).toBeVisible();
  await page.getByRole('button', { name: 'Start search' }).click();
  await expect(page.getByRole('status')).toContainText('Finished', { timeout: 150_000 });
  const fromFolder = await exportStudy(page);
  expect(fromFolder.dataset.rows).toBe(20);
  expect(fromFolder.dataset.featureNames).toHaveLength(16 * 16);
});

test('labelled text in a CSV becomes a text task and trains', async ({ page }) => {
  await page.goto(`./?${SHORT}`);
  await expect(page.getByLabel('Target column')).toBeVisible();
  const rows = Array.from({ length: 60 }, (_, i) =>
    i % 2 === 0 ? `"win a free prize now, claim your money offer ${i}",spam` : `"meeting notes for the project review on ${i} march",ham`,
  );
  await page.getByLabel('Dataset file').setInputFiles({ name: 'messages.csv', mimeType: 'text/csv', buffer: Buffer.from(`message,label\n${rows.join('\n')}\n`) });
  await expect(page.getByTestId('task-kind')).toHaveText('binary');
  await expect(page.getByLabel('Preset')).toHaveValue(/text/);
  await page.getByRole('button', { name: 'Start search' }).click();
  await expect(page.getByRole('status')).toContainText('Finished', { timeout: 150_000 });
  const study = await exportStudy(page);
  expect(study.best?.testMetrics?.['accuracy']).toBeGreaterThanOrEqual(0.9);
});

test('spam e-mail built-in: a bag-of-words model reaches 0.95 test accuracy', async ({ page }) => {
  const space = encodeURIComponent(JSON.stringify({ params: [{ name: 'family', kind: 'categorical', choices: ['bow'] }, { name: 'tfidf', kind: 'categorical', choices: [true] }, { name: 'vocab_size', kind: 'categorical', choices: [5000] }] }));
  expect(await runStudyFromUrl(page, `dataset=spam&preset=quick-text&space=${space}&trials=1&epochs=4&backend=wasm&autostart=1`, 240_000)).toContain('Finished');
  const study = await exportStudy(page);
  console.log(`spam: test accuracy ${study.best?.testMetrics?.['accuracy']} on ${study.dataset.testRows} e-mails`);
  expect(study.best?.testMetrics?.['accuracy']).toBeGreaterThanOrEqual(0.95);
});

test('digits as 8×8 images: a small CNN reaches 0.95 test accuracy', async ({ page }) => {
  // One fixed, sensible CNN (a space of single choices): the test is about the data path, not the search.
  const fixed = { conv_blocks: 2, filters: 32, kernel_size: 3, pooling: 'max', conv_dropout: 0.1, normalization: 'none', augment_flip: false, augment_shift: 0, augment_rotation: 0, augment_noise: 0, learning_rate: 0.003, batch_size: 32 };
  const space = encodeURIComponent(JSON.stringify({ params: Object.entries(fixed).map(([name, value]) => ({ name, kind: 'categorical', choices: [value] })) }));
  expect(await runStudyFromUrl(page, `dataset=digits-images&preset=quick-images&space=${space}&trials=1&epochs=30&backend=wasm&autostart=1`, 240_000)).toContain('Finished');
  const study = await exportStudy(page);
  console.log(`digits as images: test accuracy ${study.best?.testMetrics?.['accuracy']} on ${study.dataset.testRows} images`);
  expect(study.best?.testMetrics?.['accuracy']).toBeGreaterThanOrEqual(0.95);
});

test('hostile or broken zips get a specific message and the loaded dataset stays', async ({ page }) => {
  await page.goto('./?backend=wasm');
  await expect(page.getByLabel('Target column')).toHaveValue('target');
  const cases: [string, RegExp][] = [
    ['traversal.zip', /points outside the archive/],
    ['bomb-ratio.zip', /expands more than 200-fold/],
    ['one-class.zip', /only one class. Put each class in its own folder/],
    ['not-a-zip.zip', /is not a zip file/],
  ];
  for (const [name, message] of cases) {
    await page.getByLabel('Dataset file').setInputFiles(join('tests/fixtures/bad-input/images', name));
    const alert = page.getByTestId('load-error');
    await expect(alert).toContainText(name);
    await expect(alert).toContainText(message);
    await expect(alert).toContainText('The dataset already loaded (Iris) is still in use');
  }
});
