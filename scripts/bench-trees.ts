/**
 * `npm run bench:trees`: our tree learners against scikit-learn's on exactly the same rows: the encoded feature
 * matrix is written to a temporary folder once and both read it, so only the learners differ. Learners
 * (--learners, all by default):
 *   gbdt:   our GBDT (src/learners/gbdt, GBDT_DEFAULTS) vs HistGradientBoostingClassifier/Regressor (defaults,
 *           OMP_NUM_THREADS=1);
 *   forest: our forest (src/learners/forest, FOREST_DEFAULTS) vs RandomForestClassifier/Regressor(n_estimators=100);
 *   extra:  our forest with splitter 'random' and bootstrap false vs ExtraTreesClassifier/Regressor(n_estimators=100).
 * The scikit-learn forests run with n_jobs=1, random_state=0 and max_features = ceil(√features), an integer, for
 * both tasks: that is our 'sqrt' (scikit-learn's own 'sqrt' floors it, and its regressors default to all
 * features), so both sides try the same number of columns per split.
 *
 * Tables: the built-in iris, wine, breast-cancer, digits and diabetes (read by the product's loadTable and
 * prepareForTarget), and two seeded synthetic ones made by scikit-learn (scripts/sklearn_trees.py generate):
 * make_classification 50,000 × 20 and make_friedman1 50,000 × 10, through the same loader from CSV.
 * Splits: split 0 is scikit-learn's train_test_split(test_size=0.2, random_state=42), stratified for
 * classification (scripts/builtinTables.ts), as the peer baselines use; splits 1… are Sweeplab's seeded 80/20
 * splits. The small tables get several splits (one test row of Iris is 3.3 points), the 50,000-row ones one;
 * the summary gives the mean paired difference (ours − theirs) with its standard error over splits.
 * GBDT early stopping as scikit-learn's 'auto' (forests have none): only above 10,000 training rows, on a stratified 10 % of them (ours
 * from a seed, theirs with random_state=42), patience 10 rounds.
 * Time: fit time in seconds on split 0, median of --repeats fits, each library on one thread (Node runs our
 * learner on its one JavaScript thread), wall clock and the process's CPU time (steadier on a shared machine;
 * Node's includes its garbage collector and compiler threads). Prints a Markdown table; --save also writes it to
 * docs/benchmarks/raw/bench-trees-<date>.txt.
 *
 * Options: --datasets=iris,wine,breast-cancer,digits,diabetes,classification-50k,friedman-50k  --splits=10
 *          --repeats=3  --rows=50000 (synthetic tables)  --learners=gbdt,forest,extra  --save
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { designatedSplit, trainTestSplit } from '../src/data/split';
import { loadTable, prepareForTarget } from '../src/data/tableDataset';
import type { ModelData, Split } from '../src/data/types';
import { createRng } from '../src/engine/study/rng';
import { fitForest, FOREST_DEFAULTS, predictForest, type ForestParams } from '../src/learners/forest';
import { fitGbdt, GBDT_DEFAULTS, predictGbdt } from '../src/learners/gbdt';
import type { LearnerData, LearnerRows } from '../src/learners/types';
import { classificationMetrics, regressionMetrics } from '../src/metrics/metrics';
import { mean, median, populationStd } from '../src/shared/stats';
import { isRegressionTable, peerTestRows, TABLE_FILES, tablePath } from './builtinTables';

const option = (name: string, fallback: string): string => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const SYNTHETIC: Readonly<Record<string, { kind: 'classification' | 'friedman' }>> = { 'classification-50k': { kind: 'classification' }, 'friedman-50k': { kind: 'friedman' } };
const DATASETS = option('datasets', [...Object.keys(TABLE_FILES), ...Object.keys(SYNTHETIC)].join(',')).split(',');
const SPLITS = Number(option('splits', '10'));
const REPEATS = Number(option('repeats', '3'));
const SYNTHETIC_ROWS = Number(option('rows', '50000'));
const LEARNERS = ['gbdt', 'forest', 'extra'] as const;
type Learner = (typeof LEARNERS)[number];
const CHOSEN = option('learners', LEARNERS.join(',')).split(',') as Learner[];
/** Our side of the 'extra' comparison: ExtraTrees' defaults (random splits, no bootstrap) on FOREST_DEFAULTS. */
const EXTRA_TREES: ForestParams = { ...FOREST_DEFAULTS, splitter: 'random', bootstrap: false };
const PEER: Readonly<Record<Learner, string>> = { gbdt: 'HistGradientBoosting', forest: 'RandomForest', extra: 'ExtraTrees' };
const PYTHON = '/usr/bin/python3';
const EARLY_STOPPING_ABOVE = 10_000; // scikit-learn's early_stopping='auto'
const lines: string[] = [];
const say = (line = '') => {
  lines.push(line);
  console.log(line);
};

