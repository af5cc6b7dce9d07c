/**
 * "Try it" and batch prediction with the study's best model. Inputs are encoded on the page with the encoder
 * fitted for the study (kept in memory from the moment the study started, never saved: a reloaded, opened or
 * imported study has none, and the panel says so); the model runs in a training worker of the pool (slot 0,
 * idle once the study is over), never on the page, which has no tfjs at all.
 */
import type { StoreApi } from 'zustand/vanilla';
import { inspectImage } from '../data/images/imageHeader';
import { decodeInBrowser } from '../data/images/browserDecoder';
import type { ModelData } from '../data/types';
import type { StudyRecord } from '../orchestrator/studyRecord';
import type { WorkerPool } from '../orchestrator/workerPool';
import type { TrainedModel } from '../protocol/training';
import type { AppState } from './appStore';
import { createRng } from '../engine/study/rng';
import { permutationImportance } from '../metrics/permutationImportance';
import { batchRecords, encodeRows, predictableRows, predictionsCsv, readPrediction, type PredictSource, type TryItState } from './predictions';

export interface PredictDeps {
  readonly store: StoreApi<AppState>;
  readonly workers: WorkerPool;
  readonly currentStudy: () => StudyRecord | null;
}

/** Rows per worker call, so a large batch never becomes one enormous message or tensor. */
const BATCH_CHUNK_ROWS = 4096;
/** The pool wants a dataset on every worker; predictions need none, so an empty one is loaded once. */
const PREDICT_DATASET_KEY = 'sweeplab:predict';

export { newTryIt, type TryItState } from './predictions';

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function predictActions({ store, workers, currentStudy }: PredictDeps) {
  /** The best model and the source of the shown study, or why predictions are not possible. */
  function ready(): { study: StudyRecord; model: TrainedModel; tryIt: TryItState } | string {
    const study = currentStudy();
    const tryIt = store.getState().tryIt;
    if (!study?.bestModel) return 'The study has no refit best model yet.';
    if (!tryIt || tryIt.studyId !== study.id) return 'Predictions need the dataset this study ran on, loaded and searched in this tab (its fitted encoding is kept in memory only).';
    return { study, model: study.bestModel, tryIt };
  }

  async function runModel(study: StudyRecord, model: TrainedModel, features: Float32Array, rows: number): Promise<Float32Array> {
    const empty: ModelData = {
      numRows: 0,
      numFeatures: 0,
      featureNames: [],
      features: new Float32Array(0),
      targets: new Float32Array(0),
      task: { kind: study.dataset.task, target: study.dataset.target, classNames: study.dataset.classNames },
      // The pool picks (and under `auto`, measures) the backend by the data's layout: the study's, so the
      // worker that trained the model is reused rather than replaced.
      input: model.preprocessing.input,
    };
    const { client } = await workers.acquire(0, study.config.backend, PREDICT_DATASET_KEY, empty);
    const width = rows > 0 ? features.length / rows : 0;
    const outputs: Float32Array[] = [];
    for (let start = 0; start < rows; start += BATCH_CHUNK_ROWS) {
      const n = Math.min(BATCH_CHUNK_ROWS, rows - start);
      outputs.push((await client.call('predict', { model, features: features.slice(start * width, (start + n) * width), rows: n })).outputs);
    }
    const all = new Float32Array(outputs.reduce((sum, o) => sum + o.length, 0));
    outputs.reduce((at, o) => (all.set(o, at), at + o.length), 0);
    return all;
  }

  /** One input's features: a form's record, a text, or a dropped image decoded at the dataset's size. */
  async function featuresOf(source: PredictSource, input: Readonly<Record<string, string>> | File | string): Promise<Float32Array> {
    if (source.kind === 'image') {
      if (!(input instanceof File)) throw new Error('Drop or choose an image to classify.');
      const bytes = new Uint8Array(await input.arrayBuffer());
      const header = inspectImage(bytes, input.name); // a clear message for a file that is not an image
      return decodeInBrowser(bytes, header.mime, source.size, source.channels);
    }
    if (source.kind === 'text') {
      if (typeof input !== 'string') throw new Error('Type a text to classify.');
      return encodeRows(source, [source.encoder.column], [[input]]).features;
    }
    if (typeof input === 'string' || input instanceof File) throw new Error('Fill in the form to predict a row.');
    const columns = Object.keys(input);
    const { features, errors } = encodeRows(source, columns, [columns.map((c) => input[c]!)]);
    if (errors[0]) throw new Error(errors[0]);
    return features;
  }

  const patchTryIt = (studyId: string, patch: Partial<TryItState>) => {
    const tryIt = store.getState().tryIt;
    if (tryIt?.studyId === studyId) store.setState({ tryIt: { ...tryIt, ...patch } });
  };

  return {
    /** Predicts one input (a form's record, typed text, or an image file); the outcome lands in `tryIt`. */
    async predictOne(input: Readonly<Record<string, string>> | File | string): Promise<void> {
      const state = ready();
      if (typeof state === 'string') return;
      const { study, model, tryIt } = state;
      patchTryIt(study.id, { busy: true, error: null });
      try {
        const features = await featuresOf(tryIt.source, input);
        const outputs = await runModel(study, model, features, 1);
        patchTryIt(study.id, { busy: false, result: readPrediction(outputs, 0, model.preprocessing.classNames), error: null });
      } catch (error) {
        patchTryIt(study.id, { busy: false, result: null, error: errorText(error) });
      }
    },
    /**
     * Predicts every row of a CSV (table rows, or a column of texts) and returns the predictions CSV: the input
     * columns, the prediction and the class probabilities, every cell formula-safe. Rejects, saying why, when
     * the file cannot be read or lacks a column the model needs.
     */
    /** Permutation importance of each input column on the test rows (table studies), into `tryIt.importance`. */
    async computeImportance(): Promise<void> {
      const state = ready();
      if (typeof state === 'string') return;
      const { study, model, tryIt } = state;
      if (!tryIt.testSet) return patchTryIt(study.id, { importance: 'Permutation importance is computed for table models only.' });
      patchTryIt(study.id, { busy: true, importance: null });
      try {
        const input = { ...tryIt.testSet, metric: study.objective.metric };
        const importance = await permutationImportance(input, (features, rows) => runModel(study, model, features, rows), createRng(study.config.seed).fork('permutation-importance'));
        patchTryIt(study.id, { busy: false, importance });
      } catch (error) {
        patchTryIt(study.id, { busy: false, importance: errorText(error) });
      }
    },
    async predictCsv(file: File): Promise<string> {
      const state = ready();
      if (typeof state === 'string') throw new Error(state);
      const { study, model, tryIt } = state;
      const { columns, rows } = batchRecords(await file.text(), file.name, tryIt.source);
      if (tryIt.source.kind === 'image') throw new Error('Batch prediction does not read images.'); // batchRecords refuses it first
      const { features, errors } = encodeRows(tryIt.source, columns, rows);
      const predictable = predictableRows(features, errors);
      const outputs = await runModel(study, model, predictable.features, predictable.rows);
      return predictionsCsv(columns, rows, outputs, errors, model.preprocessing.classNames);
    },
  };
}
