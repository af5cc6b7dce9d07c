/**
 * `npm run check:optuna-journal`: does Optuna itself read a Sweeplab study's journal back as the same study?
 * Runs a small real study under Node (Iris, the quick tables preset, a few trials, a tiny epoch cap, tfjs cpu,
 * one in-process worker), writes its Optuna journal ("Export Optuna journal") to a temporary file, reads it
 * with Debian's Optuna (`/usr/bin/python3 scripts/check_optuna_journal.py`) and checks the trial count,
 * states, parameters, values, intermediate values and best trial against the study (with three synthetic trials
 * added: failed, stopped, running, to cover FAIL and a NaN intermediate value). Fails (exit 1) with a
 * clear message when python3 or its optuna module is missing (Debian: `apt-get install python3-optuna`);
 * it never passes without Optuna having read the file.
 *
 * Options: --trials=8  --epochs=4  --keep (leave the journal file and print its path)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainTestSplit } from '../src/data/split';
import { loadTable, prepareForTarget } from '../src/data/tableDataset';
import { createRng } from '../src/engine/study/rng';
import type { Trial } from '../src/engine/study/types';
import { newStudyRecord } from '../src/orchestrator/newStudy';
import { optunaIntermediateValues, studyToOptunaJournal } from '../src/orchestrator/optunaJournal';
import { createStudyRunner } from '../src/orchestrator/studyRunner';
import { createWorkerPool } from '../src/orchestrator/workerPool';
import { configFromPreset, findPreset } from '../src/search/presets';
import { createInProcessWorker } from '../src/worker/inProcessWorker';

const option = (name: string, fallback: string): string => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const TRIALS = Number(option('trials', '8'));
const EPOCHS = Number(option('epochs', '4'));
const KEEP = process.argv.includes('--keep');
const PYTHON = '/usr/bin/python3';
const READER = new URL('./check_optuna_journal.py', import.meta.url).pathname;

interface OptunaTrial {
  number: number;
  state: string;
  params: Record<string, unknown>;
  distributions: Record<string, string>;
  param_types: Record<string, string>;
  value_type: string;
  value: number | string | null;
  intermediate_values: Record<string, number | string>;
  duration_s: number | null;
  user_attrs: Record<string, unknown>;
  fail_reason: string | null;
}
interface OptunaReport {
  optuna_version: string;
  study_name: string;
  direction: string;
  n_trials: number;
  states: string[];
  best_value: number | null;
  best_params: Record<string, unknown> | null;
  best_trial: number | null;
  user_attr_keys: string[];
  trials: OptunaTrial[];
}

const problems: string[] = [];
function check(ok: boolean, what: string): void {
  if (!ok) problems.push(what);
}
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
/** Optuna's reader prints non-finite numbers as strings. */
const fromReader = (v: number | string | null) => (v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v);

const EXPECTED_STATE: Record<Trial['state'], string> = { complete: 'COMPLETE', pruned: 'PRUNED', failed: 'FAIL', stopped: 'FAIL', running: 'FAIL' };

