/**
 * `auto` measures the workload a study trains: a small CNN for images, the reference MLP for tables, each
 * remembered on its own. On this machine WebGPU and WebGL run on SwiftShader, so either may be cut off at the
 * probe's time cap and reported lost; the figures are logged for the record.
 */
import { expect, test } from '@playwright/test';
import { exportStudy, runStudyFromUrl } from './helpers';

test('auto probes images as conv and tables as dense, remembering each', async ({ page }) => {
  test.setTimeout(400_000);
  const images = 'dataset=digits-images&preset=quick-images&epochs=1&trials=1&workers=1&autostart=1';
  expect(await runStudyFromUrl(page, images, 240_000)).toContain('Finished');
  const conv = (await exportStudy(page)).configuration.backend;
  expect(conv.probes.map((p) => p.backend)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
  await expect(page.getByTestId('backend-workload')).toHaveText(' for convolutional models');
  await expect(page.getByTestId('backend-reason')).toContainText('Fastest in a training probe of the small CNN');
  await expect(page.getByTestId('backend-chosen')).toHaveText(conv.chosen!);
  console.log(`conv: ${conv.reason} — probe ms ${conv.probes.map((p) => `${p.backend} ${p.probeMs}`).join(', ')}`);

  expect(await runStudyFromUrl(page, 'dataset=iris&preset=seed-grid&epochs=2&trials=1&workers=1&autostart=1')).toContain('Finished');
  const dense = (await exportStudy(page)).configuration.backend;
  expect(dense.probes.map((p) => p.backend)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
  // A software WebGPU adapter is listed but not timed: its unfinished step would keep the CPU busy (backends.ts).
  for (const p of dense.probes.filter((p) => p.backend === 'webgpu' && p.detail?.startsWith('software adapter'))) {
    expect(p).toMatchObject({ ok: false, error: expect.stringContaining('not measured') });
    expect(p.probeMs).toBeLessThan(8000); // decided before a step, not at the cap
  }
  const working = dense.probes.filter((p) => p.ok);
  expect(working.length).toBeGreaterThanOrEqual(1);
  const fastest = working.reduce((a, b) => (b.samplesPerSecond! > a.samplesPerSecond! ? b : a));
  expect(dense.chosen).toBe(fastest.backend);
  await expect(page.getByTestId('backend-workload')).toHaveText(' for dense models');
  await expect(page.getByTestId('backend-reason')).toContainText('Fastest in a training probe of the reference MLP');
  console.log(`dense: ${dense.reason} — probe ms ${dense.probes.map((p) => `${p.backend} ${p.probeMs}`).join(', ')}`);

  expect(await runStudyFromUrl(page, images, 240_000)).toContain('Finished');
  await expect(page.getByTestId('backend-reason')).toContainText('remembered in this browser');
  await expect(page.getByTestId('backend-workload')).toHaveText(' for convolutional models');
  await expect(page.getByTestId('backend-chosen')).toHaveText(conv.chosen!);
});
