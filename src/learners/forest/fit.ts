/**
 * The forest's training loop: bins fitted on the training rows (the GBDT's quantile binning, shared), then tree
 * after tree on a bootstrap sample (or all rows), each grown independently by the same TreeGrower, appended to the
 * store with raw thresholds, and the learner hooks (progress, pruning, cancellation) every few trees.
 *
 * Reports: the forest-so-far's outputs on the validation rows come from running sums that each new tree adds to
 * (never re-predicted from scratch), and the training loss is out-of-bag with bootstrap — each training row
 * scored only by the trees that did not draw it, as scikit-learn's oob_score, since in-bag predictions of fully
 * grown trees are nearly perfect and say nothing — and in-bag without bootstrap (every tree saw every row, so
 * there is no other choice; expect it near 0 for fully grown trees). Log loss with probabilities clipped at
 * 1e-15, or mean squared error; rows not yet out of bag for any tree are left out (NaN when none is).
 * The sums are only kept when someone listens (onEvaluation), so a plain fit pays nothing for them.
 *
 * Row weights (LearnerData.weights, e.g. balanced class weights) multiply each row's bootstrap count (or its 1
 * without bootstrap), exactly as scikit-learn combines class_weight with bootstrap, so splits score weighted
 * impurity and leaves hold weighted class proportions (or weighted means). Rows of weight 0 are left out of the
 * tree, as scikit-learn leaves them out of its samples; minSamplesLeaf still counts rows. The reported training
 * loss is then weighted too. Without weights the counts are the whole numbers they were, so nothing changes.
 *
 * Every random draw comes from forks of the given Rng (one for the bins, one per tree for its bootstrap and its
 * column and boundary draws), so the same seed and data give the same forest bit for bit, and tree t does not
 * depend on how many draws earlier trees made. Everything a fit allocates is local to it.
 */
import { binRows, fitBins } from '../gbdt/binning';
import { checkLearnerData, checkTarget, checkWeights, rowIndices } from '../checks';
import type { Fitted, LearnerData, LearnerHooks, LearnerRows, Rng } from '../types';
import { growerBytes, TreeGrower, type GrowerTargets } from './grower';
import { addTreeOutputs, ForestStore, forestFromStore, forestWidth, meanOutputs, type ForestModel } from './model';
import { checkForestParams, columnsPerNode, FOREST_LIMITS, type ForestParams } from './params';

const DEFAULT_EVALUATE_EVERY = 10;
/** Probabilities are clipped here for the log loss, as scikit-learn's log_loss did. */
const CLIP = 1e-15;

function targetsOf(data: LearnerData, rows: Uint32Array, classes: number): GrowerTargets {
  const n = rows.length;
  const classOf = new Int32Array(classes > 0 ? n : 0);
  const value = new Float64Array(classes > 0 ? 0 : n);
  for (let i = 0; i < n; i++) {
    const y = data.targets[rows[i]!]!;
    checkTarget(y, classes, rows[i]!, 'Forest', 'training');
    if (classes > 0) classOf[i] = y;
    else value[i] = y;
  }
  return { classes, classOf, value };
}

/** Refuses a fit whose working arrays would not fit, before any of them is allocated. */
function checkSize(trainRows: number, validationRows: number, numFeatures: number, width: number, classes: number): void {
  // Binned matrix, targets, the grower's buffers, and the running sums for reports (train and validation).
  const bytes = trainRows * numFeatures + trainRows * 8 + growerBytes(trainRows, width, classes) + (trainRows + validationRows) * (width * 8 + 4);
  if (trainRows >= 2 ** 31 || bytes > FOREST_LIMITS.workingBytes) {
    throw new Error(
      `Forest: ${trainRows.toLocaleString('en')} training rows × ${numFeatures.toLocaleString('en')} features (${width} output${width === 1 ? '' : 's'}) ` +
        `need about ${Math.ceil(bytes / 2 ** 20).toLocaleString('en')} MiB to train, more than the ${FOREST_LIMITS.workingBytes / 2 ** 20} MiB allowed`,
    );
  }
}

/**
 * Mean log loss (classification) or squared error of sums / counts over the rows with a count, weighted by the
 * training rows' weights when given. NaN: none.
 */
function trainingLoss(sums: Float64Array, counts: Int32Array, targets: GrowerTargets, width: number, rowWeights: Float32Array | null): number {
  let total = 0;
  let rows = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (c === 0) continue;
    const w = rowWeights === null ? 1 : rowWeights[i]!;
    rows += w;
    const loss = targets.classes > 0 ? -Math.log(Math.min(1 - CLIP, Math.max(CLIP, sums[i * width + targets.classOf[i]!]! / c))) : (sums[i]! / c - targets.value[i]!) ** 2;
    total += w * loss;
  }
  return rows === 0 ? NaN : total / rows;
}

