/**
 * Trains K dense models of identical layer shapes on the same run as one computation (see ./stackedMlp.ts):
 * one batched forward and backward pass per step instead of K, which is what makes small models fast on
 * WASM (shared/PERFORMANCE.md). The result for each model is that of ml/train.ts's `fit` on it alone:
 *  - initial weights are read from the caller's Layers models, built as for solo training;
 *  - each model shuffles with its own Rng exactly as `fit` does (one in-place shuffle of a persistent
 *    order per epoch), and its batch rows are gathered per model, so models need not share an order;
 *  - the loss, Adam (./stackedAdam.ts), learning-rate schedules and early stopping are applied per model;
 *  - stopping a model (pruning, early stopping, a diverged loss) writes its weights back to its Layers model
 *    and drops its rows from the stack, so the others continue untouched and the group gets cheaper.
 * When training ends every model holds its trained weights, ready for evaluate/export as usual.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../engine/study/rng';
import type { Metrics } from '../../engine/study/types';
import type { TaskKind } from '../../data/types';
import type { ModelSpec } from '../../protocol/training';
import { groupLossKind, groupMismatch, specGroupProblem } from '../../protocol/grouping';
import { classificationMetrics, regressionMetrics } from '../../metrics/metrics';
import { learningRateAt, shouldStopEarly } from '../schedule';
import type { RunTensors } from '../train';
import { createGroupStep, type GroupLoss } from './groupStep';
import { StackedAdam } from './stackedAdam';
import { StackedMlp, denseChainProblem } from './stackedMlp';

export interface GroupMember {
  /** Built as for training alone (same builder, same Rng); receives its trained weights. */
  readonly model: tf.LayersModel;
  readonly spec: ModelSpec;
  /** The shuffle stream `fit` would get (trialRunner: the fold Rng's fork('shuffle')). */
  readonly rng: Rng;
}

export interface GroupFitOptions {
  readonly task: TaskKind;
  /** Per-class loss weights shared by the group (they depend on the training rows only), or null. */
  readonly classWeights: Float32Array | null;
  readonly evaluateEachEpoch: boolean;
  /** After each epoch, for each model still training; returning 'stop' stops that model only. */
  readonly onEpoch: (member: number, epoch: number, loss: number, evaluation: Metrics | null) => void | 'stop';
  /** Awaited once per epoch: yields to the event loop and throws to cancel the whole group. */
  readonly checkpoint: () => Promise<void>;
}

export interface MemberOutcome {
  readonly epochsRun: number;
  /** Set when the model's training loss stopped being finite (as `fit` would throw a TrainingError). */
  readonly error?: string;
}

/** Largest activations evaluated at once, in floats (K × rows × widest layer). */
const EVAL_CHUNK_FLOATS = 1 << 22;

/** The group's loss, or why these specs cannot be trained as one group (then train them one by one). */
export function groupProblem(members: readonly Pick<GroupMember, 'spec' | 'model'>[], task: TaskKind): string | null {
  const first = members[0]?.spec;
  if (!first) return 'no models';
  for (const { spec, model } of members) {
    // The spec-level rules are shared with the orchestrator, which groups trials before any model exists.
    const problem = specGroupProblem(spec, task) ?? groupMismatch(spec, first) ?? denseChainProblem(model);
    if (problem) return problem;
  }
  return null;
}

function lossOf(spec: ModelSpec, task: TaskKind, classWeights: Float32Array | null): GroupLoss {
  const kind = groupLossKind(spec.loss, task)!; // groupProblem has refused the others
  return kind.kind === 'mse' ? kind : { ...kind, classWeights };
}

/** Metrics as ml/train.ts's `evaluate` computes them, from one model's outputs on the evaluation rows. */
function score(values: Float32Array, run: RunTensors, task: TaskKind): Metrics {
  if (task !== 'regression') {
    const metrics = classificationMetrics(values, run.evalTargets, run.yEval.shape[1]);
    return { loss: metrics.log_loss, ...metrics };
  }
  const { mean, std } = run.targetScale;
  const metrics = regressionMetrics(Float32Array.from(values, (v) => v * std + mean), run.evalTargets);
  return { loss: (metrics.rmse / std) ** 2, ...metrics };
}

/** Every stacked model's outputs on the evaluation rows, in chunks of rows so memory stays bounded. */
async function evaluateAll(net: StackedMlp, run: RunTensors, task: TaskKind): Promise<Metrics[]> {
  const rows = run.xEval.shape[0];
  const out = net.outputSize;
  const chunk = Math.max(1, Math.floor(EVAL_CHUNK_FLOATS / (net.count * net.widest)));
  const outputs = Array.from({ length: net.count }, () => new Float32Array(rows * out));
  for (let start = 0; start < rows; start += chunk) {
    const size = Math.min(chunk, rows - start);
    const result = tf.tidy(() => net.apply(tf.expandDims(tf.slice(run.xEval, [start, 0], [size, net.inputSize]), 0) as tf.Tensor3D));
    const values = (await result.data()) as Float32Array;
    result.dispose();
    outputs.forEach((o, r) => o.set(values.subarray(r * size * out, (r + 1) * size * out), start * out));
  }
  return outputs.map((values) => score(values, run, task));
}

