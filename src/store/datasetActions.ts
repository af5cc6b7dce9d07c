/**
 * Getting data in: built-in datasets, dropped tables (parsed in the data worker), dropped image folders or
 * zips (decoded in the image worker), and the choice of target and task. A load in progress can be
 * cancelled; a failed one leaves the dataset already loaded in place, with a message saying why.
 */
import type { StoreApi } from 'zustand/vanilla';
import { findBuiltin, type BuiltinDataset } from '../data/builtins';
import { DataError } from '../data/errors';
import { loadImageBundle } from '../data/images/imageBuiltins';
import type { ImageWorkerSource } from '../data/images/imageWorkerMessages';
import { countClasses, type ImageLoadOptions, type ImageLoadProgress, type LoadedImages } from '../data/images/loadImageSet';
import { sha256Hex } from '../data/fingerprint';
import type { TaskChoice } from '../data/profile';
import type { LoadProgress } from '../data/table/readBlob';
import { prepareForTarget, withColumnChoice, type LoadedTable, type PreparedTable } from '../data/tableDataset';
import type { ColumnChoice } from '../data/columnChoice';
import { dataRowsOf } from '../data/rows';
import { loadTableInWorker } from '../orchestrator/dataWorkerClient';
import { loadImagesInWorker } from '../orchestrator/imageWorkerClient';
import { defaultPresetIdFor, presetsFor } from '../search/presets';
import type { AppState, DatasetState } from './appStore';
import { designatedTestRows } from '../data/splitColumn';
import { designatedSplit, trainTestSplit } from '../data/split';
import type { Split } from '../data/types';
import { createRng } from '../engine/study/rng';

