/**
 * The app's state and the actions the UI calls. The UI reads this store and nothing else: it never talks to
 * a worker or tfjs. Study progress arrives from the runner many times a second; the store publishes a
 * snapshot at most every UI_REFRESH_MS so charts stay smooth.
 */
import { createStore } from 'zustand/vanilla';
import type { BuiltinDataset } from '../data/builtins';
import type { TaskChoice } from '../data/profile';
import type { ImageLoadOptions, ImageLoadProgress, LoadedImages } from '../data/images/loadImageSet';
import type { LoadedTable, PreparedTable } from '../data/tableDataset';
import type { LoadProgress } from '../data/table/readBlob';
import type { StudyRecord } from '../orchestrator/studyRecord';
import { createStudyRunner, DEFAULT_GROUP_SIZE, type StudyRunner } from '../orchestrator/studyRunner';
import { newStudyRecord } from '../orchestrator/newStudy';
import { createWorkerPool, type WorkerPool } from '../orchestrator/workerPool';
import { spawnTrainingWorker } from '../orchestrator/workerClient';
import type { BackendMemory } from '../persistence/backendMemory';
import type { BackendPreference } from '../protocol/backend';
import type { PrunerKind } from '../engine/pruners/types';
import type { SamplerKind } from '../engine/samplers/types';
import type { SearchSpace } from '../engine/space/types';
import type { MetricName } from '../metrics/metrics';
import { configFromPreset, DEFAULT_PRESET_ID, findPreset, sizedConfig } from '../search/presets';
import type { StudyConfig, ValidationChoice } from '../search/config';
import { createThrottle, snapshotStudy } from './snapshot';
import { cannotSaveNotice, createStudySaver, type StudySaver } from './studySaver';
import { studyFileActions } from './studyFiles';
import { savedStudyActions } from './savedStudies';
import { sharingActions } from './sharing';
import { datasetActions, prepareDataset, studySplit } from './datasetActions';
import { newTryIt, predictActions, type TryItState } from './predictActions';
import type { SharedStudyConfig } from './shareLink';
import type { StudyDb, StudyListItem } from '../persistence/studyDb';
import { requestPersistentStorage, storageEstimate } from '../persistence/storageQuota';
import type { ModelData, Split } from '../data/types';
import type { UrlOptions } from './urlParams';

export const UI_REFRESH_MS = 200;

/** The loaded dataset: a table (numbers, categories, or labelled text) or a set of labelled images. */
export type DatasetState =
  | { readonly status: 'empty' }
  | { readonly status: 'ready'; readonly kind: 'table'; readonly table: LoadedTable; readonly builtin: BuiltinDataset | null }
  | { readonly status: 'ready'; readonly kind: 'images'; readonly images: LoadedImages; readonly builtin: BuiltinDataset | null };

/** The dataset's display name and fingerprint, whatever its kind. */
export const datasetIdentity = (dataset: DatasetState & { status: 'ready' }) =>
  dataset.kind === 'table' ? { name: dataset.table.name, fingerprint: dataset.table.fingerprint, columns: dataset.table.raw.columns.length } : { name: dataset.images.name, fingerprint: dataset.images.fingerprint, columns: dataset.images.data.numFeatures + 1 };

/** A load in progress or the last load's failure; the dataset already loaded stays usable meanwhile. */
export type LoadState =
  | { readonly status: 'idle' }
  | { readonly status: 'loading'; readonly name: string; readonly progress?: LoadProgress | ImageLoadProgress }
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
  /** Most trials a worker trains together as one computation (URL `group=`); 1: each alone. */
  readonly groupSize: number;
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
  /** Studies kept in this browser (IndexedDB), most recent first; null when storage is unavailable. */
  readonly savedStudies: readonly StudyListItem[] | null;
  /** Bytes this site stores and may store, when the browser says. */
  readonly storage: { readonly usageBytes: number; readonly quotaBytes: number } | null;
  /** A configuration from a share link, waiting for the person to accept it. */
  readonly pendingShare: SharedStudyConfig | null;
  /** A link's `autostart=1`, waiting for the person to confirm (autostartAction): the prompt names the current dataset and preset. */
  readonly autostartOffer: boolean;
  /** How dropped images are resized and coloured. */
  readonly imageOptions: ImageLoadOptions;
  /** "Try it" for the study started in this tab (its fitted encoder, in memory only); null otherwise. */
  readonly tryIt: TryItState | null;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

