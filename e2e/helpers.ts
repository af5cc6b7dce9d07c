/** Shared steps of the browser journeys: run a study from URL parameters and read its export. */
import { expect, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';

/** Opens the app with URL parameters and waits until the study ends; returns the status text. */
export async function runStudyFromUrl(page: Page, query: string, timeoutMs = 150_000): Promise<string> {
  await page.goto(`./?${query}`);
  const status = page.getByRole('status');
  await expect(status).toContainText(/Finished|Stopped|Failed/, { timeout: timeoutMs });
  return (await status.textContent()) ?? '';
}

/** Clicks "Export study" and parses the downloaded JSON. */
export async function exportStudy(page: Page): Promise<StudyExportJson> {
  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export study' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/\.sweeplab\.json$/);
  return JSON.parse(await readFile(await download.path(), 'utf8')) as StudyExportJson;
}

/** The parts of the export format the journeys check (see docs/study-format.md). */
export interface StudyExportJson {
  format: string;
  version: number;
  study: { state: string };
  dataset: { name: string; fingerprint: string; rows: number; trainRows: number; testRows: number; source: { kind: string }; featureNames: string[] };
  task: { kind: string; target: string; classNames: string[] };
  configuration: {
    preset: string;
    sampler: string;
    pruner: string;
    seed: number;
    budget: { maxTrials: number; maxEpochsPerTrial: number | null; maxMinutes: number | null };
    evaluation: { kind: string; folds?: number };
    space: { params: { name: string }[] };
    backend: { requested: string; chosen: string | null; reason: string | null; probes: { backend: string; ok: boolean; detail?: string; error?: string; samplesPerSecond?: number; probeMs?: number }[]; notes: string[] };
  };
  trials: {
    number: number;
    state: string;
    params: Record<string, string | number | boolean>;
    epochs: { fold: number; epoch: number; loss: number; valLoss?: number; valScore?: number }[];
    foldScores: number[];
    value: number | null;
    validationMetrics: Record<string, number>;
    startedAt: string;
    durationMs: number | null;
    backend: string | null;
    prunedAtEpoch?: number;
    group?: { size: number };
    model?: { parameters: number; bytes: number; latencyMs: number };
    promotions?: number[];
    bracket?: number;
  }[];
  best: { trialNumber: number; params: Record<string, unknown>; value: number; testMetrics: Record<string, number> | null } | null;
}
