/**
 * The study as an Optuna journal log: the file `optuna.storages.JournalStorage` replays from a
 * `JournalFileStorage` (Optuna 3.1, Debian's `python3-optuna`) or `JournalFileBackend` (Optuna 4+), so a
 * Sweeplab study opens in Optuna's own tools (`optuna.load_study`, optuna-dashboard). Written from the
 * format Optuna documents by its replay code, not from Optuna's writer:
 *
 * - One JSON object per line, each an operation: `{"op_code": n, "worker_id": "...", ...fields}`.
 *   op codes: 0 create study, 2 set study user attr, 4 create trial, 5 set trial param, 6 set trial state and
 *   values, 7 set trial intermediate value, 8 set trial user attr, 9 set trial system attr.
 * - The study: `directions` [1] minimise or [2] maximise, from the study's objective.
 * - Trial ids count the trials of the log (one study, so trial id = Optuna's trial number = line order). Each
 *   trial is created RUNNING with its `datetime_start`, gets its parameters, intermediate values and attrs,
 *   and is finished last (Optuna ignores any operation on a finished trial).
 * - A parameter is set with its distribution as the JSON text `{"name": "FloatDistribution" |
 *   "IntDistribution" | "CategoricalDistribution", "attributes": {...}}` (Optuna's `distribution_to_json`) and
 *   its internal value (the number; for a categorical the index of the choice). A parameter the trial lacks
 *   (its condition did not hold) is not set, as in Optuna's conditional spaces. A log-scaled parameter with a
 *   step keeps no step (Optuna refuses both together). A trial value outside the space's choices, or a
 *   parameter the space does not declare, goes into the trial's user attr `sweeplab_extra_params` instead.
 * - States: complete → COMPLETE (1) with its value; pruned → PRUNED (2) with, as Optuna records, its last
 *   intermediate value; failed → FAIL (3). A trial that was running or stopped by the person is written as
 *   FAIL too, keeping trial numbers aligned with Sweeplab's; its user attr `sweeplab_state` says what it
 *   was and the system attr `fail_reason` (where Optuna keeps it) why. A complete trial whose value is
 *   missing or NaN is FAIL, as Optuna marks an objective that returns NaN.
 * - Intermediate values: the validation objective of the first fold (or the hold-out) after each epoch, the
 *   series Sweeplab's pruners judge, at step = epochs trained (1, 2, …).
 * - Times: `datetime_start` is the trial's start, `datetime_complete` start + duration, in UTC, written as
 *   Optuna writes its own (ISO 8601 with microseconds, no offset).
 * - Numbers: NaN, Infinity and -Infinity are written as the bare tokens Python's `json` writes and reads
 *   (as Optuna's own journal does), never as strings or null. Values, intermediate values and float
 *   parameters are written as Python floats (1.0, not 1), as Optuna stores them.
 */
import type { ParamSpec, ParamValue } from '../engine/space/types';
import type { Trial, TrialState } from '../engine/study/types';
import type { StudyRecord } from './studyRecord';

export const OptunaOp = {
  createStudy: 0,
  setStudyUserAttr: 2,
  createTrial: 4,
  setTrialParam: 5,
  setTrialStateValues: 6,
  setTrialIntermediateValue: 7,
  setTrialUserAttr: 8,
  setTrialSystemAttr: 9,
} as const;

export const OptunaTrialState = { RUNNING: 0, COMPLETE: 1, PRUNED: 2, FAIL: 3 } as const;
export const OptunaDirection = { minimize: 1, maximize: 2 } as const;

/** Deepest nesting a user attr keeps; anything deeper is written as null. */
const MAX_DEPTH = 16;

/** A number Python must read as a float (1.0, not the int 1), as Optuna stores values and float parameters. */
export class PythonFloat {
  constructor(readonly value: number) {}
}

function numberJson(value: number, float: boolean): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  const text = JSON.stringify(value);
  return float && /^-?\d+$/.test(text) ? `${text}.0` : text;
}