export interface AppStoreOptions {
  readonly workers?: WorkerPool;
  readonly backendMemory?: BackendMemory;
  readonly fetchBytes?: (url: string) => Promise<Uint8Array>;
  /** Where studies are kept across reloads; absent or null: nowhere (tests, private windows). */
  readonly studyDb?: Promise<StudyDb | null>;
}

export function createAppStore(options: AppStoreOptions = {}) {
  const backendMemory = options.backendMemory;
  const workers = options.workers ?? createWorkerPool(spawnTrainingWorker, backendMemory, defaultWorkerCount());
  const fetchBytes =
    options.fetchBytes ??
    (async (url: string) => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`Could not load ${url} (HTTP ${response.status})`);
      return new Uint8Array(await response.arrayBuffer());
    });

  const store = createStore<AppState>(() => ({
    dataset: { status: 'empty' },
    load: { status: 'idle' },
    target: null,
    taskChoice: 'auto',
    prepared: null,
    targetError: null,
    settings: { presetId: DEFAULT_PRESET_ID, sampler: null, pruner: null, workers: workers.size, groupSize: DEFAULT_GROUP_SIZE, maxMinutes: null, space: null, objective: null, validation: null, seed: 42, maxTrials: null, maxEpochs: null, backend: 'auto' },
    study: null,
    notices: [],
    spaceProblems: [],
    resumable: false,
    importError: null,
    savedStudies: null,
    storage: null,
    pendingShare: null,
    autostartOffer: false,
    imageOptions: { size: 28, channels: 'auto' },
    tryIt: null,
  }));

  let runner: StudyRunner | null = null;
  /** Saving errors (a full disk) are shown once each as notices; the study itself goes on. */
  const notify = (message: string) => store.setState({ notices: [...store.getState().notices.filter((n) => n !== message), message] });
  // A database that will not open (private window, storage blocked, a newer version's data) means nothing
  // is kept: the page says so, with the reason, instead of silently saving nothing.
  const studyDb: Promise<StudyDb | null> = (options.studyDb ?? Promise.resolve(null)).catch((error: unknown) => {
    notify(cannotSaveNotice(error));
    return null;
  });
  const saver: Promise<StudySaver | null> = studyDb.then((db) => (db ? createStudySaver(db, notify) : null));

  let liveStudy: StudyRecord | null = null;
  const publish = createThrottle(() => {
    if (liveStudy) store.setState({ study: snapshotStudy(liveStudy), resumable: runner !== null });
  }, UI_REFRESH_MS);

  async function refreshSavedStudies() {
    const db = await studyDb;
    if (!db) return;
    const [savedStudies, estimate] = await Promise.all([db.listStudies(), storageEstimate()]);
    store.setState({ savedStudies, storage: estimate ? { usageBytes: estimate.usageBytes, quotaBytes: estimate.quotaBytes } : null });
  }

  /** The prepared dataset and the study's train/test split, or why there is none. */
  function studyData(config: StudyConfig): { data: ModelData; split: Split; prepared: PreparedTable } | string {
    const { prepared, dataset, target, taskChoice } = store.getState();
    if (!prepared || dataset.status !== 'ready' || target === null) return 'choose a target column first.';
    try {
      const split = studySplit(dataset, prepared, config.testFraction, config.splitSeed);
      // Imputation, rare levels, vocabularies… are fitted again on the training rows only, so the test rows
      // never shape the encoding they are scored with.
      // The fitted preparation (with its encoder) also serves predictions of new rows after the study.
      const fitted = dataset.kind === 'images' ? prepared : prepareDataset(dataset, target, taskChoice, split.train);
      return { data: fitted.data, split, prepared: fitted };
    } catch (error) {
      return errorText(error);
    }
  }

  /** Makes `study` the live one, ready to run or resume on `data`, saving every change as it happens. */
  async function attach(study: StudyRecord, data: ModelData, split: Split) {
    liveStudy = study;
    const save = await saver;
    const onChange = () => {
      publish.request();
      save?.sync();
    };
    runner = createStudyRunner({ study, data, split, workers, onChange, groupSize: store.getState().settings.groupSize });
    publish.now();
    if (save) {
      await save.begin(study);
      void requestPersistentStorage();
    }
  }

  async function runStudy(study: StudyRecord, data: ModelData, split: Split) {
    await attach(study, data, split);
    await runner!.run();
    publish.now();
    const save = await saver;
    save?.sync();
    await save?.flush();
    await refreshSavedStudies();
  }

  const isRunning = () => store.getState().study?.state === 'running';

  /** A URL's preset= is kept for the data it was opened with. */
  let presetFromUrl = false;
  const data = datasetActions({ store, isRunning, fetchBytes, presetPinned: () => presetFromUrl });
  const { chooseTarget } = data;
  const loadBuiltin = data.actions.loadBuiltin;

  const actions = {
    ...data.actions,
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
      presetFromUrl = url.preset !== null;
      store.setState({
        // Kept beside any notice already shown (the study database may have failed to open first).
        notices: [...store.getState().notices, ...url.notices],
        settings: {
          presetId: url.preset ?? current.presetId,
          seed: url.seed ?? current.seed,
          maxTrials: url.trials ?? current.maxTrials,
          maxEpochs: url.epochs ?? current.maxEpochs,
          backend: url.backend ?? current.backend,
          sampler: url.sampler ?? current.sampler,
          pruner: url.pruner ?? current.pruner,
          workers: url.workers ?? current.workers,
          groupSize: url.group ?? current.groupSize,
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
      workers.resize(settings.workers);
      const forStudy = studyData(presetConfig);
      if (typeof forStudy === 'string') return store.setState({ targetError: forStudy });
      const { data, split } = forStudy;
      const config = sizedConfig(preset, presetConfig, settings.validation, split.train.length);
      const identity = datasetIdentity(dataset);
      const study = newStudyRecord({
        config,
        data,
        split,
        datasetName: identity.name,
        source: dataset.builtin ? { kind: 'builtin', id: dataset.builtin.id } : { kind: 'file', fileName: identity.name },
        columns: identity.columns,
        fingerprint: identity.fingerprint,
        now: new Date(),
      });
      // A study started by hand answers a link's pending autostart question too.
      store.setState({ autostartOffer: false, tryIt: newTryIt(study.id, dataset.kind === 'table' ? dataset.table : null, forStudy.prepared, split) });
      await runStudy(study, data, split);
    },
    /** Carries out a link's autostart (autostartAction): starts at once under automation, otherwise asks first. */
    async autostart(action: 'start' | 'ask' | 'none'): Promise<void> {
      if (action === 'start') await actions.startSearch();
      else if (action === 'ask') store.setState({ autostartOffer: true });
    },
    /** The person confirmed the link's autostart: start as if they had pressed Start. */
    async acceptAutostart(): Promise<void> {
      if (!store.getState().autostartOffer) return;
      store.setState({ autostartOffer: false });
      await actions.startSearch();
    },
    dismissAutostart() {
      store.setState({ autostartOffer: false });
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
      const save = await saver;
      save?.sync();
      await save?.flush();
      await refreshSavedStudies();
    },
    /** Forgets the remembered backend choice; the next study measures every backend again. */
    remeasureBackends() {
      if (isRunning()) return;
      backendMemory?.forget();
      for (let slot = 0; slot < workers.size; slot++) workers.discard(slot);
    },
    ...studyFileActions({
      currentStudy: () => liveStudy,
      isRunning,
      showImported: (study) => {
        liveStudy = study;
        runner = null;
        store.setState({ study: snapshotStudy(study), resumable: false, importError: null });
      },
      setImportError: (importError) => store.setState({ importError }),
    }),
    ...predictActions({ store, workers, currentStudy: () => liveStudy }),
    ...sharingActions({ store, loadBuiltin, setTarget: chooseTarget, setTaskChoice: (choice) => actions.setTaskChoice(choice) }),
    ...savedStudyActions({
      store,
      studyDb,
      isRunning,
      refresh: refreshSavedStudies,
      loadBuiltin,
      setTarget: chooseTarget,
      studyData,
      attach,
      show: (study) => {
        liveStudy = study;
        runner = null;
        store.setState({ study: snapshotStudy(study), resumable: false });
      },
    }),
  };

  return { store, actions };
}

export type AppStore = ReturnType<typeof createAppStore>;
