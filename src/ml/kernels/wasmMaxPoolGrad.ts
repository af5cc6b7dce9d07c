/**
 * A faster, and correct, max-pool gradient (MaxPoolGrad) for the WASM backend. The shipped kernel of
 * tfjs-wasm 4.22 takes 4–17 ms for a 2×2/2 pool on 64×28×28×8 and, worse, disagrees with the CPU backend
 * for most inputs with several channels and for windows that do not tile the input (e.g. 2×28×28×8, 2×2/2:
 * errors up to 2.4 with unit dy; one image with one channel is right), so CNNs trained on it got wrong
 * gradients. Here each output window finds its maximum once and routes its dy there (dx[argmax] += dy), one
 * pass over the input in memory order, in JS on typed-array views of the WASM heap (about 3× faster).
 *
 * Ties and NaN follow tfjs's CPU backend: the first strictly greatest value in row-major window order wins,
 * and a window without one (all NaN or −∞) passes no gradient. Padding never wins (it is outside the
 * window's valid range, as in tfjs). Non-float32 inputs go to the shipped kernel. Results equal the CPU
 * backend's (wasmMaxPoolGrad.test.ts).
 *
 * `setWasmMaxPoolGrad(false)` restores the shipped kernel (the benchmark compares both).
 */
import { backend_util, getKernel, registerKernel, unregisterKernel, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

const BACKEND = 'wasm';
const KERNEL = 'MaxPoolGrad';

interface MaxPoolGradAttrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

let shipped: KernelConfig | null = null;
let installed = false;

/** Routes dy to each window's first maximum; dx must be zeroed. */
function routeToArgmax(x: Float32Array, dy: Float32Array, dx: Float32Array, info: backend_util.Conv2DInfo): void {
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth, strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const { top, left } = info.padInfo;
  let o = 0;
  for (let b = 0; b < batchSize; b++) {
    const image = b * inHeight * inWidth;
    for (let oh = 0; oh < outHeight; oh++) {
      const h0 = Math.max(0, oh * strideHeight - top);
      const h1 = Math.min(inHeight, oh * strideHeight - top + filterHeight);
      for (let ow = 0; ow < outWidth; ow++, o += channels) {
        const w0 = Math.max(0, ow * strideWidth - left);
        const w1 = Math.min(inWidth, ow * strideWidth - left + filterWidth);
        if (h1 - h0 === 2 && w1 - w0 === 2) {
          // A whole 2×2 window (nearly every window of the usual 2×2/2 pooling): four reads per channel,
          // unrolled, walking the channels contiguously. Same order and ties as the general loop below.
          const p00 = (image + h0 * inWidth + w0) * channels;
          const p01 = p00 + channels;
          const p10 = p00 + inWidth * channels;
          const p11 = p10 + channels;
          for (let c = 0; c < channels; c++) {
            let best = -Infinity;
            let at = -1;
            const v00 = x[p00 + c]!;
            const v01 = x[p01 + c]!;
            const v10 = x[p10 + c]!;
            const v11 = x[p11 + c]!;
            if (v00 > best) {
              best = v00;
              at = p00 + c;
            }
            if (v01 > best) {
              best = v01;
              at = p01 + c;
            }
            if (v10 > best) {
              best = v10;
              at = p10 + c;
            }
            if (v11 > best) at = p11 + c;
            if (at >= 0) dx[at]! += dy[o + c]!;
          }
          continue;
        }
        // One channel at a time with scalar locals: per-window scratch arrays (fill calls) cost 3× more.
        // The window's pixels stay in cache across channels, so the strided reads are cheap.
        for (let c = 0; c < channels; c++) {
          let best = -Infinity;
          let at = -1;
          for (let h = h0; h < h1; h++) {
            let i = (image + h * inWidth + w0) * channels + c;
            for (let w = w0; w < w1; w++, i += channels) {
              const v = x[i]!;
              if (v > best) {
                best = v;
                at = i;
              }
            }
          }
          if (at >= 0) dx[at]! += dy[o + c]!;
        }
      }
    }
  }
}

function maxPoolGrad(args: Parameters<KernelFunc>[0]): TensorInfo {
  const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
  if (input.dtype !== 'float32' || dy.dtype !== 'float32' || input.shape.length !== 4) return shipped!.kernelFunc(args) as TensorInfo;
  const attrs = args.attrs as unknown as MaxPoolGradAttrs;
  const backend = args.backend as unknown as BackendWasm;
  const info = backend_util.computePool2DInfo(input.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  if (dy.shape.join() !== info.outShape.join()) throw new Error(`MaxPoolGrad: dy shape ${dy.shape} does not match the pooled shape ${info.outShape}`);
  const dx = backend.makeOutput([...input.shape], 'float32');
  // Views are taken after the allocation: growing the heap would detach earlier ones.
  const dxValues = backend.typedArrayFromHeap(dx) as Float32Array;
  dxValues.fill(0);
  routeToArgmax(backend.typedArrayFromHeap(input) as Float32Array, backend.typedArrayFromHeap(dy) as Float32Array, dxValues, info);
  return dx;
}

/** Turns our kernel on or off; returns whether it is on. A no-op where the WASM backend is not registered. */
export function setWasmMaxPoolGrad(enabled: boolean): boolean {
  shipped ??= getKernel(KERNEL, BACKEND) ?? null;
  if (!shipped || enabled === installed) return installed;
  unregisterKernel(KERNEL, BACKEND);
  // The shipped setup stays, so the fallback works even when the backend starts after this call.
  registerKernel(enabled ? { ...shipped, kernelFunc: maxPoolGrad as KernelFunc } : shipped);
  installed = enabled;
  return installed;
}