export interface DatasetDeps {
  readonly store: StoreApi<AppState>;
  readonly isRunning: () => boolean;
  /** Fetches a file shipped with the app (public/datasets). */
  readonly fetchBytes: (url: string) => Promise<Uint8Array>;
  /** Whether the preset was chosen on purpose before any data was loaded (a URL's preset=). */
  readonly presetPinned: () => boolean;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Gzipped files start with 1f 8b; servers that decompress on the fly hand us the plain bytes instead. */
async function gunzipIfNeeded(bytes: Uint8Array): Promise<Uint8Array> {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The dataset as prepared for `target` (a text task when the table has a free-text column: see tableDataset.ts). */
export function prepareDataset(dataset: DatasetState, target: string, choice: TaskChoice, fitRows?: readonly number[]): PreparedTable {
  if (dataset.status !== 'ready') throw new Error('No dataset is loaded.');
  if (dataset.kind === 'images') return { task: dataset.images.data.task, data: dataset.images.data, dropped: [] };
  return prepareForTarget(dataset.table, target, dataset.builtin?.classLabels, choice, fitRows);
}

/** Rows the dataset itself designates as its test set (official test images, a table's "split" column), or null. */
export function designatedTestRowsOf(dataset: DatasetState & { status: 'ready' }): readonly number[] | null {
  return dataset.kind === 'images' ? dataset.images.testRows : designatedTestRows(dataset.table.raw, dataset.table.profiles);
}

/**
 * The train/test split a study on this dataset gets: its designated test rows, or a seeded hold-out of
 * `testFraction` (stratified for classes). Start uses it, and the search panel to name the validation the
 * preset will choose for the training rows left (which depends on their number). Both index the prepared
 * rows, which leave out rows without a target value: a designated test row without one is not scored.
 */
export function studySplit(dataset: DatasetState & { status: 'ready' }, prepared: PreparedTable, testFraction: number, splitSeed: number): Split {
  const designated = designatedTestRowsOf(dataset);
  if (designated) return designatedSplit(prepared.data.numRows, dataRowsOf(prepared.data, designated));
  const labels = prepared.data.task.kind === 'regression' ? null : prepared.data.targets;
  return trainTestSplit(prepared.data.numRows, labels, testFraction, createRng(splitSeed));
}

export function datasetActions({ store, isRunning, fetchBytes, presetPinned }: DatasetDeps) {
  /** Guards against a slow load finishing after a newer one started. */
  let generation = 0;
  let abort: AbortController | null = null;
  /** The last table's warnings (e.g. read as Windows-1252), shown among the notices until the next load. */
  let loadNotices: readonly string[] = [];
  /** The last dropped image set, decoded again when the image size or colour changes. */
  let lastImageSource: ImageWorkerSource | null = null;
  /** The kind of data the presets were last chosen for, and the preset that was the default for it. */
  let layoutKind: string | null = null;
  let previousDefault: string | null = null;

  function chooseTarget(target: string) {
    const { dataset, taskChoice } = store.getState();
    if (dataset.status !== 'ready') return;
    try {
      store.setState({ target, prepared: prepareDataset(dataset, target, taskChoice), targetError: null });
    } catch (error) {
      store.setState({ target, prepared: null, targetError: errorText(error) });
    }
    // Images and text need their own model families: when the kind of data changes, so does the preset
    // (unless the page was opened with a preset for this very data, e.g. ?dataset=fashion-mnist&preset=…).
    // A table the person brings starts on the recommended search, a built-in one on the seed grid; a preset the
    // person picked stays when only the source changes.
    const layout = store.getState().prepared?.data.input;
    const kind = layout?.kind ?? 'table';
    const source = dataset.builtin ? 'builtin' : 'file';
    const { settings } = store.getState();
    const wanted = defaultPresetIdFor(layout, source);
    const firstLoadKeepsPreset = layoutKind === null && presetPinned() && presetsFor(layout).some((p) => p.id === settings.presetId);
    const onPreviousDefault = previousDefault !== null && settings.presetId === previousDefault;
    const change = kind !== layoutKind || (onPreviousDefault && wanted !== previousDefault);
    if (change && !firstLoadKeepsPreset && settings.presetId !== wanted) {
      store.setState({ settings: { ...settings, presetId: wanted, space: null }, spaceProblems: [] });
    }
    layoutKind = kind;
    previousDefault = wanted;
  }

  /** Runs one load: the newest wins, a cancel is silent, a failure keeps the previous dataset. */
  async function loadWith(name: string, load: (signal: AbortSignal) => Promise<DatasetState & { status: 'ready' }>, target: (d: DatasetState & { status: 'ready' }) => string) {
    const mine = ++generation;
    abort?.abort();
    const controller = new AbortController();
    abort = controller;
    store.setState({ load: { status: 'loading', name } });
    try {
      const dataset = await load(controller.signal);
      if (mine !== generation) return;
      const warnings = dataset.kind === 'table' ? dataset.table.warnings : imageNotes(dataset.images);
      const notices = [...store.getState().notices.filter((n) => !loadNotices.includes(n)), ...warnings];
      loadNotices = warnings;
      store.setState({ dataset, load: { status: 'idle' }, taskChoice: 'auto', notices });
      chooseTarget(target(dataset));
    } catch (error) {
      if (mine !== generation) return;
      store.setState({ load: controller.signal.aborted ? { status: 'idle' } : { status: 'failed', name, message: errorText(error) } });
    } finally {
      if (abort === controller) abort = null;
    }
  }

  const onProgress = (name: string) => (progress: LoadProgress | ImageLoadProgress) => {
    const { load } = store.getState();
    if (load.status === 'loading' && load.name === name) store.setState({ load: { ...load, progress } });
  };

  const tableTarget = (d: DatasetState & { status: 'ready' }) => (d.kind === 'table' ? (d.builtin?.target ?? d.table.suggestedTarget) : 'class');

  function loadTable(file: File, builtin: BuiltinDataset | null) {
    return loadWith(file.name, async (signal) => ({ status: 'ready', kind: 'table', table: await loadTableInWorker(file, { onProgress: onProgress(file.name), signal }), builtin }), tableTarget);
  }

  function loadImages(source: ImageWorkerSource) {
    lastImageSource = source;
    const options: ImageLoadOptions = store.getState().imageOptions;
    return loadWith(
      source.name,
      async (signal) => {
        const images = await loadImagesInWorker(source, options, {
          signal,
          onProgress: onProgress(source.name),
        });
        return { status: 'ready', kind: 'images', images, builtin: null };
      },
      () => 'class',
    );
  }

  async function loadBuiltin(id: string): Promise<void> {
    if (isRunning()) return;
    const builtin = findBuiltin(id);
    if (!builtin) return;
    const url = `${import.meta.env.BASE_URL}datasets/${builtin.file}`;
    if (builtin.kind === 'images') {
      return loadWith(
        builtin.name,
        async () => {
          const bytes = await fetchBytes(url);
          const bundle = await loadImageBundle(bytes);
          const input = bundle.data.input;
          const images: LoadedImages = {
            name: builtin.name,
            data: bundle.data,
            fingerprint: await sha256Hex(`${builtin.file}:${bytes.length}:${bundle.data.numRows}`),
            size: input?.kind === 'image' ? input.height : 0,
            channels: input?.kind === 'image' ? input.channels : 1,
            classCounts: countClasses(bundle.data.targets, bundle.data.task.classNames.length),
            failed: [],
            skippedFiles: 0,
            skippedExamples: [],
            unlabelled: [],
            testRows: bundle.testRows.length > 0 ? bundle.testRows : null,
          };
          return { status: 'ready', kind: 'images', images, builtin };
        },
        () => 'class',
      );
    }
    return loadWith(
      builtin.name,
      async (signal) => {
        const bytes = await gunzipIfNeeded(await fetchBytes(url));
        const file = new File([bytes as Uint8Array<ArrayBuffer>], builtin.file.replace(/\.gz$/, ''), { type: 'text/csv' });
        const table: LoadedTable = { ...(await loadTableInWorker(file, { signal })), name: builtin.name };
        return { status: 'ready', kind: 'table', table, builtin };
      },
      tableTarget,
    );
  }

  return {
    chooseTarget,
    actions: {
      loadBuiltin,
      /** A dropped or picked file: a zip of class folders is an image set, anything else a table. */
      loadFile(file: File): Promise<void> {
        if (isRunning()) return Promise.resolve();
        if (/\.zip$/i.test(file.name) || file.type === 'application/zip') return loadImages({ kind: 'zip', name: file.name, file });
        return loadTable(file, null);
      },
      /** A dropped or picked folder of class sub-folders (paths relative to the folder dropped). */
      loadImageFiles(name: string, files: readonly { path: string; file: File }[]): Promise<void> {
        if (isRunning()) return Promise.resolve();
        if (files.length === 0) {
          store.setState({ load: { status: 'failed', name, message: new DataError('no-images', `${name} holds no files.`).message } });
          return Promise.resolve();
        }
        return loadImages({ kind: 'files', name, files });
      },
      /** Stops the load in progress; the dataset already loaded stays. */
      cancelLoad() {
        abort?.abort();
      },
      setTarget: chooseTarget,
      /** The person's use of one column (auto, a kind, or leave out); the target is prepared again with it. */
      setColumnChoice(column: string, choice: ColumnChoice) {
        const { dataset, target } = store.getState();
        if (isRunning() || dataset.status !== 'ready' || dataset.kind !== 'table') return;
        store.setState({ dataset: { ...dataset, table: withColumnChoice(dataset.table, column, choice) } });
        if (target !== null) chooseTarget(target);
      },
      setTaskChoice(choice: TaskChoice) {
        store.setState({ taskChoice: choice });
        const { target } = store.getState();
        if (target !== null) chooseTarget(target);
      },
      /** Image size and colour; a dropped image set is decoded again with them. */
      setImageOptions(patch: Partial<ImageLoadOptions>): Promise<void> {
        store.setState({ imageOptions: { ...store.getState().imageOptions, ...patch } });
        const { dataset } = store.getState();
        if (lastImageSource && dataset.status === 'ready' && dataset.kind === 'images' && !dataset.builtin && !isRunning()) return loadImages(lastImageSource);
        return Promise.resolve();
      },
    },
  };
}

/** What the person should know about images left out of a dropped set. */
function imageNotes(images: LoadedImages): string[] {
  const notes: string[] = [];
  if (images.failed.length > 0) {
    notes.push(`${images.failed.length} image(s) in ${images.name} could not be decoded and were left out, e.g. ${images.failed.slice(0, 3).map((f) => `${f.path} (${f.reason})`).join('; ')}.`);
  }
  if (images.skippedFiles > 0) notes.push(`${images.skippedFiles} file(s) in ${images.name} are not images and were skipped, e.g. ${images.skippedExamples.slice(0, 3).join(', ')}.`);
  if (images.unlabelled.length > 0) notes.push(`${images.unlabelled.length} image(s) lie outside any class folder and were left out, e.g. ${images.unlabelled.slice(0, 3).join(', ')}.`);
  return notes;
}
