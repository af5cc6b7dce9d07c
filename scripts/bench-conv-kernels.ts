/**
 * `npm run bench:conv-kernels`: our WASM convolution-gradient kernels against the alternatives, under Node
 * with the same single-threaded SIMD WASM binary the browser runs (XNNPACK inside it is the same code, so
 * Node is representative; absolute figures depend on the machine). Shapes are a Fashion-MNIST CNN's at
 * batch 64. Medians of REPEATS alternating runs (3 single calls on the slow CPU backend).
 *
 * - Conv2DBackpropFilter: tfjs-wasm 4.22 has none ("not registered"), so there is no shipped WASM figure;
 *   we compare with the CPU backend's kernel, with the same convolution our kernel uses for multi-channel
 *   inputs written as tf ops (so it pays the engine's overhead), and with our kernel forced to its im2col
 *   route and in its default routing.
 * - MaxPoolGrad: the shipped WASM kernel (which also gives wrong gradients for multi-channel inputs, see
 *   src/ml/kernels/wasmMaxPoolGrad.ts) against ours.
 * - One training step of conv3×3(8) → pool → conv3×3(16) → pool → dense 64 → 10, Adam: CPU backend, WASM
 *   with our filter gradient but the shipped max-pool gradient, and WASM with all our kernels.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmKernelFixes, setWasmMaxPoolGrad } from '../src/ml/kernels';
import { setConvFilterGradRoute } from '../src/ml/kernels/wasmConvFilterGrad';
import { median } from '../src/shared/stats';

const REPEATS = 7;
const BATCH = 64;

function time(run: () => void, iterations: number): number {
  run(); // warm-up
  const start = performance.now();
  for (let i = 0; i < iterations; i++) run();
  return (performance.now() - start) / iterations;
}

/** Median ms of each variant, run in turn REPEATS times so drifting machine load hits all alike. */
async function compare(variants: (() => Promise<() => void>)[], iterations: number, repeats = REPEATS): Promise<number[]> {
  const samples = variants.map((): number[] => []);
  for (let r = 0; r < repeats; r++) {
    for (const [i, prepare] of variants.entries()) samples[i]!.push(time(await prepare(), iterations));
  }
  return samples.map(median);
}

/** dW as one shipped WASM Conv2D: input [ci, h, w, n] convolved with dy [oh, ow, n, co] dilated by the stride. */
function composedFilterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, filterShape: number[], stride: number, top: number, left: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [kh, kw] = filterShape as [number, number];
    const [, h, w] = x.shape;
    const [, oh, ow] = dy.shape;
    // Padding that makes the output exactly kh × kw (the bench's shapes never need a negative one).
    const bottom = kh - 1 + (oh - 1) * stride - (h - 1) - top;
    const right = kw - 1 + (ow - 1) * stride - (w - 1) - left;
    const pad: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [top, bottom], [left, right], [0, 0]];
    const out = tf.conv2d(tf.transpose(x, [3, 1, 2, 0]), tf.transpose(dy, [1, 2, 0, 3]), 1, pad, 'NHWC', stride);
    return tf.transpose(out, [1, 2, 0, 3]);
  });
}

async function filterGradients() {
  console.log('\n## Conv2DBackpropFilter (3×3, stride 1, same), ms per call\n');
  console.log('| x | filter | CPU backend | WASM, tf ops | WASM ours, im2col | WASM ours (auto) |');
  console.log('|---|---|---:|---:|---:|---:|');
  for (const [xShape, filterShape] of [
    [[BATCH, 28, 28, 1], [3, 3, 1, 8]],
    [[BATCH, 14, 14, 8], [3, 3, 8, 16]],
  ] as const) {
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [...filterShape] };
    const tensors = async (backend: string) => {
      await tf.setBackend(backend);
      const x = tf.randomNormal([...xShape], 0, 1, 'float32', 1) as tf.Tensor4D;
      const dy = tf.randomNormal([xShape[0], xShape[1], xShape[2], filterShape[3]], 0, 1, 'float32', 2) as tf.Tensor4D;
      return { x, dy };
    };
    const cpu = await tensors('cpu');
    const [cpuMs] = await compare([async () => (await tf.setBackend('cpu'), () => (tf.engine().runKernel('Conv2DBackpropFilter', { ...cpu }, attrs) as tf.Tensor).dispose())], 1, 3);
    const wasm = await tensors('wasm');
    const ours = () => (tf.engine().runKernel('Conv2DBackpropFilter', { ...wasm }, attrs) as tf.Tensor).dispose();
    const [composed, im2col, auto] = await compare(
      [
        async () => () => composedFilterGrad(wasm.x, wasm.dy, attrs.filterShape, 1, 1, 1).dispose(),
        async () => (setConvFilterGradRoute('im2col'), ours),
        async () => (setConvFilterGradRoute('auto'), ours),
      ],
      20,
    );
    console.log(`| ${xShape.join('×')} | ${filterShape.join('×')} | ${cpuMs!.toFixed(1)} | ${composed!.toFixed(2)} | ${im2col!.toFixed(2)} | ${auto!.toFixed(2)} |`);
    tf.dispose([wasm.x, wasm.dy]);
    await tf.setBackend('cpu');
    tf.dispose([cpu.x, cpu.dy]);
    await tf.setBackend('wasm');
  }
}

