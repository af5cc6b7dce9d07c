/**
 * The app's state and the actions the UI calls. The UI reads this store and nothing else: it never talks to
 * a worker or tfjs. Study progress arrives from the runner many times a second; the store publishes a
 * snapshot at most every UI_REFRESH_MS so charts stay smooth.
 */
import { createStore } from 'zustand/vanilla';
import { createRng } from '../engine/study/rng';
import { findBuiltin, type BuiltinDataset } from '../data/builtins';
import type { TaskChoice } from '../data/profile';
import { trainTestSplit } from '../data/split';
import { loadTable, prepareForTarget, type LoadedTable, type PreparedTable } from '../data/tableDataset';
import type { StudyRecord } from '../orchestrator/studyRecord';
import { createStudyRunner, type StudyRunner } from '../orchestrator/studyRunner';
import { newStudyRecord } from '../orchestrator/newStudy';
import { buildStudyExport } from '../orchestrator/studyExport';
import { modelJson } from '../orchestrator/modelFiles';
import { trialsToCsv } from '../orchestrator/trialsCsv';
import { MAX_STUDY_BYTES, parseStudyExport } from '../orchestrator/studyImport';
import { createWorkerPool, type WorkerPool } from '../orchestrator/workerPool';
import { spawnTrainingWorker } from '../orchestrator/workerClient';
import type { BackendMemory } from '../persistence/backendMemory';
import type { BackendPreference } from '../protocol/backend';
import type { PrunerKind } from '../engine/pruners/types';
import type { SamplerKind } from '../engine/samplers/types';
import type { SearchSpace } from '../engine/space/types';
import type { MetricName } from '../metrics/metrics';
import { configFromPreset, DEFAULT_PRESET_ID, findPreset } from '../search/presets';
import { evaluationFor, type ValidationChoice } from '../search/config';
import { createThrottle, snapshotStudy } from './snapshot';
import type { UrlOptions } from './urlParams';

export const UI_REFRESH_MS = 200;
const APP_VERSION = '0.1.0';

export type DatasetState =
  | { readonly status: 'empty' }
  | { readonly status: 'ready'; readonly table: LoadedTable; readonly builtin: BuiltinDataset | null };

/** A load in progress or the last load's failure; the dataset already loaded stays usable meanwhile. */
export type LoadState =
  | { readonly status: 'idle' }
  | { readonly status: 'loading'; readonly name: string }
  | { readonly status: 'failed'; readonly name: string; readonly message: string };

/** One worker per core, at most four; on two cores two workers each keep 90–96 % of their solo speed. */
export function defaultWorkerCount(): number {
  const cores = typeof navigator === 'undefined' ? 1 : (navigator.hardwareConcurrency ?? 1);
  return Math.max(1, Math.min(4, cores));
}

export interface SearchSettings {
  readonly presetId: string;
  /** Null: the preset's own sampler / pruner. */
  readonly sampler: SamplerKind | null;
  readonly pruner: PrunerKind | null;
  readonly workers: number;
  readonly maxMinutes: number | null;
  /** Null: the preset's own space. */
  readonly space: SearchSpace | null;
  /** Null: the task's default objective. */
  readonly objective: MetricName | null;
  /** Null: the preset's own validation (hold-out or k-fold). */
  readonly validation: ValidationChoice | null;
  readonly seed: number;
  /** Null: the preset's own trial budget. */
  readonly maxTrials: number | null;
  readonly maxEpochs: number | null;
  readonly backend: BackendPreference;
}

