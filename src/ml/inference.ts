/** Model size and single-prediction latency on the active backend, for the leaderboard. */
import * as tf from '@tensorflow/tfjs';
import { median } from '../shared/stats';

export interface ModelCost {
  readonly parameters: number;
  /** float32 weights. */
  readonly bytes: number;
  /** Median time to predict one row (after a warm-up), including the read-back. */
  readonly latencyMs: number;
}

/** `inputs` is any batch the model reads (a table, images or token ids); its first example is timed. */
export async function measureModelCost(model: tf.LayersModel, inputs: tf.Tensor, repeats = 5): Promise<ModelCost> {
  const row = tf.slice(inputs, 0, 1);
  const times: number[] = [];
  try {
    for (let i = 0; i <= repeats; i++) {
      const started = performance.now();
      const out = model.predict(row) as tf.Tensor;
      await out.data();
      out.dispose();
      if (i > 0) times.push(performance.now() - started); // the first call compiles and warms up
    }
  } finally {
    row.dispose();
  }
  const parameters = model.countParams();
  return { parameters, bytes: parameters * 4, latencyMs: median(times) };
}
