/**
 * `npm run bench:kernels`: micro-benchmarks of our WASM kernels against the shipped ones, side by side in
 * one run under Node (the same WASM binary the browser runs, single-threaded): matMul in every transpose
 * combination, 2-D and batched (K × 2-D, as K models trained together use it), and a training step of the
 * reference MLP; Tile and its gradient in a layer-normalised MLP. Medians of alternating repeats.
 */
import { denseSpec } from '../src/protocol/training';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { createRng } from '../src/engine/study/rng';
import { setWasmMatMulRouting } from '../src/ml/kernels/wasmMatMul';
import { setFastTileGradient } from '../src/ml/kernels/tileGradient';
import { setWasmTile } from '../src/ml/kernels/wasmTile';
import { categoricalCrossEntropy } from '../src/ml/losses';
import { buildDenseModel, createOptimizer, trainableVariables } from '../src/ml/model';
import { trainStep } from '../src/ml/train';
import { median } from '../src/shared/stats';

const REPEATS = 7;

/** The (transposeA, transposeB) combinations timed for each shape. */
const TRANSPOSES = [
  [false, false],
  [true, false],
  [false, true],
] as const;

function time(run: () => void, iterations: number): number {
  run(); // warm-up
  const start = performance.now();
  for (let i = 0; i < iterations; i++) run();
  return (performance.now() - start) / iterations;
}

/** Alternates shipped and our kernels (`switchTo` switches them) REPEATS times; returns median ms of each. */
function compare(run: () => void, iterations: number, switchTo: (ours: boolean) => void = setWasmMatMulRouting): [number, number] {
  const shipped: number[] = [];
  const routed: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    switchTo(false);
    shipped.push(time(run, iterations));
    switchTo(true);
    routed.push(time(run, iterations));
  }
  return [median(shipped), median(routed)];
}

async function main() {
  setThreadsCount(1);
  await tf.setBackend('wasm');
  console.log('\n## WASM matMul, shipped kernel vs routed (explicit transpose, then the XNNPACK path); ms per call, median of 7\n');
  console.log('| shape | transposeA | transposeB | shipped ms | routed ms | speed-up |');
  console.log('|---|---|---|---:|---:|---:|');
  for (const [m, k, n] of [
    [128, 64, 128],
    [256, 256, 256],
    [128, 784, 256],
  ] as const) {
    for (const [ta, tb] of TRANSPOSES) {
      const a = tf.randomNormal(ta ? [k, m] : [m, k]);
      const b = tf.randomNormal(tb ? [n, k] : [k, n]);
      const [s, r] = compare(() => tf.matMul(a, b, ta, tb).dataSync() && undefined, 20);
      tf.dispose([a, b]);
      console.log(`| ${m}×${k} · ${k}×${n} | ${ta} | ${tb} | ${s.toFixed(3)} | ${r.toFixed(3)} | ${(s / r).toFixed(2)}× |`);
    }
  }
  // Batched (K models trained together, src/ml/batched): the shipped kernel loops naively over every batch;
  // the routed one splits the batch into 2-D XNNPACK multiplies.
  for (const [batch, m, k, n] of [
    [8, 128, 64, 128],
    [32, 128, 64, 128],
    [32, 128, 128, 10],
  ] as const) {
    for (const [ta, tb] of TRANSPOSES) {
      const a = tf.randomNormal(ta ? [batch, k, m] : [batch, m, k]);
      const b = tf.randomNormal(tb ? [batch, n, k] : [batch, k, n]);
      const [s, r] = compare(() => tf.matMul(a, b, ta, tb).dataSync() && undefined, 10);
      tf.dispose([a, b]);
      console.log(`| ${batch} × (${m}×${k} · ${k}×${n}) | ${ta} | ${tb} | ${s.toFixed(3)} | ${r.toFixed(3)} | ${(s / r).toFixed(2)}× |`);
    }
  }

  const spec = denseSpec({ hidden: [{ units: 128, activation: 'relu', dropout: 0 }], optimizer: 'adam', learningRate: 1e-3, batchSize: 128, epochs: 1 });
  const model = buildDenseModel(spec, { inputSize: 64, task: 'multiclass', numClasses: 10 }, createRng(1));
  const optimizer = createOptimizer(spec);
  const variables = trainableVariables(model);
  const x = tf.randomNormal([128, 64]);
  const y = tf.oneHot(tf.randomUniform([128], 0, 10, 'int32'), 10).toFloat();
  const [s, r] = compare(() => trainStep(model, optimizer, variables, categoricalCrossEntropy, x, y).dispose(), 50);
  console.log('\n## Reference MLP training step (64 → 128 → 10, Adam, batch 128), WASM under Node\n');
  console.log('| kernel | ms per step | samples/s |');
  console.log('|---|---:|---:|');
  console.log(`| shipped | ${s.toFixed(3)} | ${Math.round(128000 / s).toLocaleString('en')} |`);
  console.log(`| routed | ${r.toFixed(3)} | ${Math.round(128000 / r).toLocaleString('en')} |`);
  console.log(`\nSpeed-up of a training step: ${(s / r).toFixed(2)}×`);

  // Layer normalisation tiles in every call: tfjs's Tile gradient (a slice and an add per repetition) and
  // tfjs-wasm's Tile against ours (kernels/tileGradient.ts, kernels/wasmTile.ts).
  const normSpec = denseSpec({
    hidden: [19, 58, 462].map((units) => ({ units, activation: 'gelu' as const, dropout: 0 })),
    normalization: 'layer',
    optimizer: 'adam',
    learningRate: 1e-3,
    batchSize: 64,
    epochs: 1,
  });
  const normModel = buildDenseModel(normSpec, { inputSize: 30, task: 'binary', numClasses: 2 }, createRng(2));
  const normOptimizer = createOptimizer(normSpec);
  const normVariables = trainableVariables(normModel);
  const xs = tf.randomNormal([64, 30]);
  const ys = tf.oneHot(tf.randomUniform([64], 0, 2, 'int32'), 2).toFloat();
  const rows = tf.randomNormal([152, 30]);
  const tileKernels = (ours: boolean) => {
    setFastTileGradient(ours);
    setWasmTile(ours);
  };
  const [ts, tr] = compare(() => trainStep(normModel, normOptimizer, normVariables, categoricalCrossEntropy, xs, ys).dispose(), 20, tileKernels);
  const [ps, pr] = compare(() => (normModel.predict(rows) as tf.Tensor).dispose(), 20, tileKernels);
  console.log('\n## MLP 30 → 19 → 58 → 462 → 2 with layer normalisation and gelu, WASM under Node\n');
  console.log('| Tile kernel and gradient | ms per training step (batch 64) | ms to predict 152 rows |');
  console.log('|---|---:|---:|');
  console.log(`| shipped | ${ts.toFixed(2)} | ${ps.toFixed(2)} |`);
  console.log(`| ours | ${tr.toFixed(2)} | ${pr.toFixed(2)} |`);
  console.log(`\nSpeed-up: ${(ts / tr).toFixed(1)}× per step, ${(ps / pr).toFixed(1)}× per prediction`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