/** JSON as Python's `json.dumps` writes it: non-finite numbers as NaN / Infinity / -Infinity; own keys only. */
export function pythonJson(value: unknown, depth = 0): string {
  if (value === null || value === undefined || depth > MAX_DEPTH) return 'null';
  if (value instanceof PythonFloat) return numberJson(value.value, true);
  switch (typeof value) {
    case 'number':
      return numberJson(value, false);
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => pythonJson(v, depth + 1)).join(',')}]`;
      const entries: string[] = [];
      for (const key of Object.keys(value)) {
        const v = (value as Record<string, unknown>)[key];
        if (v === undefined || typeof v === 'function') continue;
        entries.push(`${JSON.stringify(key)}:${pythonJson(v, depth + 1)}`);
      }
      return `{${entries.join(',')}}`;
    }
    default:
      return 'null';
  }
}

const own = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

/** ISO 8601 with microseconds and no offset (UTC), as Python's `datetime.isoformat(timespec="microseconds")`. */
export function optunaDatetime(ms: number): string | null {
  if (!Number.isFinite(ms)) return null;
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  if (Number.isNaN(date.getTime()) || year < 1 || year > 9999) return null;
  return `${date.toISOString().slice(0, 23)}000`;
}

type Distribution =
  | { readonly name: 'FloatDistribution'; readonly attributes: { low: number; high: number; log: boolean; step: number | null } }
  | { readonly name: 'IntDistribution'; readonly attributes: { low: number; high: number; log: boolean; step: number } }
  | { readonly name: 'CategoricalDistribution'; readonly attributes: { choices: readonly ParamValue[] } };

/** Optuna's distribution for a parameter of the space, or null for a kind Optuna cannot express. */
export function optunaDistribution(spec: ParamSpec): Distribution | null {
  switch (spec.kind) {
    case 'float': {
      const log = spec.log === true;
      return { name: 'FloatDistribution', attributes: { low: spec.low, high: spec.high, log, step: log || spec.step === undefined ? null : spec.step } };
    }
    case 'int': {
      const log = spec.log === true;
      return { name: 'IntDistribution', attributes: { low: spec.low, high: spec.high, log, step: log || spec.step === undefined ? 1 : spec.step } };
    }
    case 'categorical':
      return spec.choices.length > 0 ? { name: 'CategoricalDistribution', attributes: { choices: spec.choices } } : null;
    default:
      return null;
  }
}

/** The internal value Optuna stores for `value` under `distribution` (a categorical's choice index), or null when it does not fit. */
function internalValue(distribution: Distribution, value: ParamValue): number | PythonFloat | null {
  if (distribution.name === 'CategoricalDistribution') {
    const index = distribution.attributes.choices.findIndex((choice) => choice === value);
    return index < 0 ? null : index;
  }
  if (typeof value !== 'number' || Number.isNaN(value)) return null;
  if (distribution.name === 'IntDistribution' && !Number.isInteger(value)) return null;
  return distribution.name === 'FloatDistribution' ? new PythonFloat(value) : value;
}

interface Outcome {
  readonly state: number;
  readonly values: readonly number[] | null;
  readonly failReason?: string;
}

/**
 * The trial's intermediate values as [step, value] in step order: fold 0's validation objective after each
 * epoch (the series Sweeplab's pruners judge, engine/pruners/plan.ts), step = epochs trained. A Map, so an
 * epoch number from an imported file cannot make a huge sparse array.
 */
export function optunaIntermediateValues(trial: Trial): [number, number][] {
  const byStep = new Map<number, number>();
  for (const record of trial.epochs) {
    if (record.fold === 0 && record.valScore !== undefined && Number.isInteger(record.epoch) && record.epoch >= 0) byStep.set(record.epoch + 1, record.valScore);
  }
  return [...byStep.entries()].sort((a, b) => a[0] - b[0]);
}

function outcomeOf(trial: Trial, intermediate: readonly [number, number][]): Outcome {
  const state: TrialState = trial.state;
  switch (state) {
    case 'complete':
      if (trial.value === null || Number.isNaN(trial.value)) {
        return { state: OptunaTrialState.FAIL, values: null, failReason: 'The trial completed without a value (or with NaN).' };
      }
      return { state: OptunaTrialState.COMPLETE, values: [trial.value] };
    case 'pruned': {
      // Optuna records a pruned trial's last reported intermediate value as its value, unless it is NaN.
      const last = intermediate.at(-1)?.[1];
      if (trial.value !== null && !Number.isNaN(trial.value)) return { state: OptunaTrialState.PRUNED, values: [trial.value] };
      return { state: OptunaTrialState.PRUNED, values: last !== undefined && !Number.isNaN(last) ? [last] : null };
    }
    case 'failed':
      return { state: OptunaTrialState.FAIL, values: null, failReason: trial.error ?? 'The trial failed.' };
    case 'stopped':
      return { state: OptunaTrialState.FAIL, values: null, failReason: 'Stopped in Sweeplab before it finished.' };
    case 'running':
      return { state: OptunaTrialState.FAIL, values: null, failReason: 'Still running in Sweeplab when the study was exported.' };
    default:
      return { state: OptunaTrialState.FAIL, values: null, failReason: `Unknown Sweeplab state ${JSON.stringify(String(state))}.` };
  }
}

/** The study as an Optuna journal log: one operation per line, each line ending in a newline. */
export function studyToOptunaJournal(study: StudyRecord): string {
  const lines: string[] = [];
  const workerId = `sweeplab-${study.id}`;
  const write = (opCode: number, fields: Record<string, unknown>) => lines.push(pythonJson({ op_code: opCode, worker_id: workerId, ...fields }));
  const studyId = 0;
  const { config, dataset } = study;

  write(OptunaOp.createStudy, { study_name: study.id, directions: [OptunaDirection[study.objective.direction === 'minimize' ? 'minimize' : 'maximize']] });
  const studyAttrs: Record<string, unknown> = {
    source: 'sweeplab',
    created_at: study.createdAt,
    objective: { metric: study.objective.metric, direction: study.objective.direction },
    intermediate_values: `validation ${study.objective.metric} of the first fold (or the hold-out) after each epoch; step = epochs trained`,
    dataset: {
      name: dataset.name,
      source: dataset.source,
      rows: dataset.rows,
      columns: dataset.columns,
      target: dataset.target,
      task: dataset.task,
      classes: dataset.classNames.length,
      train_rows: dataset.trainRows,
      test_rows: dataset.testRows,
      fingerprint: dataset.fingerprint,
    },
    preset: config.presetId,
    fixed_params: config.fixed,
    search_space: config.space,
    sampler: config.sampler,
    pruner: config.pruner,
    evaluation: config.evaluation,
    seed: config.seed,
    split: { seed: config.splitSeed, test_fraction: config.testFraction },
    budget: { max_trials: config.maxTrials, max_epochs_per_trial: config.maxEpochs, max_minutes: config.maxMinutes },
    state: study.state,
    message: study.message,
    backend: study.backend?.chosen ?? null,
    best: study.best
      ? {
          trial_number: study.best.trialNumber,
          value: study.best.value,
          params: study.best.params,
          ...(study.best.ensemble ? { ensemble: study.best.ensemble } : {}),
        }
      : null,
    test_metrics: study.best?.testMetrics ?? null,
  };
  for (const key of Object.keys(studyAttrs)) write(OptunaOp.setStudyUserAttr, { study_id: studyId, user_attr: { [key]: studyAttrs[key] } });

  // The space's parameters by name (the first of a duplicated name), with their Optuna distributions.
  const distributions = new Map<string, { readonly json: string; readonly distribution: Distribution }>();
  for (const spec of config.space.params) {
    if (distributions.has(spec.name)) continue;
    const distribution = optunaDistribution(spec);
    if (distribution) distributions.set(spec.name, { distribution, json: pythonJson(distribution) });
  }

  const trials = [...study.trials].sort((a, b) => a.number - b.number);
  for (const [trialId, trial] of trials.entries()) {
    write(OptunaOp.createTrial, { study_id: studyId, datetime_start: optunaDatetime(trial.startedAt) });
    const extra: Record<string, ParamValue> = {};
    for (const name of Object.keys(trial.params)) {
      const value = trial.params[name]!;
      const known = distributions.get(name);
      const internal = known ? internalValue(known.distribution, value) : null;
      if (known && internal !== null) {
        write(OptunaOp.setTrialParam, { trial_id: trialId, param_name: name, param_value_internal: internal, distribution: known.json });
      } else {
        extra[name] = value;
      }
    }
    const intermediate = optunaIntermediateValues(trial);
    for (const [step, value] of intermediate) write(OptunaOp.setTrialIntermediateValue, { trial_id: trialId, step, intermediate_value: new PythonFloat(value) });
    const outcome = outcomeOf(trial, intermediate);
    const attrs: Record<string, unknown> = {
      sweeplab_number: trial.number,
      sweeplab_state: trial.state,
      fold_scores: trial.foldScores,
      validation_metrics: trial.metrics,
      backend: trial.backend,
      duration_ms: trial.durationMs,
      ...(trial.epochsRun ? { epochs_run: trial.epochsRun } : {}),
      ...(trial.prunedAtEpoch !== undefined ? { pruned_at_epoch: trial.prunedAtEpoch } : {}),
      ...(trial.promotions ? { promotions: trial.promotions } : {}),
      ...(trial.cost ? { model: trial.cost } : {}),
      ...(trial.group ? { group: trial.group } : {}),
      ...(trial.error ? { error: trial.error } : {}),
      ...(own(trial.system, 'bracket') ? { bracket: trial.system['bracket'] } : {}),
      ...(Object.keys(extra).length > 0 ? { sweeplab_extra_params: extra } : {}),
    };
    for (const key of Object.keys(attrs)) write(OptunaOp.setTrialUserAttr, { trial_id: trialId, user_attr: { [key]: attrs[key] } });
    if (outcome.failReason !== undefined) write(OptunaOp.setTrialSystemAttr, { trial_id: trialId, system_attr: { fail_reason: outcome.failReason } });
    const complete =
      trial.durationMs !== null && Number.isFinite(trial.durationMs) && trial.durationMs >= 0 ? optunaDatetime(trial.startedAt + trial.durationMs) : optunaDatetime(trial.startedAt);
    write(OptunaOp.setTrialStateValues, {
      trial_id: trialId,
      state: outcome.state,
      values: outcome.values && outcome.values.map((v) => new PythonFloat(v)),
      // Optuna's replay reads a finished trial's completion time; a trial without a usable start time ends at the epoch.
      datetime_complete: complete ?? '1970-01-01T00:00:00.000000',
    });
  }
  return lines.map((line) => `${line}\n`).join('');
}
