/** The best model leaves the page in TensorFlow.js Layers format and loads back with tf.loadLayersModel. */
import * as tf from '@tensorflow/tfjs';
import { expect, test, type Download } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { runStudyFromUrl } from './helpers';

test('Export model downloads model.json and weights that load and predict Iris', async ({ page }) => {
  expect(await runStudyFromUrl(page, 'dataset=iris&preset=seed-grid&backend=wasm&epochs=40&autostart=1')).toContain('Finished');
  const downloads: Download[] = [];
  page.on('download', (d) => downloads.push(d));
  await page.getByRole('button', { name: 'Export model' }).click();
  await expect.poll(() => downloads.length).toBe(2);
  const byName = new Map(await Promise.all(downloads.map(async (d) => [d.suggestedFilename(), await readFile((await d.path())!)] as const)));
  expect([...byName.keys()].sort()).toEqual(['model.json', 'model.weights.bin']);

  const json = JSON.parse(byName.get('model.json')!.toString('utf8'));
  expect(json.format).toBe('layers-model');
  const meta = json.userDefinedMetadata.sweeplab;
  expect(meta).toMatchObject({ task: 'multiclass', classNames: ['setosa', 'versicolor', 'virginica'] });
  const weights = byName.get('model.weights.bin')!;
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) }),
  );

  // Score the whole Iris table (the model saw 80 % of it): predictions must be sensible probabilities.
  const csv = await (await page.request.get('./datasets/iris.csv')).text();
  const rows = csv.trim().split('\n').slice(1).map((line) => line.split(',').map(Number));
  const x = tf.tensor2d(rows.map((r) => r.slice(0, 4).map((v, f) => (v - meta.mean[f]) / meta.std[f])));
  const probabilities = model.predict(x) as tf.Tensor2D;
  const sums = await probabilities.sum(-1).data();
  for (const s of sums) expect(s).toBeCloseTo(1, 4);
  const predicted = await probabilities.argMax(-1).data();
  const accuracy = rows.filter((r, i) => predicted[i] === r[4]).length / rows.length;
  expect(accuracy).toBeGreaterThan(0.9);
});