export interface AppState {
  readonly dataset: DatasetState;
  readonly load: LoadState;
  readonly target: string | null;
  /** The person's choice of task for the target ('auto': inferred). */
  readonly taskChoice: TaskChoice;
  readonly prepared: PreparedTable | null;
  readonly targetError: string | null;
  readonly settings: SearchSettings;
  readonly study: StudyRecord | null;
  readonly notices: readonly string[];
  /** Why the edited search space is not usable; empty when it is. */
  readonly spaceProblems: readonly string[];
  /** Whether the shown study can be resumed here (an imported one cannot: its data and workers are elsewhere). */
  readonly resumable: boolean;
  /** Why the last study file could not be imported. */
  readonly importError: string | null;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

export interface AppStoreOptions {
  readonly workers?: WorkerPool;
  readonly backendMemory?: BackendMemory;
  readonly fetchText?: (url: string) => Promise<string>;
}

export function createAppStore(options: AppStoreOptions = {}) {
  const backendMemory = options.backendMemory;
  const workers = options.workers ?? createWorkerPool(spawnTrainingWorker, backendMemory, defaultWorkerCount());
  const fetchText =
    options.fetchText ??
    (async (url: string) => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`Could not load ${url} (HTTP ${response.status})`);
      return response.text();
    });

  const store = createStore<AppState>(() => ({
    dataset: { status: 'empty' },
    load: { status: 'idle' },
    target: null,
    taskChoice: 'auto',
    prepared: null,
    targetError: null,
    settings: { presetId: DEFAULT_PRESET_ID, sampler: null, pruner: null, workers: workers.size, maxMinutes: null, space: null, objective: null, validation: null, seed: 42, maxTrials: null, maxEpochs: null, backend: 'auto' },
    study: null,
    notices: [],
    spaceProblems: [],
    resumable: false,
    importError: null,
  }));

  let runner: StudyRunner | null = null;
  let liveStudy: StudyRecord | null = null;
  /** Guards against a slow load finishing after a newer one started. */
  let loadGeneration = 0;

  const publish = createThrottle(() => {
    if (liveStudy) store.setState({ study: snapshotStudy(liveStudy), resumable: runner !== null });
  }, UI_REFRESH_MS);

  const isRunning = () => store.getState().study?.state === 'running';

  function chooseTarget(target: string) {
    const { dataset } = store.getState();
    if (dataset.status !== 'ready') return;
    try {
      const prepared = prepareForTarget(dataset.table, target, dataset.builtin?.classLabels, store.getState().taskChoice);
      store.setState({ target, prepared, targetError: null });
    } catch (error) {
      store.setState({ target, prepared: null, targetError: errorText(error) });
    }
  }

  async function loadText(name: string, read: () => Promise<string>, builtin: BuiltinDataset | null) {
    const generation = ++loadGeneration;
    store.setState({ load: { status: 'loading', name } });
    try {
      const table = await loadTable(await read(), name);
      if (generation !== loadGeneration) return;
      store.setState({ dataset: { status: 'ready', table, builtin }, load: { status: 'idle' }, taskChoice: 'auto' });
      chooseTarget(builtin?.target ?? table.suggestedTarget);
    } catch (error) {
      if (generation !== loadGeneration) return;
      // The previous dataset stays loaded: a bad file costs nothing but this message.
      store.setState({ load: { status: 'failed', name, message: errorText(error) } });
    }
  }

  const actions = {
    loadBuiltin(id: string) {
      if (isRunning()) return Promise.resolve();
      const builtin = findBuiltin(id);
      if (!builtin) return Promise.resolve();
      return loadText(builtin.name, () => fetchText(`${import.meta.env.BASE_URL}datasets/${builtin.file}`), builtin);
    },
    loadFile(file: File) {
      if (isRunning()) return Promise.resolve();
      return loadText(file.name, () => file.text(), null);
    },
    setTarget: chooseTarget,
    setTaskChoice(choice: TaskChoice) {
      store.setState({ taskChoice: choice });
      const { target } = store.getState();
      if (target !== null) chooseTarget(target);
    },
    updateSettings(patch: Partial<SearchSettings>) {
      const current = store.getState().settings;
      // A new preset brings its own space.
      const space = patch.presetId !== undefined && patch.presetId !== current.presetId ? null : current.space;
      store.setState({ settings: { ...current, space, ...patch }, ...(space === null ? { spaceProblems: [] } : {}) });
    },
    setSpace(space: SearchSpace | null) {
      store.setState({ settings: { ...store.getState().settings, space }, spaceProblems: [] });
    },
    setSpaceProblems(problems: readonly string[]) {
      store.setState({ spaceProblems: problems });
    },
    applyUrlOptions(url: UrlOptions) {
      const current = store.getState().settings;
      store.setState({
        notices: url.notices,
        settings: {
          presetId: url.preset ?? current.presetId,
          seed: url.seed ?? current.seed,
          maxTrials: url.trials ?? current.maxTrials,
          maxEpochs: url.epochs ?? current.maxEpochs,
          backend: url.backend ?? current.backend,
          sampler: url.sampler ?? current.sampler,
          pruner: url.pruner ?? current.pruner,
          workers: url.workers ?? current.workers,
          maxMinutes: url.minutes ?? current.maxMinutes,
          space: url.space ?? current.space,
          objective: url.objective ?? current.objective,
          validation: url.validation ?? current.validation,
        },
      });
    },
    /** Starts a study on the current dataset and target; resolves when it ends. */
    async startSearch(): Promise<void> {
      const { dataset, prepared, settings, spaceProblems } = store.getState();
      if (isRunning() || dataset.status !== 'ready' || !prepared || spaceProblems.length > 0) return;
      const preset = findPreset(settings.presetId);
      if (!preset) return;
      const presetConfig = configFromPreset(preset, {
        seed: settings.seed,
        ...(settings.maxTrials !== null ? { maxTrials: settings.maxTrials } : {}),
        maxEpochs: settings.maxEpochs,
        maxMinutes: settings.maxMinutes,
        backend: settings.backend,
        ...(settings.sampler ? { sampler: settings.sampler } : {}),
        ...(settings.pruner ? { pruner: settings.pruner } : {}),
        ...(settings.space ? { space: settings.space } : {}),
        objective: settings.objective,
      });
      const config = settings.validation ? { ...presetConfig, evaluation: evaluationFor(settings.validation) } : presetConfig;
      workers.resize(settings.workers);
      const { data } = prepared;
      let split;
      try {
        split = trainTestSplit(data.numRows, data.task.kind === 'regression' ? null : data.targets, config.testFraction, createRng(config.splitSeed));
      } catch (error) {
        store.setState({ targetError: errorText(error) });
        return;
      }
      const study = newStudyRecord({
        config,
        data,
        split,
        datasetName: dataset.table.name,
        source: dataset.builtin ? { kind: 'builtin', id: dataset.builtin.id } : { kind: 'file', fileName: dataset.table.name },
        columns: dataset.table.raw.columns.length,
        fingerprint: dataset.table.fingerprint,
        now: new Date(),
      });
      liveStudy = study;
      runner = createStudyRunner({ study, data, split, workers, onChange: publish.request });
      await runner.run();
      publish.now();
    },
    stopSearch() {
      runner?.stop();
    },
    /** Continues a stopped study: completed trials stay, interrupted ones restart, the search goes on. */
    async resumeSearch(): Promise<void> {
      const current = runner;
      if (!current || isRunning() || store.getState().study?.state !== 'stopped') return;
      await current.run();
      publish.now();
    },
    /** Forgets the remembered backend choice; the next study measures every backend again. */
    remeasureBackends() {
      if (isRunning()) return;
      backendMemory?.forget();
      for (let slot = 0; slot < workers.size; slot++) workers.discard(slot);
    },
    /** The best model's files (model.json text and the weights), or null before a study has one. */
    exportModelFiles(): { json: string; weights: ArrayBuffer } | null {
      const model = liveStudy?.bestModel;
      return model ? { json: modelJson(model, APP_VERSION), weights: model.weightData } : null;
    },
    /** Shows a study from a `sweeplab.study` file; a malformed file leaves the current study as it was. */
    async importStudy(file: File): Promise<void> {
      if (isRunning()) return;
      try {
        if (file.size > MAX_STUDY_BYTES) throw new Error(`${file.name} is ${(file.size / 1e6).toFixed(0)} MB; a Sweeplab study file is at most ${MAX_STUDY_BYTES / 1024 / 1024} MB.`);
        const study = parseStudyExport(await file.text());
        liveStudy = study;
        runner = null;
        store.setState({ study: snapshotStudy(study), resumable: false, importError: null });
      } catch (error) {
        store.setState({ importError: `Could not import ${file.name}: ${errorText(error)}` });
      }
    },
    /** The trials as CSV text (formula-safe), or null when there is no study. */
    exportTrialsCsv(): string | null {
      return liveStudy ? trialsToCsv(liveStudy.trials) : null;
    },
    /** The study as `sweeplab.study` JSON text, or null when there is none. */
    exportStudyJson(): string | null {
      const study = liveStudy;
      return study ? JSON.stringify(buildStudyExport(study, new Date(), APP_VERSION), null, 2) : null;
    },
  };

  return { store, actions };
}

export type AppStore = ReturnType<typeof createAppStore>;
