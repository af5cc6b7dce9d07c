/**
 * The `sweeplab.study` export format, version 1 (documented in docs/study-format.md). A pure function of
 * the study record, so the file is the same whether written by the page, a test or a script.
 */
import type { StudyRecord } from './studyRecord';

export const STUDY_FORMAT = 'sweeplab.study';
export const STUDY_FORMAT_VERSION = 1;

export function buildStudyExport(study: StudyRecord, exportedAt: Date, appVersion: string) {
  const { config } = study;
  return {
    format: STUDY_FORMAT,
    version: STUDY_FORMAT_VERSION,
    exportedAt: exportedAt.toISOString(),
    app: { name: 'sweeplab', version: appVersion },
    study: {
      id: study.id,
      createdAt: study.createdAt,
      state: study.state,
      message: study.message,
      startedAt: study.startedAt === null ? null : new Date(study.startedAt).toISOString(),
      finishedAt: study.finishedAt === null ? null : new Date(study.finishedAt).toISOString(),
    },
    dataset: study.dataset,
    task: { kind: study.dataset.task, target: study.dataset.target, classNames: study.dataset.classNames },
    objective: study.objective,
    configuration: {
      preset: config.presetId,
      objective: config.objective,
      space: config.space,
      fixed: config.fixed,
      sampler: config.sampler,
      enqueued: config.enqueued,
      pruner: config.pruner,
      budget: { maxTrials: config.maxTrials, maxEpochsPerTrial: config.maxEpochs, maxMinutes: config.maxMinutes },
      seed: config.seed,
      split: { seed: config.splitSeed, testFraction: config.testFraction, stratified: study.dataset.task !== 'regression' },
      evaluation: config.evaluation,
      ...(config.ensemble ? { ensemble: true } : {}),
      ...(config.searchRows !== undefined ? { searchRows: config.searchRows } : {}),
      backend: {
        requested: config.backend,
        chosen: study.backend?.chosen ?? null,
        workload: study.backend?.workload ?? null,
        reason: study.backend?.reason ?? null,
        probes: study.backend?.probes ?? [],
        notes: study.backend?.notes ?? [],
      },
    },
    trials: study.trials.map((t) => ({
      number: t.number,
      state: t.state,
      params: t.params,
      epochs: t.epochs,
      foldScores: t.foldScores,
      value: t.value,
      validationMetrics: t.metrics,
      startedAt: new Date(t.startedAt).toISOString(),
      durationMs: t.durationMs,
      backend: t.backend,
      ...(t.error ? { error: t.error } : {}),
      ...(t.epochsRun ? { epochsRun: t.epochsRun } : {}),
      ...(t.prunedAtEpoch !== undefined ? { prunedAtEpoch: t.prunedAtEpoch } : {}),
      ...(t.promotions ? { promotions: t.promotions } : {}),
      ...(t.cost ? { model: t.cost } : {}),
      ...(t.group ? { group: t.group } : {}),
      ...(t.system['bracket'] !== undefined ? { bracket: t.system['bracket'] } : {}),
    })),
    best: study.best,
  };
}

export type StudyExport = ReturnType<typeof buildStudyExport>;
