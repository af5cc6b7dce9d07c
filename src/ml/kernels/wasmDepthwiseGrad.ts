/**
 * The depthwise-convolution gradients for the WASM backend, which tfjs-wasm 4.22 does not ship: without them
 * `tf.grad` through `tf.depthwiseConv2d` (and so `tf.layers.separableConv2d`, a depthwise then a 1×1
 * convolution) throws "Kernel 'DepthwiseConv2dNativeBackpropFilter' not registered for backend 'wasm'".
 * With channel multiplier m (filter [kh, kw, c, m], output channel c·m + q):
 *
 *   dW[kh,kw,c,q]   = Σ_{b,oh,ow} x[b, oh·sh + kh − top, ow·sw + kw − left, c] · dy[b, oh, ow, c·m + q]
 *   dx[b,ih,iw,c]   = Σ_{kh,kw,q} dy[b, oh, ow, c·m + q] · W[kh, kw, c, q]   where ih = oh·sh + kh − top, …
 *
 * Both are direct loops in JS on typed-array views of the WASM heap with the channel loop innermost, so
 * every read and write walks memory in order. A depthwise convolution does kh·kw multiply-adds per output
 * value, too little work for an im2col and a matMul (XNNPACK) to pay for their copies. The filter gradient
 * sums b·oh·ow products per weight, so it accumulates in float64 (as the CPU backend does); the input
 * gradient sums at most kh·kw·m products per value, in a float64 scratch row per pixel.
 *
 * NHWC only (the backprop kernels have no data format), float32, dilation 1: tfjs-core's depthwise gradient
 * refuses dilations above 1 itself, and the CPU backend's kernels ignore them, so nothing could check ours.
 * Results equal the CPU backend's to float32 rounding (wasmDepthwiseGrad.test.ts).
 *
 * `setWasmDepthwiseGrad(false)` restores whatever was registered before (in 4.22: nothing).
 */
import { backend_util, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import { createKernelSwitch } from './kernelSwitch';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

const FILTER_GRAD = 'DepthwiseConv2dNativeBackpropFilter';
const INPUT_GRAD = 'DepthwiseConv2dNativeBackpropInput';

type Shape4 = [number, number, number, number];
type Pad = 'valid' | 'same' | number | backend_util.ExplicitPadding;
interface CommonAttrs {
  strides: [number, number] | number;
  pad: Pad;
  dilations?: [number, number] | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}
interface FilterGradAttrs extends CommonAttrs {
  filterShape: Shape4;
}
interface InputGradAttrs extends CommonAttrs {
  inputShape: Shape4;
}

/** tfjs's own shape arithmetic (so padding agrees with the forward kernel), checked against dy's shape. */
function geometry(kernel: string, xShape: Shape4, filterShape: Shape4, dy: TensorInfo, attrs: CommonAttrs): backend_util.Conv2DInfo {
  const info = backend_util.computeConv2DInfo(xShape, filterShape, attrs.strides, attrs.dilations ?? 1, attrs.pad, attrs.dimRoundingMode, true);
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) throw new Error(`${kernel} on WASM supports dilation 1 only, not ${attrs.dilations}`);
  if (filterShape[2] !== xShape[3]) throw new Error(`${kernel}: the filter's ${filterShape[2]} input channels do not match x's ${xShape[3]}`);
  if (dy.shape.join() !== info.outShape.join()) throw new Error(`${kernel}: dy shape ${dy.shape} does not match the convolution's output ${info.outShape}`);
  return info;
}

/** dW into `acc` (zeroed, float64, the filter's [kh, kw, c, m] layout): one pass over dy's pixels. */
function accumulateFilterGrad(x: Float32Array, dy: Float32Array, acc: Float64Array, info: backend_util.Conv2DInfo): void {
  const { batchSize, inHeight, inWidth, inChannels: c, outHeight, outWidth, outChannels: cm, strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const { top, left } = info.padInfo;
  const m = cm / c;
  let dyBase = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      const ih0 = oh * strideHeight - top;
      // Taps whose input row is inside the image; the others read padding (zeros) and add nothing.
      const kh0 = Math.max(0, -ih0);
      const kh1 = Math.min(filterHeight, inHeight - ih0);
      for (let ow = 0; ow < outWidth; ow++, dyBase += cm) {
        const iw0 = ow * strideWidth - left;
        const kw0 = Math.max(0, -iw0);
        const kw1 = Math.min(filterWidth, inWidth - iw0);
        for (let kh = kh0; kh < kh1; kh++) {
          for (let kw = kw0; kw < kw1; kw++) {
            const xBase = ((b * inHeight + ih0 + kh) * inWidth + iw0 + kw) * c;
            const wBase = (kh * filterWidth + kw) * cm;
            if (m === 1) {
              for (let ch = 0; ch < c; ch++) acc[wBase + ch]! += x[xBase + ch]! * dy[dyBase + ch]!;
            } else {
              for (let ch = 0, o = 0; ch < c; ch++) {
                const xv = x[xBase + ch]!;
                for (let q = 0; q < m; q++, o++) acc[wBase + o]! += xv * dy[dyBase + o]!;
              }
            }
          }
        }
      }
    }
  }
}

