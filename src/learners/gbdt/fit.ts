/**
 * The boosting loop: bins fitted on the training rows, then per round the loss's gradients, one tree per output
 * grown on a seeded sample of rows and columns, training and validation raw scores updated in place with the new
 * tree (never re-predicted from scratch), early stopping on the validation loss with the best round kept, and the
 * learner hooks (progress, pruning, cancellation) every few rounds.
 *
 * Early stopping compares each round with the best so far, the base score (round 0) included, so a model whose
 * first trees only hurt the validation loss comes back with steps = 0: the prior alone. The hooks get a last
 * report of the returned model when it is not the round last reported (after early stopping cut it back).
 *
 * Row weights (LearnerData.weights, e.g. balanced class weights) multiply each row's gradient and hessian, weight
 * the prior, and weight the training and validation losses, so early stopping judges the weighted objective the
 * trees follow. A weighted squared-error fit therefore carries hessians (the weights) instead of the
 * constant-hessian shortcut. minSamplesLeaf still counts rows. Without weights nothing of this runs, and all
 * weights 1 give the same model bit for bit as none (sums of ones are exact).
 *
 * Every random draw comes from the given Rng's forks, so the same seed and data give the same model bit for bit.
 * Everything a fit allocates is local to it: fits share nothing and leave nothing behind.
 */
import { checkLearnerData, checkTarget, checkWeights, rowIndices } from '../checks';
import type { Fitted, LearnerData, LearnerHooks, LearnerRows, Rng } from '../types';
import { binRows, fitBins } from './binning';
import { TreeGrower } from './grower';
import { lossFor, outputWidth, rawToOutputs, type Loss } from './losses';
import { addTreeScores, modelFromStore, TreeStore, type GbdtModel } from './model';
import { checkParams, LIMITS, type GbdtParams } from './params';

/** Smallest hessian sum a child may have (LightGBM's min_sum_hessian_in_leaf, scikit-learn's min_hessian). */
const MIN_HESSIAN = 1e-3;
/** Validation loss must fall by this much (relative, at least absolute for losses below 1) to count as better. */
const IMPROVEMENT_TOLERANCE = 1e-7;
/** Bytes the histogram pool may take (per fit); beyond it histograms are rebuilt instead of kept. */
const HISTOGRAM_BUDGET = 64 * 2 ** 20;
const DEFAULT_EVALUATE_EVERY = 10;

function targetsOf(data: LearnerData, rows: Uint32Array, name: string): Float32Array {
  const out = new Float32Array(rows.length);
  const classes = data.task === 'regression' ? 0 : data.numClasses;
  for (let i = 0; i < rows.length; i++) {
    const y = data.targets[rows[i]!]!;
    checkTarget(y, classes, rows[i]!, 'GBDT', name);
    out[i] = y;
  }
  return out;
}

/** Refuses a fit whose working arrays would not fit, before any of them is allocated. */
function checkSize(trainRows: number, validationRows: number, numFeatures: number, outputs: number): void {
  // Binned matrix, float64 raw scores + float32 gradients and hessians per output, row lists and gathered gradients.
  const bytes = trainRows * numFeatures + trainRows * outputs * 16 + trainRows * 24 + validationRows * outputs * 16;
  if (trainRows >= 2 ** 32 || bytes > LIMITS.workingBytes) {
    throw new Error(
      `GBDT: ${trainRows.toLocaleString('en')} training rows × ${numFeatures.toLocaleString('en')} features (${outputs} output${outputs === 1 ? '' : 's'}) ` +
        `need about ${Math.ceil(bytes / 2 ** 20).toLocaleString('en')} MiB to train, more than the ${LIMITS.workingBytes / 2 ** 20} MiB allowed`,
    );
  }
}

function filledScores(base: Float64Array, n: number): Float64Array {
  const raw = new Float64Array(base.length * n);
  for (let k = 0; k < base.length; k++) raw.fill(base[k]!, k * n, (k + 1) * n);
  return raw;
}

