/**
 * Reads a `sweeplab.study` file back into a study record, checking every field it uses, so a malformed or
 * foreign file gets a message naming the first problem instead of breaking the page. The imported study is
 * shown as it was; running trials in it are marked stopped. Besides the file's size, what a hostile file
 * could inflate is bounded field by field: the number of trials, the keys of each parameter set and their
 * length, and the study id, which becomes part of a download's file name.
 */
import { PRUNER_KINDS } from '../engine/pruners/types';
import { SAMPLER_KINDS } from '../engine/samplers/registry';
import { parseSpace } from '../engine/space/parse';
import type { ParamValue } from '../engine/space/types';
import type { BestResult, EpochRecord, Trial, TrialState } from '../engine/study/types';
import { isMetricName } from '../metrics/metrics';
import { isBackendPreference } from '../protocol/backend';
import { MAX_CV_FOLDS, MAX_CV_REPEATS, type Evaluation, type StudyConfig } from '../search/config';
import { STUDY_FORMAT, STUDY_FORMAT_VERSION } from './studyExport';
import type { StudyRecord, StudyState } from './studyRecord';

export class StudyImportError extends Error {
  readonly code = 'invalid-study' as const;
  constructor(message: string) {
    super(message);
    this.name = 'StudyImportError';
  }
}

/** Larger files are refused before parsing: a study of thousands of trials stays far below this. */
export const MAX_STUDY_BYTES = 64 * 1024 * 1024;

/** No study has more trials than the largest grid (MAX_GRID_POINTS) a search may visit. */
export const MAX_IMPORT_TRIALS = 100_000;
/** Parameters a trial may set: a space's MAX_PARAMS (64) and the preset's fixed values, with room to spare. */
export const MAX_PARAM_KEYS = 256;
/** As long as a space's parameter names may be (engine/space/parse.ts). */
export const MAX_PARAM_KEY_LENGTH = 64;
/** Ids as newStudyRecord makes them (study-<base36 time>), kept safe to put in a download name. */
const STUDY_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const fail = (where: string, what: string): never => {
  throw new StudyImportError(`This file is not a valid Sweeplab study: ${where} ${what}.`);
};

function object(v: unknown, where: string): Json {
  return isObject(v) ? v : fail(where, 'must be an object');
}
function string(v: unknown, where: string): string {
  return typeof v === 'string' ? v : fail(where, 'must be text');
}
function number(v: unknown, where: string): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fail(where, 'must be a number');
}
function wholeIn(v: unknown, min: number, max: number, where: string): number {
  const n = number(v, where);
  return Number.isInteger(n) && n >= min && n <= max ? n : fail(where, `must be a whole number from ${min} to ${max}`);
}
function numberOrNull(v: unknown, where: string): number | null {
  return v === null || v === undefined ? null : number(v, where);
}
function oneOf<T extends string>(v: unknown, allowed: readonly T[], where: string): T {
  return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : fail(where, `must be one of ${allowed.join(', ')}`);
}
function array(v: unknown, where: string): unknown[] {
  return Array.isArray(v) ? v : fail(where, 'must be a list');
}
function params(v: unknown, where: string): Record<string, ParamValue> {
  const o = object(v, where);
  const keys = Object.keys(o);
  if (keys.length > MAX_PARAM_KEYS) fail(where, `has ${keys.length} parameters; at most ${MAX_PARAM_KEYS} are allowed`);
  const long = keys.find((k) => k.length > MAX_PARAM_KEY_LENGTH);
  if (long !== undefined) fail(where, `has a parameter name of ${long.length} characters; names are at most ${MAX_PARAM_KEY_LENGTH}`);
  for (const [k, value] of Object.entries(o)) {
    if (!['number', 'string', 'boolean'].includes(typeof value)) fail(`${where}.${k}`, 'must be a number, text or true/false');
  }
  return o as Record<string, ParamValue>;
}
function metrics(v: unknown, where: string): Record<string, number> {
  const o = object(v, where);
  for (const [k, value] of Object.entries(o)) number(value, `${where}.${k}`);
  return o as Record<string, number>;
}
const isoTime = (v: unknown, where: string): number => {
  const t = Date.parse(string(v, where));
  return Number.isFinite(t) ? t : fail(where, 'must be a date');
};

