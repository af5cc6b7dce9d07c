/**
 * K dense networks of identical layer shapes held as one: each layer's kernels stacked to [K, in, out] and
 * biases to [K, 1, out], so a forward pass is one batched matMul per layer instead of K small ones (on WASM
 * the routed kernel in ../kernels/wasmMatMul.ts splits it into XNNPACK calls). Rows never mix: row r of every
 * tensor belongs to model r alone, so gradients, and therefore training, are each model's own.
 *
 * The stack is read from, and written back to, ordinary tfjs Layers models built by the usual builder, so
 * initial weights are exactly those of training each model alone, and a trained model can be evaluated and
 * exported unchanged. Activations are the Dense layers' own activation objects, not re-implementations.
 */
import * as tf from '@tensorflow/tfjs';

type ActivationFn = (x: tf.Tensor) => tf.Tensor;

interface LayerPlan {
  readonly index: number;
  readonly inputs: number;
  readonly units: number;
  readonly activationName: string;
  readonly activation: ActivationFn;
}

interface StackedLayer extends LayerPlan {
  kernel: tf.Variable;
  bias: tf.Variable;
}

/** Why a model cannot join a stack (plain dense chain with biases, no active dropout), or null when it can. */
export function denseChainProblem(model: tf.LayersModel): string | null {
  const plan = planOf(model);
  return typeof plan === 'string' ? plan : null;
}

function planOf(model: tf.LayersModel): LayerPlan[] | string {
  const plan: LayerPlan[] = [];
  for (const [index, layer] of model.layers.entries()) {
    const kind = layer.getClassName();
    if (kind === 'InputLayer') continue;
    if (kind === 'Dropout') {
      if ((layer.getConfig()['rate'] as number) > 0) return 'dropout is not supported when training models together';
      continue;
    }
    // Any joining layer (Add for residual blocks, Concatenate) is refused here, so what remains is a chain.
    if (kind !== 'Dense') return `a ${kind} layer cannot be trained together (dense layers only)`;
    const config = layer.getConfig();
    if (config['useBias'] !== true) return 'dense layers without bias cannot be trained together';
    const kernelShape = layer.getWeights()[0]!.shape;
    if (kernelShape.length !== 2) return 'dense layers must act on vectors';
    const activation = (layer as unknown as { activation: { apply(x: tf.Tensor): tf.Tensor } }).activation;
    plan.push({
      index,
      inputs: kernelShape[0]!,
      units: kernelShape[1]!,
      activationName: String(config['activation']),
      activation: (x) => activation.apply(x),
    });
  }
  return plan.length > 0 ? plan : 'the model has no dense layers';
}

const describe = (plan: readonly LayerPlan[]) => plan.map((p) => `${p.inputs}→${p.units} ${p.activationName}`).join(', ');

export class StackedMlp {
  private layers: StackedLayer[];
  private size: number;

  /** Stacks the models' current weights. Throws when a model is not a dense chain or shapes differ. */
  constructor(models: readonly tf.LayersModel[]) {
    if (models.length === 0) throw new Error('StackedMlp needs at least one model');
    const plans = models.map(planOf);
    const first = plans[0]!;
    if (typeof first === 'string') throw new Error(first);
    for (const plan of plans) {
      if (typeof plan === 'string') throw new Error(plan);
      if (describe(plan) !== describe(first)) throw new Error(`Models trained together need identical layers: ${describe(plan)} vs ${describe(first)}`);
    }
    this.size = models.length;
    this.layers = first.map((layer) => {
      const weights = models.map((m) => m.layers[layer.index]!.getWeights());
      return {
        ...layer,
        kernel: variableOf(() => tf.stack(weights.map((w) => w[0]!))),
        bias: variableOf(() => tf.stack(weights.map((w) => w[1]!.reshape([1, layer.units])))),
      };
    });
  }

  /** Models in the stack. */
  get count(): number {
    return this.size;
  }

  get inputSize(): number {
    return this.layers[0]!.inputs;
  }

  get outputSize(): number {
    return this.layers[this.layers.length - 1]!.units;
  }

  /** Widest activation, for sizing evaluation chunks. */
  get widest(): number {
    return Math.max(this.inputSize, ...this.layers.map((l) => l.units));
  }

  /** Trainable variables, kernel then bias per layer (the order StackedAdam and the gradients use). */
  variables(): tf.Variable[] {
    return this.layers.flatMap((l) => [l.kernel, l.bias]);
  }

  kernels(): tf.Variable[] {
    return this.layers.map((l) => l.kernel);
  }

  /** x: [K, B, in] (each model its own rows) or [1, B, in] (the same rows for all); returns [K, B, out]. */
  apply(x: tf.Tensor3D): tf.Tensor3D {
    return tf.tidy(() => this.layers.reduce<tf.Tensor>((h, l) => l.activation(tf.add(tf.matMul(h, l.kernel), l.bias)), x) as tf.Tensor3D);
  }

  /** Writes row `row`'s weights into a Layers model of the same structure (the one it was read from). */
  writeInto(row: number, model: tf.LayersModel): void {
    const plan = planOf(model);
    if (typeof plan === 'string') throw new Error(plan);
    plan.forEach((target, i) => {
      const layer = this.layers[i]!;
      const values = tf.tidy(() => [
        tf.squeeze(tf.slice(layer.kernel, [row, 0, 0], [1, layer.inputs, layer.units]), [0]),
        // Sliced from a flat view, so the bias's own data is rank 1: the WASM backend keeps a shape per data
        // buffer (reshapes share it), and its fused matMul, which Dense layers call, refuses any other bias rank.
        tf.slice(tf.reshape(layer.bias, [this.size * layer.units]), [row * layer.units], [layer.units]),
      ]);
      // setWeights assigns, and a variable's assign shares (and counts a reference to) the new data.
      model.layers[target.index]!.setWeights(values);
      tf.dispose(values);
    });
  }

  /** Keeps only the given rows (in that order): stopped models drop out and cost nothing from then on. */
  keepRows(rows: readonly number[]): void {
    this.layers = this.layers.map((l) => ({ ...l, kernel: keepRowsOf(l.kernel, rows), bias: keepRowsOf(l.bias, rows) }));
    this.size = rows.length;
  }

  dispose(): void {
    tf.dispose(this.variables());
  }
}

/** A variable holding what `make` computes; the intermediate tensor is released (the variable shares its data). */
export function variableOf(make: () => tf.Tensor, trainable = true): tf.Variable {
  const value = tf.tidy(make);
  const variable = tf.variable(value, trainable);
  value.dispose();
  return variable;
}

/** A new variable holding `rows` of `v` (a variable's shape cannot change in place); disposes `v`. */
export function keepRowsOf(v: tf.Variable, rows: readonly number[]): tf.Variable {
  const next = variableOf(() => tf.gather(v, tf.tensor1d(Int32Array.from(rows), 'int32')), v.trainable);
  v.dispose();
  return next;
}
