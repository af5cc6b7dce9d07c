/**
 * A faster BatchMatMul for the WASM backend. tfjs-wasm sends only non-batched, non-transposed multiplies
 * to XNNPACK; a transposed one (every backward-pass multiply: dW = xᵀ·dy, dx = dy·Wᵀ) and a batched one
 * (batch > 1: K models trained together, src/ml/batched) take a naive loop about 10× slower (256×256:
 * 1.8 ms against 16–20 ms in Node). This kernel
 *  - transposes an operand explicitly (a cheap copy) and then calls the shipped kernel without transposes;
 *  - multiplies a batch against a single matrix ([K, m, k] · [k, n]) as one 2-D multiply [K·m, k] · [k, n];
 *  - splits any other batch into 2-D multiplies, copying each block straight out of the WASM heap: the
 *    WASM Slice kernel reads back (copies) its whole input for every slice, so slicing K blocks would
 *    copy the operands K times.
 * Results equal the CPU backend's to float32 rounding (src/ml/kernels/wasmMatMul.test.ts).
 *
 * Install before or after the WASM backend starts; `setWasmMatMulRouting(false)` restores the shipped
 * kernel (the benchmarks compare both).
 */
import { getKernel, registerKernel, unregisterKernel, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';

const BACKEND = 'wasm';
const MATMUL = 'BatchMatMul';

/** The parts of tfjs-wasm's BackendWasm this kernel uses (its class is not exported as a type we can name). */
interface WasmBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
  disposeData(dataId: object): void;
}

let shipped: KernelConfig | null = null;
let routed = false;

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** The same data under another shape. The shipped kernel reshapes (and reference-counts) its inputs itself. */
const view = (x: TensorInfo, shape: number[]): TensorInfo => ({ dataId: x.dataId, shape, dtype: x.dtype });

function transposeLastTwo(x: TensorInfo, backend: WasmBackend, transpose: KernelFunc): TensorInfo {
  const rank = x.shape.length;
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 1] = rank - 2;
  perm[rank - 2] = rank - 1;
  return transpose({ inputs: { x }, backend: backend as never, attrs: { perm } }) as TensorInfo;
}

/** A fresh [rows, cols] tensor holding block `index` of `x` (viewed as [batch, rows, cols]). */
function copyBlock(x: TensorInfo, index: number, rows: number, cols: number, backend: WasmBackend): TensorInfo {
  const block = backend.makeOutput([rows, cols], 'float32');
  // Views are taken after makeOutput: an allocation can grow the heap and detach older views.
  const source = backend.typedArrayFromHeap(view(x, [sizeOf(x.shape)]));
  backend.typedArrayFromHeap(block).set(source.subarray(index * rows * cols, (index + 1) * rows * cols));
  return block;
}

/**
 * a [batchA, m, k] · b [batchB, k, n] without transposes, batchA and batchB each 1 or the common batch;
 * returns a [batch, m, n] tensor.
 */
function batchedWithoutTransposes(a: TensorInfo, b: TensorInfo, original: KernelFunc, args: Parameters<KernelFunc>[0]): TensorInfo {
  const backend = args.backend as unknown as WasmBackend;
  const [batchA, m, k] = a.shape as [number, number, number];
  const [batchB, , n] = b.shape as [number, number, number];
  const batch = Math.max(batchA, batchB);
  const call = (x: TensorInfo, y: TensorInfo) => original({ ...args, inputs: { a: x, b: y }, attrs: { ...args.attrs, transposeA: false, transposeB: false } }) as TensorInfo;
  if (batchB === 1) {
    // Every row of every batch meets the same matrix: one multiply of the stacked rows.
    const out = call(view(a, [batchA * m, k]), view(b, [k, n]));
    return { ...out, shape: [batchA, m, n] };
  }
  const out = backend.makeOutput([batch, m, n], 'float32');
  for (let i = 0; i < batch; i++) {
    const ai = batchA === 1 ? view(a, [m, k]) : copyBlock(a, i, m, k, backend);
    const bi = copyBlock(b, i, k, n, backend);
    try {
      const product = call(ai, bi);
      const values = backend.typedArrayFromHeap(product);
      backend.typedArrayFromHeap(out).set(values, i * m * n);
      backend.disposeData(product.dataId);
    } finally {
      if (ai.dataId !== a.dataId) backend.disposeData(ai.dataId);
      backend.disposeData(bi.dataId);
    }
  }
  return out;
}

function routedMatMul(original: KernelFunc): KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    const batchA = sizeOf(a.shape.slice(0, -2));
    const batchB = sizeOf(b.shape.slice(0, -2));
    const batched = batchA > 1 || batchB > 1;
    if (!transposeA && !transposeB && !batched) return original(args);
    const transpose = getKernel('Transpose', BACKEND)!.kernelFunc;
    const backend = args.backend as unknown as WasmBackend;
    const a2 = transposeA ? transposeLastTwo(a, backend, transpose) : a;
    const b2 = transposeB ? transposeLastTwo(b, backend, transpose) : b;
    const plain = { ...args.attrs, transposeA: false, transposeB: false };
    try {
      // Broadcasting over several leading dimensions (e.g. [2, 1, m, k] · [1, 3, k, n]) is left to the shipped
      // kernel; our callers batch over one leading dimension, or over several that match exactly.
      const matching = a.shape.length === b.shape.length && a.shape.slice(0, -2).every((d, i) => d === b.shape[i]);
      if (!batched || !(matching || batchA === 1 || batchB === 1)) {
        return original({ ...args, inputs: { a: a2, b: b2 }, attrs: plain });
      }
      const [m, k] = a2.shape.slice(-2) as [number, number];
      const n = b2.shape[b2.shape.length - 1]!;
      const out = batchedWithoutTransposes(view(a2, [batchA, m, k]), view(b2, [batchB, k, n]), original, { ...args, attrs: plain });
      // The leading dimensions of the batched operand (the other has one matrix, or the same dimensions).
      const outer = (batchA > 1 ? a.shape : b.shape).slice(0, -2);
      return { ...out, shape: [...outer, m, n] };
    } finally {
      if (a2 !== a) backend.disposeData(a2.dataId);
      if (b2 !== b) backend.disposeData(b2.dataId);
    }
  };
}

/** Turns the routing on or off; returns whether it is on. A no-op where the WASM backend is not registered. */
export function setWasmMatMulRouting(enabled: boolean): boolean {
  shipped ??= getKernel(MATMUL, BACKEND) ?? null;
  if (!shipped || enabled === routed) return routed;
  unregisterKernel(MATMUL, BACKEND);
  registerKernel(enabled ? { ...shipped, kernelFunc: routedMatMul(shipped.kernelFunc) } : shipped);
  routed = enabled;
  return routed;
}

/** Whether the routed kernel is installed (the throughput measurement reports and restores it). */
export const wasmMatMulRouting = (): boolean => routed;