const TRIAL_STATES: readonly TrialState[] = ['running', 'complete', 'failed', 'pruned', 'stopped'];
const STUDY_STATES: readonly (StudyState | 'running')[] = ['idle', 'running', 'finished', 'stopped', 'failed'];

function readTrial(raw: unknown, i: number): Trial {
  const where = `trials[${i}]`;
  const t = object(raw, where);
  const state = oneOf(t['state'], TRIAL_STATES, `${where}.state`);
  const epochs: EpochRecord[] = array(t['epochs'], `${where}.epochs`).map((e, j) => {
    const r = object(e, `${where}.epochs[${j}]`);
    return {
      fold: number(r['fold'], `${where}.epochs[${j}].fold`),
      epoch: number(r['epoch'], `${where}.epochs[${j}].epoch`),
      loss: number(r['loss'], `${where}.epochs[${j}].loss`),
      ...(r['valLoss'] !== undefined ? { valLoss: number(r['valLoss'], `${where}.epochs[${j}].valLoss`) } : {}),
      ...(r['valScore'] !== undefined ? { valScore: number(r['valScore'], `${where}.epochs[${j}].valScore`) } : {}),
    };
  });
  return {
    number: number(t['number'], `${where}.number`),
    // An exported study may have been running; here nothing is, so it is shown as interrupted.
    state: state === 'running' ? 'stopped' : state,
    params: params(t['params'], `${where}.params`),
    system: t['bracket'] !== undefined ? { bracket: number(t['bracket'], `${where}.bracket`) } : {},
    epochs,
    foldScores: array(t['foldScores'], `${where}.foldScores`).map((s, j) => number(s, `${where}.foldScores[${j}]`)),
    metrics: metrics(t['validationMetrics'] ?? {}, `${where}.validationMetrics`),
    value: numberOrNull(t['value'], `${where}.value`),
    startedAt: t['startedAt'] === undefined ? 0 : isoTime(t['startedAt'], `${where}.startedAt`),
    durationMs: numberOrNull(t['durationMs'], `${where}.durationMs`),
    backend: t['backend'] === null || t['backend'] === undefined ? null : string(t['backend'], `${where}.backend`),
    ...(typeof t['error'] === 'string' ? { error: t['error'] } : {}),
    ...(t['epochsRun'] !== undefined ? { epochsRun: array(t['epochsRun'], `${where}.epochsRun`).map((e, j) => number(e, `${where}.epochsRun[${j}]`)) } : {}),
    ...(t['prunedAtEpoch'] !== undefined ? { prunedAtEpoch: number(t['prunedAtEpoch'], `${where}.prunedAtEpoch`) } : {}),
    ...(t['model'] !== undefined
      ? (() => {
          const m = object(t['model'], `${where}.model`);
          return { cost: { parameters: number(m['parameters'], `${where}.model.parameters`), bytes: number(m['bytes'], `${where}.model.bytes`), latencyMs: number(m['latencyMs'], `${where}.model.latencyMs`) } };
        })()
      : {}),
    ...(t['promotions'] !== undefined ? { promotions: array(t['promotions'], `${where}.promotions`).map((p, j) => number(p, `${where}.promotions[${j}]`)) } : {}),
    ...(t['group'] !== undefined ? { group: { size: number(object(t['group'], `${where}.group`)['size'], `${where}.group.size`) } } : {}),
  };
}

