/**
 * The grid preset on each GPU backend (Chromium runs WebGPU and WebGL on SwiftShader here). Epochs are
 * capped with `epochs=` because a software GPU is slow; the point is that training works there end to end.
 */
import { expect, test } from '@playwright/test';
import { exportStudy, runStudyFromUrl } from './helpers';

for (const backend of ['webgpu', 'webgl'] as const) {
  test(`seed-grid completes with backend=${backend}`, async ({ page }) => {
    const status = await runStudyFromUrl(page, `dataset=iris&preset=seed-grid&backend=${backend}&epochs=2&autostart=1`);
    expect(status).toContain('Finished');
    await expect(page.getByTestId('backend-chosen')).toHaveText(backend);
    await expect(page.getByTestId('backend-note')).toHaveCount(0);
    const study = await exportStudy(page);
    expect(study.configuration.backend).toMatchObject({ requested: backend, chosen: backend, notes: [] });
    expect(study.configuration.budget.maxEpochsPerTrial).toBe(2);
    expect(study.trials).toHaveLength(4);
    for (const trial of study.trials) {
      expect(trial).toMatchObject({ state: 'complete', backend });
      expect(trial.foldScores).toHaveLength(3);
    }
    expect(study.best!.testMetrics!['accuracy']).toBeGreaterThan(0.5);
    console.log(`${backend}: ${study.configuration.backend.reason}; trials took ${study.trials.map((t) => Math.round(t.durationMs!)).join(', ')} ms`);
  });
}

// `auto` (the measured choice per workload, remembered) is covered by backend-workloads.spec.ts.
