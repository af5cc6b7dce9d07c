/** Turns a dataset and a run's row indices into scaled tensors: scaling fitted on the training rows only. */
import * as tf from '@tensorflow/tfjs';
import { applyStandardizer, fitScalar, fitStandardizer } from '../data/scale';
import type { ModelData } from '../data/types';
import type { TrainingRun } from '../protocol/training';
import type { RunTensors } from './train';

function targetTensor(data: ModelData, rows: readonly number[], scale: { mean: number; std: number }): tf.Tensor2D {
  if (data.task.kind === 'regression') {
    return tf.tensor2d(Float32Array.from(rows, (r) => (data.targets[r]! - scale.mean) / scale.std), [rows.length, 1]);
  }
  return tf.tidy(() => tf.oneHot(tf.tensor1d(Int32Array.from(rows, (r) => data.targets[r]!), 'int32'), data.task.classNames.length).toFloat() as tf.Tensor2D);
}

export function prepareRun(data: ModelData, run: TrainingRun): RunTensors {
  const scaler = fitStandardizer(data.features, data.numFeatures, run.train);
  const targetScale = data.task.kind === 'regression' ? fitScalar(data.targets, run.train) : { mean: 0, std: 1 };
  const matrix = (rows: readonly number[]) =>
    tf.tensor2d(applyStandardizer(scaler, data.features, data.numFeatures, rows), [rows.length, data.numFeatures]);
  return {
    xTrain: matrix(run.train),
    yTrain: targetTensor(data, run.train, targetScale),
    xEval: matrix(run.evaluate),
    yEval: targetTensor(data, run.evaluate, targetScale),
    targetScale,
    scaler,
    evalTargets: Float32Array.from(run.evaluate, (r) => data.targets[r]!),
  };
}

export function disposeRun(run: RunTensors): void {
  tf.dispose([run.xTrain, run.yTrain, run.xEval, run.yEval]);
}