function readEnsemble(v: unknown): NonNullable<BestResult['ensemble']> {
  const e = object(v, 'best.ensemble');
  return {
    members: array(e['members'], 'best.ensemble.members').map((m, i) => {
      const member = object(m, `best.ensemble.members[${i}]`);
      return { trialNumber: number(member['trialNumber'], `best.ensemble.members[${i}].trialNumber`), weight: number(member['weight'], `best.ensemble.members[${i}].weight`) };
    }),
    bestSingleValue: number(e['bestSingleValue'], 'best.ensemble.bestSingleValue'),
  };
}

function readEvaluation(v: unknown): Evaluation {
  const e = object(v, 'configuration.evaluation');
  return e['kind'] === 'cross-validation'
    ? {
        kind: 'cross-validation',
        folds: wholeIn(e['folds'], 2, MAX_CV_FOLDS, 'configuration.evaluation.folds'),
        ...(e['repeats'] === undefined ? {} : { repeats: wholeIn(e['repeats'], 1, MAX_CV_REPEATS, 'configuration.evaluation.repeats') }),
      }
    : { kind: oneOf(e['kind'], ['holdout'] as const, 'configuration.evaluation.kind'), validationFraction: number(e['validationFraction'], 'configuration.evaluation.validationFraction') };
}