async function main(): Promise<number> {
  const table = await loadTable(readFileSync(new URL('../public/datasets/iris.csv', import.meta.url), 'utf8'), 'iris.csv');
  const data = prepareForTarget(table, 'target').data;
  const config = configFromPreset(findPreset('quick')!, { maxTrials: TRIALS, maxEpochs: EPOCHS });
  const split = trainTestSplit(data.numRows, data.targets, config.testFraction, createRng(config.splitSeed));
  const study = newStudyRecord({ config, data, split, datasetName: 'Iris', source: { kind: 'builtin', id: 'iris' }, columns: 5, fingerprint: table.fingerprint, now: new Date() });
  const workers = createWorkerPool(createInProcessWorker, undefined, 1);
  const started = Date.now();
  await createStudyRunner({ study, data, split, workers, onChange: () => {} }).run();
  workers.discard(0);
  console.log(`study ${study.id}: ${study.state}, ${study.trials.length} trials (${[...new Set(study.trials.map((t) => t.state))].join(', ')}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  // A real run on Iris neither fails nor is interrupted: add a failed, a stopped and a running trial (copies of
  // the first, with a NaN epoch score in the first) so Optuna's FAIL mapping and NaN tokens are read back too.
  const first = study.trials[0]!;
  const extra: Trial['state'][] = ['failed', 'stopped', 'running'];
  for (const [i, state] of extra.entries()) {
    study.trials.push({
      ...first,
      number: study.trials.length,
      state,
      value: null,
      durationMs: state === 'failed' ? 1234 : null,
      epochs: i === 0 ? [...first.epochs.filter((e) => e.fold === 0).slice(0, 1), { fold: 0, epoch: 1, loss: NaN, valScore: NaN }] : [],
      ...(state === 'failed' ? { error: 'Synthetic failure added by check:optuna-journal' } : {}),
    });
  }
  const journal = studyToOptunaJournal(study);
  const dir = mkdtempSync(join(tmpdir(), 'sweeplab-optuna-'));
  const file = join(dir, `${study.id}.optuna.jsonl`);
  writeFileSync(file, journal);
  console.log(`journal: ${journal.split('\n').length - 1} operations, ${journal.length} bytes${KEEP ? ` at ${file}` : ''}`);

  const run = spawnSync(PYTHON, [READER, file], { encoding: 'utf8' });
  if (!KEEP) rmSync(dir, { recursive: true, force: true });
  if (run.error) {
    console.error(`FAIL: could not run ${PYTHON} (${run.error.message}); install Python 3 and python3-optuna`);
    return 1;
  }
  if (run.status === 2) {
    console.error(`FAIL: Optuna is missing: ${run.stderr.trim()}`);
    return 1;
  }
  if (run.status !== 0) {
    console.error(`FAIL: Optuna could not read the journal (exit ${run.status}):\n${run.stderr}`);
    return 1;
  }
  const report = JSON.parse(run.stdout) as OptunaReport;

  check(report.study_name === study.id, `study name ${report.study_name} ≠ ${study.id}`);
  check(report.direction === study.objective.direction.toUpperCase(), `direction ${report.direction} ≠ ${study.objective.direction}`);
  check(report.n_trials === study.trials.length, `trial count ${report.n_trials} ≠ ${study.trials.length}`);
  let intermediateCount = 0;
  for (const trial of study.trials) {
    const read = report.trials[trial.number];
    const at = `trial ${trial.number}`;
    if (!read) {
      problems.push(`${at}: missing in Optuna`);
      continue;
    }
    check(read.number === trial.number, `${at}: Optuna numbers it ${read.number}`);
    check(read.state === EXPECTED_STATE[trial.state], `${at}: state ${read.state}, expected ${EXPECTED_STATE[trial.state]} (${trial.state})`);
    check(same(read.params, Object.fromEntries(Object.keys(read.params).map((k) => [k, trial.params[k]]))) && same(Object.keys(read.params).sort(), Object.keys(trial.params).sort()), `${at}: params ${JSON.stringify(read.params)} ≠ ${JSON.stringify(trial.params)}`);
    for (const [name, kind] of Object.entries(read.distributions)) {
      const expectedType = kind === 'FloatDistribution' ? 'float' : kind === 'IntDistribution' ? 'int' : null;
      if (expectedType) check(read.param_types[name] === expectedType, `${at}: ${name} (${kind}) reads as a Python ${read.param_types[name]}`);
    }
    check(read.value === null || read.value_type === 'float', `${at}: value reads as a Python ${read.value_type}`);
    const intermediate = optunaIntermediateValues(trial);
    intermediateCount += intermediate.length;
    const readSteps = Object.entries(read.intermediate_values).map(([k, v]) => [Number(k), fromReader(v)]);
    check(same(readSteps, intermediate), `${at}: intermediate values ${JSON.stringify(readSteps)} ≠ ${JSON.stringify(intermediate)}`);
    const expectedValue = trial.state === 'complete' ? trial.value : trial.state === 'pruned' ? (trial.value ?? intermediate.at(-1)?.[1] ?? null) : null;
    check(Object.is(fromReader(read.value), expectedValue), `${at}: value ${read.value} ≠ ${expectedValue}`);
    check(same(read.user_attrs['fold_scores'], trial.foldScores), `${at}: fold scores ${JSON.stringify(read.user_attrs['fold_scores'])} ≠ ${JSON.stringify(trial.foldScores)}`);
    if (trial.durationMs !== null) check(read.duration_s !== null && Math.abs(read.duration_s - trial.durationMs / 1000) < 1e-3, `${at}: duration ${read.duration_s} s ≠ ${trial.durationMs} ms`);
  }
  const complete = study.trials.filter((t) => t.state === 'complete' && t.value !== null);
  if (complete.length > 0) {
    const values = complete.map((t) => t.value!);
    const bestValue = study.objective.direction === 'maximize' ? Math.max(...values) : Math.min(...values);
    check(report.best_value === bestValue, `best value ${report.best_value} ≠ ${bestValue}`);
    const bestTrial = report.best_trial === null ? undefined : study.trials[report.best_trial];
    check(bestTrial !== undefined && bestTrial.value === bestValue && same(report.best_params, Object.fromEntries(Object.keys(report.best_params ?? {}).map((k) => [k, bestTrial.params[k]]))), `best trial ${report.best_trial} (${JSON.stringify(report.best_params)}) is not a best trial of the study`);
    check(study.best?.value === bestValue, `Sweeplab's best ${study.best?.value} ≠ ${bestValue}`);
  } else {
    problems.push('the study has no complete trial to compare a best value with');
  }
  check(intermediateCount > 0, 'no intermediate values were compared');

  const counts = report.states.reduce<Record<string, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});
  console.log(
    JSON.stringify({
      optuna_version: report.optuna_version,
      study_name: report.study_name,
      direction: report.direction,
      n_trials: report.n_trials,
      states: counts,
      intermediate_values: intermediateCount,
      best_trial: report.best_trial,
      best_value: report.best_value,
      best_params: report.best_params,
      study_user_attrs: report.user_attr_keys,
    }),
  );
  if (problems.length > 0) {
    console.error(`FAIL: Optuna ${report.optuna_version} read the journal differently:\n- ${problems.join('\n- ')}`);
    return 1;
  }
  console.log(`OK: Optuna ${report.optuna_version} reads back the same ${report.n_trials} trials, states, params, values and ${intermediateCount} intermediate values; best value ${report.best_value}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