export async function fitForest(data: LearnerData, rows: LearnerRows, params: ForestParams, rng: Rng, hooks: LearnerHooks = {}): Promise<Fitted<ForestModel>> {
  checkForestParams(params);
  const numRows = checkLearnerData(data, 'Forest');
  const { features, numFeatures, task } = data;
  const classes = task === 'regression' ? 0 : data.numClasses;
  const width = forestWidth(task, classes);
  if (rows.train.length === 0) throw new Error('Forest: no training rows');
  checkSize(rows.train.length, rows.validation?.length ?? 0, numFeatures, width, classes);
  const train = rowIndices(rows.train, numRows, 'Forest', 'training');
  const validation = rows.validation && rows.validation.length > 0 ? rowIndices(rows.validation, numRows, 'Forest', 'validation') : null;
  const n = train.length;
  const nVal = validation?.length ?? 0;
  const targets = targetsOf(data, train, classes);
  const dataWeights = checkWeights(data, train, 'Forest');
  // Row weights in the order of the training rows.
  const rowWeights = dataWeights ? Float32Array.from(train, (r) => dataWeights[r]!) : null;

  const bins = fitBins(features, numFeatures, train, params.maxBins, rng.fork('forest:bins'));
  const binned = binRows(bins, features, numFeatures, train);
  const grower = new TreeGrower(bins, binned, n, targets, {
    splitter: params.splitter,
    columnsPerNode: columnsPerNode(params.maxFeatures, bins.columns.length),
    minSamplesLeaf: params.minSamplesLeaf,
    maxDepth: params.maxDepth,
  });
  const store = new ForestStore(width);

  const report = hooks.onEvaluation;
  const every = hooks.evaluateEvery ?? DEFAULT_EVALUATE_EVERY;
  const evaluateEvery = Number.isFinite(every) ? Math.max(1, Math.floor(every)) : DEFAULT_EVALUATE_EVERY;
  // Running sums of the trees' outputs, only when reports read them.
  const trainSums = new Float64Array(report ? n * width : 0);
  const trainCounts = new Int32Array(report ? n : 0);
  const valSums = new Float64Array(report && validation ? nVal * width : 0);
  const outOfBag = new Uint32Array(report && params.bootstrap ? n : 0);
  const valOutputs = (trees: number) => (report && validation ? meanOutputs(valSums, trees, new Float32Array(nVal * width)) : null);

  const { rows: treeRows, weights } = grower;
  if (!params.bootstrap) {
    if (rowWeights) weights.set(rowWeights);
    else weights.fill(1);
  }
  let treesDone = 0;
  let lastReported = -1;
  for (let t = 1; t <= params.trees; t++) {
    const treeRng = rng.fork(`forest:tree:${t}`);
    let count = n;
    if (params.bootstrap) {
      // n draws with replacement, as integer weights; the rows drawn at least once, ascending, are the tree's.
      weights.fill(0);
      for (let i = 0; i < n; i++) weights[treeRng.int(0, n - 1)]!++;
      if (rowWeights) for (let i = 0; i < n; i++) weights[i] = weights[i]! * rowWeights[i]!;
      count = 0;
      for (let i = 0; i < n; i++) if (weights[i]! > 0) treeRows[count++] = i;
      if (count === 0 && rowWeights) {
        // Every row drawn weighs 0 (possible only with weights): this tree takes every row of positive weight, with
        // its weight, as without bootstrap, rather than a tree of no rows. (checkWeights ensures there is one.)
        weights.set(rowWeights);
        for (let i = 0; i < n; i++) if (weights[i]! > 0) treeRows[count++] = i;
      }
    } else if (rowWeights) {
      count = 0;
      for (let i = 0; i < n; i++) if (weights[i]! > 0) treeRows[count++] = i;
    } else {
      for (let i = 0; i < n; i++) treeRows[i] = i;
    }
    grower.grow(count, treeRng);

    if (report) {
      if (params.bootstrap) {
        let left = 0;
        for (let i = 0; i < n; i++) if (weights[i] === 0) outOfBag[left++] = i;
        grower.addToRows(outOfBag, left, trainSums);
        for (let j = 0; j < left; j++) trainCounts[outOfBag[j]!]!++;
      } else {
        // Every row is in some leaf's range: add that leaf's outputs.
        for (let leaf = 0; leaf < grower.numLeaves; leaf++) {
          const from = leaf * width;
          const end = grower.leafEnd[leaf]!;
          for (let j = grower.leafBegin[leaf]!; j < end; j++) {
            const row = treeRows[j]!;
            for (let k = 0; k < width; k++) trainSums[row * width + k] = trainSums[row * width + k]! + grower.leafValues[from + k]!;
            trainCounts[row]!++;
          }
        }
      }
    }
    const root = grower.appendTo(store);
    if (report && validation) addTreeOutputs(store, root, width, features, numFeatures, validation, nVal, valSums);
    treesDone = t;

    if (t % evaluateEvery === 0) {
      let stop = false;
      if (report) {
        lastReported = t;
        stop = report(t, trainingLoss(trainSums, trainCounts, targets, width, rowWeights), valOutputs(t)) === 'stop';
      }
      if (hooks.checkpoint) await hooks.checkpoint();
      if (stop) break;
    }
  }
  // One last report of the forest returned, when the last one was of another size.
  if (report && lastReported !== treesDone) report(treesDone, trainingLoss(trainSums, trainCounts, targets, width, rowWeights), valOutputs(treesDone));
  return { model: forestFromStore(store, { task, numFeatures, numClasses: classes }), steps: treesDone };
}
