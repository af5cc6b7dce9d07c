/**
 * A model's metrics from its outputs on labelled rows, with the loss its curves show: the one definition used
 * for networks (ml/train.ts), learners (worker/learnerRunner.ts) and blended ensembles (orchestrator), so a
 * tree, a network and an ensemble of both are scored by the same rules.
 * - classification: outputs are probabilities n × k; the loss is the log loss;
 * - regression: outputs are values in the target's units; the loss is the mean squared error in standard
 *   deviations of the training target (what a network trained on standardised targets minimises).
 */
import { classificationMetrics, regressionMetrics } from './metrics';

export function metricsOfOutputs(
  outputs: ArrayLike<number>,
  targets: ArrayLike<number>,
  task: 'binary' | 'multiclass' | 'regression',
  numClasses: number,
  targetStd = 1,
): Record<string, number> {
  if (task !== 'regression') {
    const metrics = classificationMetrics(outputs, targets, numClasses);
    return { loss: metrics.log_loss, ...metrics };
  }
  const metrics = regressionMetrics(outputs, targets);
  return { loss: (metrics.rmse / targetStd) ** 2, ...metrics };
}