async function poolGradients() {
  console.log('\n## MaxPoolGrad (2×2, stride 2, valid) on WASM, ms per call\n');
  console.log('| x | shipped | ours | speed-up |');
  console.log('|---|---:|---:|---:|');
  for (const shape of [
    [BATCH, 28, 28, 8],
    [BATCH, 14, 14, 16],
  ] as [number, number, number, number][]) {
    const input = tf.randomNormal(shape) as tf.Tensor4D;
    const output = tf.maxPool(input, 2, 2, 'valid');
    const dy = tf.randomNormal(output.shape);
    const attrs = { filterSize: 2, strides: 2, pad: 'valid' };
    const run = () => (tf.engine().runKernel('MaxPoolGrad', { dy, input, output }, attrs) as tf.Tensor).dispose();
    const [shipped, ours] = await compare([async () => (setWasmMaxPoolGrad(false), run), async () => (setWasmMaxPoolGrad(true), run)], 20);
    console.log(`| ${shape.join('×')} | ${shipped!.toFixed(2)} | ${ours!.toFixed(2)} | ${(shipped! / ours!).toFixed(1)}× |`);
    tf.dispose([input, output, dy]);
  }
}

/** The CNN of PERFORMANCE.md's Fashion-MNIST figures, with its data and optimizer, on the current backend. */
function cnnStep() {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
      tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 64, activation: 'relu' }),
      tf.layers.dense({ units: 10 }),
    ],
  });
  const optimizer = tf.train.adam(2e-3);
  const x = tf.randomUniform([BATCH, 28, 28, 1], 0, 1, 'float32', 3);
  const y = tf.oneHot(tf.randomUniform([BATCH], 0, 10, 'int32', 4), 10);
  const step = () => {
    const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor), true);
    loss!.dataSync(); // wait for the step, as a training loop reading the loss would
    loss!.dispose();
  };
  return { step, dispose: () => (model.dispose(), optimizer.dispose(), tf.dispose([x, y])) };
}

async function trainingStep() {
  await tf.setBackend('cpu');
  const cpu = cnnStep();
  const [cpuMs] = await compare([async () => cpu.step], 1, 3);
  cpu.dispose();
  await tf.setBackend('wasm');
  const wasm = cnnStep();
  const [shippedPool, ours] = await compare([async () => (setWasmMaxPoolGrad(false), wasm.step), async () => (setWasmMaxPoolGrad(true), wasm.step)], 10);
  wasm.dispose();
  console.log(`\n## CNN training step (conv3×3·8 → pool → conv3×3·16 → pool → dense 64 → 10, Adam, batch ${BATCH})\n`);
  console.log('| backend and kernels | ms per step | images/s |');
  console.log('|---|---:|---:|');
  const row = (what: string, ms: number) => console.log(`| ${what} | ${ms.toFixed(1)} | ${Math.round((BATCH * 1000) / ms).toLocaleString('en')} |`);
  row('CPU backend (tfjs-wasm alone cannot train it: no Conv2DBackpropFilter)', cpuMs!);
  row('WASM, our filter gradient, shipped MaxPoolGrad (wrong gradients)', shippedPool!);
  row('WASM, all our kernels', ours!);
}

async function main() {
  setThreadsCount(1);
  await tf.setBackend('wasm');
  const installed = registerWasmKernelFixes();
  if (!installed.convFilterGrad || !installed.maxPoolGrad) throw new Error(`Kernels not installed: ${JSON.stringify(installed)}`);
  await filterGradients();
  await poolGradients();
  await trainingStep();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
