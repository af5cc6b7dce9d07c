/**
 * Trials trained together (src/ml/batched): which ModelSpecs one worker can train as one stacked computation
 * with results identical to training each alone, and the group job that carries them. Pure rules on specs,
 * so the orchestrator (which may not load tfjs) groups trials by the same rules the worker's fitTogether
 * checks; the worker adds the model-level check (a plain dense chain) once the models are built.
 */
import type { InputLayout, TaskKind } from '../data/types';
import type { EpochRecord, LossSpec, ModelSpec, TrainingJob, TrainingResult } from './training';
import type { WorkerErrorInfo } from './messages';

/** The loss a group computes, row by row (src/ml/batched/groupStep.ts). */
export type GroupLossKind = { readonly kind: 'cross-entropy'; readonly labelSmoothing: number } | { readonly kind: 'mse' };

/** The loss a group trains `loss` with for this task, or null when a group cannot compute it. */
export function groupLossKind(loss: LossSpec, task: TaskKind): GroupLossKind | null {
  if (task === 'regression') return loss.kind === 'auto' || loss.kind === 'mse' ? { kind: 'mse' } : null;
  if (loss.kind === 'auto') return { kind: 'cross-entropy', labelSmoothing: 0 };
  if (loss.kind === 'cross-entropy') return { kind: 'cross-entropy', labelSmoothing: loss.labelSmoothing };
  return null;
}

/** Why a spec can never join a group (whatever the others are), or null when it can. */
export function specGroupProblem(spec: ModelSpec, task: TaskKind): string | null {
  if (spec.optimizer !== 'adam') return `optimizer ${spec.optimizer} (only adam is trained in groups)`;
  if (spec.architecture.kind !== 'mlp' || spec.architecture.residual) return 'only plain MLPs are trained in groups';
  if (spec.normalization !== 'none') return 'normalisation layers are not trained in groups';
  if (spec.l2 !== 0 || spec.weightDecay !== 0 || spec.clipNorm !== null) return 'L2, weight decay and clipping are not trained in groups yet';
  if (spec.hidden.some((layer) => layer.dropout > 0)) return 'dropout is not supported when training models together';
  return groupLossKind(spec.loss, task) ? null : `the ${spec.loss.kind} loss is not trained in groups`;
}

/** What must be equal within a group: the layers (units and activations), batch size, epochs and loss. */
function shapeOf(spec: ModelSpec) {
  return {
    layers: spec.hidden.map((layer) => `${layer.units} ${layer.activation}`),
    batchSize: spec.batchSize,
    epochs: spec.epochs,
    loss: JSON.stringify(spec.loss),
    classWeight: spec.classWeight,
  };
}

/** Why two groupable specs cannot share a group, or null when they can. */
export function groupMismatch(spec: ModelSpec, first: ModelSpec): string | null {
  const a = shapeOf(spec);
  const b = shapeOf(first);
  if (a.batchSize !== b.batchSize || a.epochs !== b.epochs) return 'batch size and epochs must agree within a group';
  if (a.loss !== b.loss || a.classWeight !== b.classWeight) return 'the loss must agree within a group';
  if (a.layers.join() !== b.layers.join()) return `the layers must agree within a group: ${a.layers.join(', ')} vs ${b.layers.join(', ')}`;
  return null;
}

/**
 * Equal for specs one worker can train as one group on this task and input, null for a spec that cannot be
 * grouped. MLPs read flattened images through a Flatten layer, which a stack does not hold: tables only.
 * Learning rate, schedule and patience may differ within a group (they are applied per model).
 */
export function groupKey(spec: ModelSpec, task: TaskKind, layout: InputLayout['kind']): string | null {
  if (layout !== 'table' || specGroupProblem(spec, task) !== null) return null;
  return JSON.stringify(shapeOf(spec));
}

/** One trial of a group job: its own model, seed and pruning; the data and runs are the group's. */
export interface GroupMemberJob {
  readonly model: ModelSpec;
  readonly seed: number;
  readonly exportModel?: boolean;
  readonly pruning?: TrainingJob['pruning'];
  /**
   * Earlier members (indices) whose first-run values at a successive-halving rung count as this member's
   * competitors there, as those trials' finished curves would have alone (see engine/pruners/group.ts).
   */
  readonly peers?: readonly number[];
}

/** Several trials on the same dataset and the same runs (row indices), trained at once where they can be. */
export interface TrainingGroupJob {
  readonly datasetKey: string;
  readonly runs: TrainingJob['runs'];
  readonly evaluation: TrainingJob['evaluation'];
  readonly objective: TrainingJob['objective'];
  readonly keepEvaluationOutputs?: boolean;
  readonly members: readonly GroupMemberJob[];
}

/** Each member's own outcome: what runTrial would have answered for it alone. */
export type GroupMemberResult = { readonly ok: true; readonly result: TrainingResult } | { readonly ok: false; readonly error: WorkerErrorInfo };

export interface TrainingGroupResult {
  readonly members: readonly GroupMemberResult[];
}

/** Per-epoch progress of a group, each record tagged with its member. */
export interface GroupEpochRecord {
  readonly member: number;
  readonly record: EpochRecord;
}

/** The solo job of member `index`, exactly as the study runner would have sent it alone. */
export function memberJob(group: TrainingGroupJob, index: number): TrainingJob {
  const member = group.members[index]!;
  return {
    datasetKey: group.datasetKey,
    model: member.model,
    runs: group.runs,
    evaluation: group.evaluation,
    objective: group.objective,
    seed: member.seed,
    ...(group.keepEvaluationOutputs ? { keepEvaluationOutputs: true } : {}),
    ...(member.exportModel ? { exportModel: true } : {}),
    ...(member.pruning ? { pruning: member.pruning } : {}),
  };
}