/**
 * Selection sampling (Knuth's algorithm S): exactly `inBag.length` of rows 0 … n − 1, ascending, the others into
 * `outOfBag`, one draw per row.
 */
function sampleRows(n: number, rng: Rng, inBag: Uint32Array, outOfBag: Uint32Array): void {
  let needed = inBag.length;
  let taken = 0;
  let left = 0;
  for (let i = 0; i < n; i++) {
    if (needed > 0 && rng.next() * (n - i) < needed) {
      inBag[taken++] = i;
      needed--;
    } else {
      outOfBag[left++] = i;
    }
  }
}

/** The first `count` of a partial Fisher–Yates shuffle of `pool` (kept between calls), ascending, into `out`. */
function sampleColumns(pool: Int32Array, count: number, rng: Rng, out: Int32Array): void {
  for (let i = 0; i < count; i++) {
    const j = rng.int(i, pool.length - 1);
    const t = pool[i]!;
    pool[i] = pool[j]!;
    pool[j] = t;
  }
  out.set(pool.subarray(0, count));
  out.subarray(0, count).sort();
}

export async function fitGbdt(data: LearnerData, rows: LearnerRows, params: GbdtParams, rng: Rng, hooks: LearnerHooks = {}): Promise<Fitted<GbdtModel>> {
  checkParams(params);
  const numRows = checkLearnerData(data, 'GBDT');
  const { features, numFeatures, task, numClasses } = data;
  const loss: Loss = lossFor(task, numClasses);
  const K = loss.outputs;
  if (rows.train.length === 0) throw new Error('GBDT: no training rows');
  checkSize(rows.train.length, rows.validation?.length ?? 0, numFeatures, K);
  const train = rowIndices(rows.train, numRows, 'GBDT', 'training');
  const validation = rows.validation && rows.validation.length > 0 ? rowIndices(rows.validation, numRows, 'GBDT', 'validation') : null;
  const n = train.length;
  const nVal = validation?.length ?? 0;
  const yTrain = targetsOf(data, train, 'training');
  const yVal = validation ? targetsOf(data, validation, 'validation') : new Float32Array(0);
  const weights = checkWeights(data, train, 'GBDT');
  // Weights in the order of the training and validation rows, as the losses read them.
  const wTrain = weights ? Float32Array.from(train, (r) => weights[r]!) : null;
  const wVal = weights && validation ? Float32Array.from(validation, (r) => weights[r]!) : null;
  const constantHessian = loss.constantHessian && wTrain === null;

  const bins = fitBins(features, numFeatures, train, params.maxBins, rng.fork('gbdt:bins'));
  const binned = binRows(bins, features, numFeatures, train);
  const base = loss.baseScores(yTrain, wTrain);
  const raw = filledScores(base, n);
  const valRaw = filledScores(base, nVal);
  const grad = new Float32Array(K * n);
  const hess = new Float32Array(constantHessian ? 0 : K * n);
  const grower = new TreeGrower(bins, binned, n, {
    maxLeaves: params.maxLeaves,
    maxDepth: params.maxDepth,
    minSamplesLeaf: params.minSamplesLeaf,
    minHessian: MIN_HESSIAN,
    l2: params.l2,
    learningRate: params.learningRate,
    histogramBudget: HISTOGRAM_BUDGET,
  });
  const store = new TreeStore();

  const rowRng = rng.fork('gbdt:rows');
  const columnRng = rng.fork('gbdt:columns');
  const sampleCount = params.rowFraction < 1 ? Math.max(1, Math.round(params.rowFraction * n)) : n;
  const inBag = new Uint32Array(sampleCount);
  const outOfBag = new Uint32Array(n - sampleCount);
  if (sampleCount === n) for (let i = 0; i < n; i++) inBag[i] = i;
  const numColumns = bins.columns.length;
  const columnPool = Int32Array.from({ length: numColumns }, (_, u) => u);
  const treeColumns = Int32Array.from(columnPool);
  const columnCount = numColumns === 0 ? 0 : params.featureFraction < 1 ? Math.max(1, Math.round(params.featureFraction * numColumns)) : numColumns;

  const report = hooks.onEvaluation;
  const every = hooks.evaluateEvery ?? DEFAULT_EVALUATE_EVERY;
  const evaluateEvery = Number.isFinite(every) ? Math.max(1, Math.floor(every)) : DEFAULT_EVALUATE_EVERY;
  const stopping = validation !== null && params.earlyStoppingRounds > 0;
  let bestLoss = stopping ? loss.loss(valRaw, yVal, nVal, wVal) : Infinity;
  let bestRound = 0;
  // The best round's scores, for the last report when later rounds are dropped.
  const bestValRaw = stopping && report ? valRaw.slice() : null;
  const bestRaw = stopping && report ? raw.slice() : null;
  const valOutputs = () => (validation ? rawToOutputs(task, numClasses, valRaw, nVal, new Float32Array(nVal * outputWidth(task, numClasses))) : null);

  let roundsDone = 0;
  let lastReported = -1;
  for (let round = 1; round <= params.maxRounds; round++) {
    loss.gradients(raw, yTrain, n, grad, hess, wTrain);
    if (sampleCount < n) sampleRows(n, rowRng, inBag, outOfBag);
    for (let k = 0; k < K; k++) {
      if (columnCount < numColumns) sampleColumns(columnPool, columnCount, columnRng, treeColumns);
      grower.rows.set(inBag);
      grower.grow(grad.subarray(k * n, (k + 1) * n), constantHessian ? null : hess.subarray(k * n, (k + 1) * n), sampleCount, sampleCount === n, treeColumns, columnCount);
      // Training scores: rows the tree grew on by their leaf, the others by walking their bins.
      const offset = k * n;
      const leafRows = grower.rows;
      for (let leaf = 0; leaf < grower.numLeaves; leaf++) {
        const v = grower.leafValue[leaf]!;
        const end = grower.leafEnd[leaf]!;
        for (let j = grower.leafBegin[leaf]!; j < end; j++) {
          const at = offset + leafRows[j]!;
          raw[at] = raw[at]! + v;
        }
      }
      if (sampleCount < n) grower.addToRows(outOfBag, n - sampleCount, raw, offset);
      const root = grower.appendTo(store);
      if (validation) addTreeScores(store, root, features, numFeatures, validation, nVal, valRaw, k * nVal);
    }
    roundsDone = round;

    let stop = false;
    if (stopping) {
      const current = loss.loss(valRaw, yVal, nVal, wVal);
      if (current < bestLoss - IMPROVEMENT_TOLERANCE * Math.max(1, Math.abs(bestLoss))) {
        bestLoss = current;
        bestRound = round;
        bestValRaw?.set(valRaw);
        bestRaw?.set(raw);
      } else if (round - bestRound >= params.earlyStoppingRounds) {
        stop = true;
      }
    }
    if (round % evaluateEvery === 0) {
      if (report) {
        lastReported = round;
        if (report(round, loss.loss(raw, yTrain, n, wTrain), valOutputs()) === 'stop') stop = true;
      }
      if (hooks.checkpoint) await hooks.checkpoint();
    }
    if (stop) break;
  }

  const kept = stopping ? bestRound : roundsDone;
  store.truncate(kept * K);
  if (report && lastReported !== kept) {
    // One last report of the model returned, when the last one was of another round.
    if (kept < roundsDone && bestRaw && bestValRaw) {
      raw.set(bestRaw);
      valRaw.set(bestValRaw);
    }
    report(kept, loss.loss(raw, yTrain, n, wTrain), valOutputs());
  }
  const model = modelFromStore(store, { task, numFeatures, numClasses: task === 'regression' ? 0 : numClasses, treesPerRound: K, baseScores: base });
  return { model, steps: kept };
}