function python(args: string[]): string {
  const run = spawnSync(PYTHON, ['scripts/sklearn_trees.py', ...args], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' }, maxBuffer: 64 * 2 ** 20 });
  if (run.status !== 0) throw new Error(`sklearn_trees.py ${args[0]} failed: ${(run.stderr || run.error?.message || '').trim().split('\n').slice(-3).join(' ')}`);
  return run.stdout;
}

async function tableOf(dataset: string, scratch: string): Promise<ModelData> {
  const synthetic = SYNTHETIC[dataset];
  const path = synthetic ? join(scratch, `${dataset}.csv`) : tablePath(dataset);
  if (synthetic) python(['generate', synthetic.kind, path, String(SYNTHETIC_ROWS), '0']);
  const table = await loadTable(readFileSync(path, 'utf8'), path);
  const regression = synthetic ? synthetic.kind === 'friedman' : isRegressionTable(dataset);
  return prepareForTarget(table, 'target', undefined, regression ? 'regression' : 'classification').data;
}

function splitsOf(dataset: string, data: ModelData, peerRows: Map<string, number[]> | string): Split[] {
  const regression = data.task.kind === 'regression';
  const count = SYNTHETIC[dataset] ? 1 : SPLITS;
  const splits: Split[] = [];
  for (let index = 0; index < count; index++) {
    if (index === 0) {
      if (typeof peerRows === 'string') throw new Error(peerRows);
      const test = SYNTHETIC[dataset] ? null : peerRows.get(tablePath(dataset));
      // The synthetic tables are not in the peers' list: their split 0 is a seeded one of ours.
      splits.push(test ? designatedSplit(data.numRows, test) : trainTestSplit(data.numRows, regression ? null : data.targets, 0.2, createRng(42)));
    } else {
      splits.push(trainTestSplit(data.numRows, regression ? null : data.targets, 0.2, createRng(1000 + index)));
    }
  }
  return splits;
}

/** What scikit-learn's 'auto' early stopping would watch: a stratified 10 % of the training rows above 10,000. */
function rowsFor(data: ModelData, train: readonly number[], seed: number): LearnerRows {
  if (train.length <= EARLY_STOPPING_ABOVE) return { train };
  const labels = data.task.kind === 'regression' ? null : Float32Array.from(train, (r) => data.targets[r]!);
  const inner = trainTestSplit(train.length, labels, 0.1, createRng(seed));
  return { train: inner.train.map((i) => train[i]!), validation: inner.test.map((i) => train[i]!) };
}

function score(data: ModelData, outputs: Float32Array, test: readonly number[]): number {
  const actual = Float32Array.from(test, (r) => data.targets[r]!);
  if (data.task.kind === 'regression') return regressionMetrics(outputs, actual).r2;
  return classificationMetrics(outputs, actual, data.task.classNames.length).accuracy;
}

async function ours(data: ModelData, split: Split, fits: number, seed: number, learner: Learner) {
  const learnerData: LearnerData = { features: data.features, numFeatures: data.numFeatures, targets: data.targets, task: data.task.kind, numClasses: data.task.kind === 'regression' ? 0 : data.task.classNames.length };
  const rows = learner === 'gbdt' ? rowsFor(data, split.train, seed) : { train: split.train };
  const fit = async () => {
    if (learner === 'gbdt') {
      const { model, steps } = await fitGbdt(learnerData, rows, { ...GBDT_DEFAULTS }, createRng(seed));
      return { steps, predict: (x: Float32Array, n: number) => predictGbdt(model, x, n) };
    }
    const { model, steps } = await fitForest(learnerData, rows, learner === 'forest' ? { ...FOREST_DEFAULTS } : EXTRA_TREES, createRng(seed));
    return { steps, predict: (x: Float32Array, n: number) => predictForest(model, x, n) };
  };
  const seconds: number[] = [];
  const cpuSeconds: number[] = [];
  let fitted = null;
  for (let i = 0; i < fits; i++) {
    const started = performance.now();
    const startedCpu = process.cpuUsage();
    fitted = await fit();
    seconds.push((performance.now() - started) / 1000);
    const cpu = process.cpuUsage(startedCpu);
    cpuSeconds.push((cpu.user + cpu.system) / 1e6);
  }
  const testFeatures = new Float32Array(split.test.length * data.numFeatures);
  split.test.forEach((r, i) => testFeatures.set(data.features.subarray(r * data.numFeatures, (r + 1) * data.numFeatures), i * data.numFeatures));
  return { score: score(data, fitted!.predict(testFeatures, split.test.length), split.test), rounds: fitted!.steps, seconds, cpuSeconds };
}

/** Writes the table and its splits for sklearn_trees.py; returns the folder. */
function writeTable(data: ModelData, splits: Split[], scratch: string): string {
  const dir = join(scratch, 'fit');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  writeFileSync(join(dir, 'meta.json'), JSON.stringify({ numFeatures: data.numFeatures, task: data.task.kind, splits: splits.length }));
  writeFileSync(join(dir, 'X.f32'), data.features);
  writeFileSync(join(dir, 'y.f32'), data.targets);
  splits.forEach((split, i) => {
    writeFileSync(join(dir, `train-${i}.u32`), Uint32Array.from(split.train));
    writeFileSync(join(dir, `test-${i}.u32`), Uint32Array.from(split.test));
  });
  return dir;
}

function theirs(dir: string, learner: Learner) {
  return python(['fit', dir, String(REPEATS), learner])
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { split: number; score: number; rounds: number; seconds: number[]; cpuSeconds: number[] });
}