/** Trains the members together; resolves to each one's outcome, in the members' order. */
export async function fitTogether(members: readonly GroupMember[], run: RunTensors, options: GroupFitOptions): Promise<MemberOutcome[]> {
  const problem = groupProblem(members, options.task);
  if (problem) throw new Error(`These models cannot be trained together: ${problem}`);
  const { epochs } = members[0]!.spec;
  const loss = lossOf(members[0]!.spec, options.task, options.classWeights);
  const numRows = run.xTrain.shape[0];
  const width = run.xTrain.shape[1]!;
  const classes = run.yTrain.shape[1];
  const batchSize = Math.max(1, Math.min(members[0]!.spec.batchSize, numRows));
  const orders = members.map(() => Array.from({ length: numRows }, (_, i) => i));
  const monitored = members.map((): number[] => []);
  const outcomes: MemberOutcome[] = members.map(() => ({ epochsRun: 0 }));
  /** active[r]: the member whose model is row r of the stack. */
  let active = members.map((_, k) => k);
  const rateOf = (k: number, epoch: number) => learningRateAt(members[k]!.spec.schedule, members[k]!.spec.learningRate, epoch, epochs, monitored[k]!);

  const net = new StackedMlp(members.map((m) => m.model));
  const optimizer = new StackedAdam(net.variables(), active.map((k) => rateOf(k, 0)));
  const trainer = createGroupStep(net, optimizer, loss);
  try {
    for (let epoch = 0; epoch < epochs && active.length > 0; epoch++) {
      optimizer.setLearningRates(active.map((k) => rateOf(k, epoch)));
      for (const k of active) members[k]!.rng.shuffle(orders[k]!);
      const count = active.length;
      let lossSum: tf.Tensor1D = tf.zeros([count]);
      for (let start = 0; start < numRows; start += batchSize) {
        const size = Math.min(batchSize, numRows - start);
        // Row r of the batch tensors holds model r's own next rows.
        const indices = new Int32Array(count * size);
        active.forEach((k, r) => {
          const order = orders[k]!;
          for (let i = 0; i < size; i++) indices[r * size + i] = order[start + i]!;
        });
        const next = tf.tidy(() => {
          const rows = tf.tensor1d(indices, 'int32');
          const xBatch = tf.reshape(tf.gather(run.xTrain, rows), [count, size, width]) as tf.Tensor3D;
          const yBatch = tf.reshape(tf.gather(run.yTrain, rows), [count, size, classes]) as tf.Tensor3D;
          const batchLosses = trainer.step(xBatch, yBatch);
          const sum = tf.add(lossSum, tf.mul(batchLosses, size)) as tf.Tensor1D;
          batchLosses.dispose(); // kept by the step, so tidy would not release it
          return sum;
        });
        lossSum.dispose();
        lossSum = next;
      }
      const sums = await lossSum.data();
      lossSum.dispose();
      const evaluations = options.evaluateEachEpoch ? await evaluateAll(net, run, options.task) : null;
      const keep: number[] = [];
      active.forEach((k, r) => {
        const epochLoss = sums[r]! / numRows;
        outcomes[k] = { epochsRun: epoch + 1 };
        if (!Number.isFinite(epochLoss)) {
          outcomes[k] = { epochsRun: epoch + 1, error: `The training loss became ${epochLoss} in epoch ${epoch + 1}; try a lower learning rate.` };
          return;
        }
        const evaluation = evaluations?.[r] ?? null;
        monitored[k]!.push(evaluation ? evaluation['loss']! : epochLoss);
        const verdict = options.onEpoch(k, epoch, epochLoss, evaluation);
        if (verdict !== 'stop' && !shouldStopEarly(members[k]!.spec.patience, monitored[k]!) && epoch + 1 < epochs) keep.push(r);
      });
      // Models that stopped take their weights with them; the rest carry on in a smaller stack.
      active.forEach((k, r) => {
        if (!keep.includes(r)) net.writeInto(r, members[k]!.model);
      });
      if (keep.length < active.length && keep.length > 0) {
        const remaining = keep.map((r) => active[r]!);
        net.keepRows(keep);
        optimizer.keepRows(keep, remaining.map((k) => rateOf(k, epoch + 1)));
        active = remaining;
      } else if (keep.length === 0) {
        active = [];
      }
      await options.checkpoint();
    }
    return outcomes;
  } finally {
    trainer.dispose();
    optimizer.dispose();
    net.dispose();
  }
}