/** dx, every value written once: each input pixel gathers the dy pixels whose windows cover it. */
function writeInputGrad(dy: Float32Array, w: Float32Array, dx: Float32Array, info: backend_util.Conv2DInfo): void {
  const { batchSize, inHeight, inWidth, inChannels: c, outHeight, outWidth, outChannels: cm, strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const { top, left } = info.padInfo;
  const m = cm / c;
  const acc = new Float64Array(c);
  let dxBase = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let ih = 0; ih < inHeight; ih++) {
      for (let iw = 0; iw < inWidth; iw++, dxBase += c) {
        acc.fill(0);
        // Tap kh covers row ih from output row (ih + top − kh) / sh when that is a whole row inside dy.
        for (let kh = 0; kh < filterHeight; kh++) {
          const rowOffset = ih + top - kh;
          if (rowOffset < 0) break;
          const oh = rowOffset / strideHeight;
          if (oh >= outHeight || rowOffset % strideHeight !== 0) continue;
          for (let kw = 0; kw < filterWidth; kw++) {
            const colOffset = iw + left - kw;
            if (colOffset < 0) break;
            const ow = colOffset / strideWidth;
            if (ow >= outWidth || colOffset % strideWidth !== 0) continue;
            const dyBase = ((b * outHeight + oh) * outWidth + ow) * cm;
            const wBase = (kh * filterWidth + kw) * cm;
            if (m === 1) {
              for (let ch = 0; ch < c; ch++) acc[ch]! += dy[dyBase + ch]! * w[wBase + ch]!;
            } else {
              for (let ch = 0, o = 0; ch < c; ch++) {
                let s = 0;
                for (let q = 0; q < m; q++, o++) s += dy[dyBase + o]! * w[wBase + o]!;
                acc[ch]! += s;
              }
            }
          }
        }
        for (let ch = 0; ch < c; ch++) dx[dxBase + ch] = acc[ch]!;
      }
    }
  }
}

function supported(...tensors: TensorInfo[]): boolean {
  return tensors.every((t) => t.dtype === 'float32' && t.shape.length === 4);
}

function fallback(kernel: string, args: Parameters<KernelFunc>[0], tensors: TensorInfo[]): TensorInfo {
  const before = kernels.previous(kernel);
  if (before) return before.kernelFunc(args) as TensorInfo;
  throw new Error(`${kernel} on WASM supports float32 rank-4 tensors, not ${tensors.map((t) => `${t.dtype} [${t.shape}]`).join(' / ')}`);
}

function filterGrad(args: Parameters<KernelFunc>[0]): TensorInfo {
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  if (!supported(x, dy)) return fallback(FILTER_GRAD, args, [x, dy]);
  const attrs = args.attrs as unknown as FilterGradAttrs;
  const backend = args.backend as unknown as BackendWasm;
  const info = geometry(FILTER_GRAD, x.shape as Shape4, attrs.filterShape, dy, attrs);
  const acc = new Float64Array(info.filterHeight * info.filterWidth * info.outChannels);
  accumulateFilterGrad(backend.typedArrayFromHeap(x) as Float32Array, backend.typedArrayFromHeap(dy) as Float32Array, acc, info);
  const out = backend.makeOutput([...attrs.filterShape], 'float32');
  (backend.typedArrayFromHeap(out) as Float32Array).set(acc);
  return out;
}

function inputGrad(args: Parameters<KernelFunc>[0]): TensorInfo {
  const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
  if (!supported(dy, filter)) return fallback(INPUT_GRAD, args, [dy, filter]);
  const attrs = args.attrs as unknown as InputGradAttrs;
  const backend = args.backend as unknown as BackendWasm;
  const info = geometry(INPUT_GRAD, attrs.inputShape, filter.shape as Shape4, dy, attrs);
  const dx = backend.makeOutput([...attrs.inputShape], 'float32');
  // Views are taken after the allocation: growing the heap would detach earlier ones.
  const dyValues = backend.typedArrayFromHeap(dy) as Float32Array;
  writeInputGrad(dyValues, backend.typedArrayFromHeap(filter) as Float32Array, backend.typedArrayFromHeap(dx) as Float32Array, info);
  return dx;
}

/**
 * Installs (or removes) both gradient kernels; returns whether they are installed. A no-op where the WASM
 * backend's kernels are not registered (its package not imported), since ours would be overwritten by it.
 */
const kernels = createKernelSwitch('DepthwiseConv2dNative', { [FILTER_GRAD]: filterGrad as KernelFunc, [INPUT_GRAD]: inputGrad as KernelFunc });

export function setWasmDepthwiseGrad(enabled: boolean): boolean {
  return kernels.set(enabled);
}