async function main() {
  const unknown = DATASETS.filter((d) => !TABLE_FILES[d] && !SYNTHETIC[d]);
  if (unknown.length > 0) throw new Error(`Unknown table(s) ${unknown.join(', ')}; choose from ${[...Object.keys(TABLE_FILES), ...Object.keys(SYNTHETIC)].join(', ')}`);
  const unknownLearners = CHOSEN.filter((l) => !LEARNERS.includes(l));
  if (unknownLearners.length > 0) throw new Error(`Unknown learner(s) ${unknownLearners.join(', ')}; choose from ${LEARNERS.join(', ')}`);
  const version = spawnSync(PYTHON, ['-c', 'import sklearn, numpy; print(sklearn.__version__, numpy.__version__)'], { encoding: 'utf8' }).stdout.trim().split(' ');
  say(`# bench:trees ${new Date().toISOString()}: Sweeplab ${CHOSEN.join(', ')} vs scikit-learn ${version[0]} ${CHOSEN.map((l) => PEER[l]).join(', ')} (numpy ${version[1]}), Node ${process.version}`);
  if (CHOSEN.includes('gbdt')) say(`gbdt: GBDT_DEFAULTS ${JSON.stringify(GBDT_DEFAULTS)}; scikit-learn defaults. Early stopping above ${EARLY_STOPPING_ABOVE.toLocaleString('en')} training rows only, on 10 % of them.`);
  if (CHOSEN.includes('forest')) say(`forest: FOREST_DEFAULTS ${JSON.stringify(FOREST_DEFAULTS)}; RandomForest(n_estimators=100, max_features=ceil(√features), n_jobs=1, random_state=0).`);
  if (CHOSEN.includes('extra')) say(`extra: ${JSON.stringify(EXTRA_TREES)}; ExtraTrees(n_estimators=100, max_features=ceil(√features), n_jobs=1, random_state=0).`);
  say(`Fit seconds: split 0, median of ${REPEATS}, one thread each. Splits: the small tables ${SPLITS}, the synthetic ones 1.\n`);
  const builtIn = DATASETS.filter((d) => TABLE_FILES[d]);
  // Only the built-in tables have peer splits (and the peers' script prints nothing for none).
  const peerRows = builtIn.length > 0 ? peerTestRows(builtIn) : new Map<string, number[]>();
  const scratch = mkdtempSync(join(tmpdir(), 'bench-trees-'));
  const summary: string[] = [];
  say('| dataset | learner | split | train / test | ours | scikit-learn | rounds (trees) ours / theirs |');
  say('|---|---|---:|---:|---:|---:|---:|');
  try {
    for (const dataset of DATASETS) {
      const data = await tableOf(dataset, scratch);
      const splits = splitsOf(dataset, data, peerRows);
      const dir = writeTable(data, splits, scratch);
      for (const learner of CHOSEN) {
        const reference = theirs(dir, learner);
        const ourScores: number[] = [];
        const differences: number[] = [];
        let ourSeconds: number[] = [];
        let ourCpu: number[] = [];
        for (let index = 0; index < splits.length; index++) {
          const split = splits[index]!;
          const run = await ours(data, split, index === 0 ? REPEATS : 1, 42 + index, learner);
          ourScores.push(run.score);
          differences.push(run.score - reference[index]!.score);
          if (index === 0) [ourSeconds, ourCpu] = [run.seconds, run.cpuSeconds];
          const peer = reference[index]!;
          say(`| ${dataset} | ${learner} | ${index} | ${split.train.length} / ${split.test.length} | ${run.score.toFixed(4)} | ${peer.score.toFixed(4)} | ${run.rounds} / ${peer.rounds} |`);
        }
        const metric = data.task.kind === 'regression' ? 'R²' : 'accuracy';
        const oursTime = median(ourSeconds);
        const theirTime = median(reference[0]!.seconds);
        const [oursCpu, theirCpu] = [median(ourCpu), median(reference[0]!.cpuSeconds)];
        const theirMean = mean(reference.map((r) => r.score));
        // Standard error of the mean paired difference (same rows for both): the noise the difference sits in.
        const n = differences.length;
        const se = n > 1 ? (populationStd(differences) * Math.sqrt(n / (n - 1))) / Math.sqrt(n) : NaN;
        const signed = (x: number) => (x >= 0 ? '+' : '') + x.toFixed(4);
        summary.push(
          `| ${dataset} | ${learner} vs ${PEER[learner]} | ${data.numRows.toLocaleString('en')} × ${data.numFeatures} | ${data.task.kind} | ${metric} | ${n} | ${mean(ourScores).toFixed(4)} | ${theirMean.toFixed(4)} | ${signed(mean(differences))}${Number.isNaN(se) ? '' : ` ± ${se.toFixed(4)}`} | ${oursTime.toFixed(3)} | ${theirTime.toFixed(3)} | ${(oursTime / theirTime).toFixed(2)} | ${oursCpu.toFixed(3)} | ${theirCpu.toFixed(3)} | ${(oursCpu / theirCpu).toFixed(2)} |`,
        );
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  say('\n| dataset | learners | rows × features | task | metric | splits | ours (mean) | scikit-learn (mean) | difference ± SE | ours fit s | scikit-learn fit s | time ratio | ours CPU s | scikit-learn CPU s | CPU ratio |');
  say('|---|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const line of summary) say(line);
  if (process.argv.includes('--save')) {
    const path = `docs/benchmarks/raw/bench-trees-${new Date().toISOString().slice(0, 10)}.txt`;
    mkdirSync('docs/benchmarks/raw', { recursive: true });
    writeFileSync(path, `${lines.join('\n')}\n`);
    console.log(`\nSaved to ${path}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