export function parseStudyExport(text: string): StudyRecord {
  if (text.length > MAX_STUDY_BYTES) throw new StudyImportError(`This file is ${(text.length / 1e6).toFixed(0)} MB; a Sweeplab study file is at most ${MAX_STUDY_BYTES / 1024 / 1024} MB.`);
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    throw new StudyImportError('This file is not JSON, so it cannot be a Sweeplab study (use "Export study" to make one).');
  }
  const doc = object(root, 'the file');
  if (doc['format'] !== STUDY_FORMAT) throw new StudyImportError(`This JSON file is not a Sweeplab study (its "format" is ${JSON.stringify(doc['format'] ?? null)}, not "${STUDY_FORMAT}").`);
  if (doc['version'] !== STUDY_FORMAT_VERSION) {
    throw new StudyImportError(`This study file has format version ${JSON.stringify(doc['version'])}; this version of Sweeplab reads version ${STUDY_FORMAT_VERSION}.`);
  }
  const study = object(doc['study'], 'study');
  const dataset = object(doc['dataset'], 'dataset');
  const source = object(dataset['source'], 'dataset.source');
  const objective = object(doc['objective'], 'objective');
  const cfg = object(doc['configuration'], 'configuration');
  const budget = object(cfg['budget'], 'configuration.budget');
  const split = object(cfg['split'], 'configuration.split');
  const backend = object(cfg['backend'], 'configuration.backend');
  let space;
  try {
    space = parseSpace(cfg['space']);
  } catch (error) {
    throw new StudyImportError(`This study's search space is invalid: ${error instanceof Error ? error.message : String(error)}`);
  }
  const metric = cfg['objective'];
  const config: StudyConfig = {
    presetId: string(cfg['preset'], 'configuration.preset'),
    space,
    fixed: params(cfg['fixed'] ?? {}, 'configuration.fixed'),
    sampler: oneOf(cfg['sampler'], SAMPLER_KINDS, 'configuration.sampler'),
    pruner: oneOf(cfg['pruner'] ?? 'none', PRUNER_KINDS, 'configuration.pruner'),
    enqueued: array(cfg['enqueued'] ?? [], 'configuration.enqueued').map((p, i) => params(p, `configuration.enqueued[${i}]`)),
    maxTrials: number(budget['maxTrials'], 'configuration.budget.maxTrials'),
    maxEpochs: numberOrNull(budget['maxEpochsPerTrial'], 'configuration.budget.maxEpochsPerTrial'),
    maxMinutes: numberOrNull(budget['maxMinutes'], 'configuration.budget.maxMinutes'),
    seed: number(cfg['seed'], 'configuration.seed'),
    splitSeed: number(split['seed'], 'configuration.split.seed'),
    testFraction: number(split['testFraction'], 'configuration.split.testFraction'),
    objective: metric === null || metric === undefined ? null : isMetricName(metric) ? metric : fail('configuration.objective', 'is not a known metric'),
    evaluation: readEvaluation(cfg['evaluation']),
    ...(cfg['ensemble'] === true ? { ensemble: true } : {}),
    ...(cfg['searchRows'] !== undefined ? { searchRows: number(cfg['searchRows'], 'configuration.searchRows') } : {}),
    backend: isBackendPreference(backend['requested']) ? backend['requested'] : fail('configuration.backend.requested', 'is not a known backend'),
  };
  const trialList = array(doc['trials'], 'trials');
  if (trialList.length > MAX_IMPORT_TRIALS) fail('trials', `holds ${trialList.length} trials; at most ${MAX_IMPORT_TRIALS.toLocaleString('en')} are allowed`);
  const trials = trialList.map(readTrial);
  const bestRaw = doc['best'];
  const best =
    bestRaw === null || bestRaw === undefined
      ? null
      : (() => {
          const b = object(bestRaw, 'best');
          return {
            trialNumber: number(b['trialNumber'], 'best.trialNumber'),
            params: params(b['params'], 'best.params'),
            value: number(b['value'], 'best.value'),
            testMetrics: b['testMetrics'] === null || b['testMetrics'] === undefined ? null : metrics(b['testMetrics'], 'best.testMetrics'),
            ...(b['ensemble'] !== undefined ? { ensemble: readEnsemble(b['ensemble']) } : {}),
          };
        })();
  const state = oneOf(study['state'], STUDY_STATES, 'study.state');
  const chosen = backend['chosen'];
  return {
    id: STUDY_ID.test(string(study['id'], 'study.id')) ? (study['id'] as string) : fail('study.id', 'must be 1–64 letters, digits, "-" or "_", starting with a letter or digit'),
    createdAt: string(study['createdAt'], 'study.createdAt'),
    config,
    objective: {
      metric: isMetricName(objective['metric']) ? objective['metric'] : fail('objective.metric', 'is not a known metric'),
      direction: oneOf(objective['direction'], ['maximize', 'minimize'] as const, 'objective.direction'),
    },
    dataset: {
      name: string(dataset['name'], 'dataset.name'),
      source: source['kind'] === 'builtin' ? { kind: 'builtin', id: string(source['id'], 'dataset.source.id') } : { kind: 'file', fileName: string(source['fileName'], 'dataset.source.fileName') },
      rows: number(dataset['rows'], 'dataset.rows'),
      columns: number(dataset['columns'], 'dataset.columns'),
      target: string(dataset['target'], 'dataset.target'),
      task: oneOf(dataset['task'], ['binary', 'multiclass', 'regression'] as const, 'dataset.task'),
      classNames: array(dataset['classNames'], 'dataset.classNames').map((c, i) => string(c, `dataset.classNames[${i}]`)),
      featureNames: array(dataset['featureNames'], 'dataset.featureNames').map((c, i) => string(c, `dataset.featureNames[${i}]`)),
      fingerprint: string(dataset['fingerprint'], 'dataset.fingerprint'),
      trainRows: number(dataset['trainRows'], 'dataset.trainRows'),
      testRows: number(dataset['testRows'], 'dataset.testRows'),
    },
    state: state === 'running' || state === 'idle' ? 'stopped' : state,
    message: state === 'running' ? 'Imported while it was still running; the last trials may be incomplete.' : typeof study['message'] === 'string' ? study['message'] : null,
    backend:
      typeof chosen === 'string' && isBackendPreference(chosen) && chosen !== 'auto'
        ? { preference: config.backend, chosen, reason: typeof backend['reason'] === 'string' ? backend['reason'] : 'imported', probes: [], notes: [] }
        : null,
    trials,
    best,
    bestModel: null,
    testPredictions: null,
    startedAt: study['startedAt'] ? isoTime(study['startedAt'], 'study.startedAt') : null,
    finishedAt: study['finishedAt'] ? isoTime(study['finishedAt'], 'study.finishedAt') : null,
  };
}
