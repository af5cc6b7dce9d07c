/**
 * Adam on stacked variables ([K, …], row r = model r) with a learning rate per model. It performs exactly
 * the tensor operations of tfjs's AdamOptimizer.applyGradients (tfjs-core 4.22, optimizers/adam_optimizer),
 * in the same order and with the same constants, except that the final `mul(ratio, -learningRate)` multiplies
 * by a [K, 1, 1] tensor of negated per-model rates instead of one scalar. Every operation is elementwise
 * (the moments, the bias correction by the shared β-powers, the square root), so element (r, i, j) sees the
 * same float32 arithmetic as model r's element (i, j) trained alone with tf.train.adam(rate_r, β1, β2, ε):
 * that is the equivalence proof, and fitTogether.test.ts checks it numerically.
 *
 * The β-power accumulators are shared: all models in a stack take every step together (a stopped model leaves
 * the stack rather than skipping steps, see StackedMlp.keepRows), so their step counts never differ.
 */
import * as tf from '@tensorflow/tfjs';
import { keepRowsOf, variableOf } from './stackedMlp';

export interface AdamSettings {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

/** The Keras defaults that ml/model.ts's createOptimizer gives tf.train.adam. */
export const KERAS_ADAM: AdamSettings = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };

export class StackedAdam {
  private firstMoments: tf.Variable[];
  private secondMoments: tf.Variable[];
  private readonly accBeta1: tf.Variable;
  private readonly accBeta2: tf.Variable;
  private negatedRates: tf.Tensor | null = null;

  constructor(
    variables: readonly tf.Variable[],
    learningRates: readonly number[],
    private readonly settings: AdamSettings = KERAS_ADAM,
  ) {
    this.firstMoments = variables.map((v) => variableOf(() => tf.zerosLike(v), false));
    this.secondMoments = variables.map((v) => variableOf(() => tf.zerosLike(v), false));
    this.accBeta1 = variableOf(() => tf.scalar(settings.beta1), false);
    this.accBeta2 = variableOf(() => tf.scalar(settings.beta2), false);
    this.setLearningRates(learningRates);
  }

  /** One rate per row (model); may change between steps (learning-rate schedules). */
  setLearningRates(rates: readonly number[]): void {
    this.negatedRates?.dispose();
    this.negatedRates = tf.tensor3d(Float32Array.from(rates, (r) => -r), [rates.length, 1, 1]);
  }

  /** Applies one step; `gradients[i]` belongs to `variables[i]` (same order as the constructor's). */
  apply(variables: readonly tf.Variable[], gradients: readonly tf.Tensor[]): void {
    const { beta1, beta2, epsilon } = this.settings;
    const negatedRates = this.negatedRates!;
    tf.tidy(() => {
      const oneMinusAccBeta1 = tf.sub(1, this.accBeta1);
      const oneMinusAccBeta2 = tf.sub(1, this.accBeta2);
      variables.forEach((value, i) => {
        const gradient = gradients[i]!;
        const firstMoment = this.firstMoments[i]!;
        const secondMoment = this.secondMoments[i]!;
        const newFirstMoment = tf.add(tf.mul(firstMoment, beta1), tf.mul(gradient, 1 - beta1));
        const newSecondMoment = tf.add(tf.mul(secondMoment, beta2), tf.mul(tf.square(gradient), 1 - beta2));
        const biasCorrectedFirstMoment = tf.div(newFirstMoment, oneMinusAccBeta1);
        const biasCorrectedSecondMoment = tf.div(newSecondMoment, oneMinusAccBeta2);
        firstMoment.assign(newFirstMoment);
        secondMoment.assign(newSecondMoment);
        const newValue = tf.add(tf.mul(tf.div(biasCorrectedFirstMoment, tf.add(tf.sqrt(biasCorrectedSecondMoment), epsilon)), negatedRates), value);
        value.assign(newValue);
      });
      this.accBeta1.assign(tf.mul(this.accBeta1, beta1));
      this.accBeta2.assign(tf.mul(this.accBeta2, beta2));
    });
  }

  /** Keeps the moments and rates of the given rows only (StackedMlp.keepRows does the same to the weights). */
  keepRows(rows: readonly number[], rates: readonly number[]): void {
    this.firstMoments = this.firstMoments.map((m) => keepRowsOf(m, rows));
    this.secondMoments = this.secondMoments.map((m) => keepRowsOf(m, rows));
    this.setLearningRates(rates);
  }

  dispose(): void {
    tf.dispose([...this.firstMoments, ...this.secondMoments, this.accBeta1, this.accBeta2]);
    this.negatedRates?.dispose();
    this.negatedRates = null;
  }
}
