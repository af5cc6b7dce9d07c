/**
 * A faster BatchMatMul for the WASM backend. tfjs-wasm sends only non-transposed multiplies to XNNPACK; a
 * transposed one (every backward-pass multiply: dW = xᵀ·dy, dx = dy·Wᵀ) takes a naive loop about 10×
 * slower (256×256: 1.8 ms against 16–20 ms in Node). This kernel transposes the operand explicitly (a cheap
 * copy) and then calls the shipped kernel without transposes, so every multiply takes the fast path.
 * Results equal the CPU backend's to float32 rounding (src/ml/kernels/wasmMatMul.test.ts).
 *
 * Install before or after the WASM backend starts; `setWasmMatMulRouting(false)` restores the shipped
 * kernel (the benchmark compares both).
 */
import { getKernel, registerKernel, unregisterKernel, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';

const BACKEND = 'wasm';
const MATMUL = 'BatchMatMul';

interface Backend {
  disposeData(dataId: object): void;
}

let shipped: KernelConfig | null = null;
let routed = false;

function transposeLastTwo(x: TensorInfo, backend: Backend, transpose: KernelFunc): TensorInfo {
  const rank = x.shape.length;
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 1] = rank - 2;
  perm[rank - 2] = rank - 1;
  return transpose({ inputs: { x }, backend: backend as never, attrs: { perm } }) as TensorInfo;
}

function routedMatMul(original: KernelFunc): KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return original(args);
    const transpose = getKernel('Transpose', BACKEND)!.kernelFunc;
    const backend = args.backend as unknown as Backend;
    const a2 = transposeA ? transposeLastTwo(a, backend, transpose) : a;
    const b2 = transposeB ? transposeLastTwo(b, backend, transpose) : b;
    try {
      return original({ ...args, inputs: { a: a2, b: b2 }, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
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
