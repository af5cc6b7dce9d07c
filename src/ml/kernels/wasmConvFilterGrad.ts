/**
 * The convolution weight gradient (Conv2DBackpropFilter) for the WASM backend, which tfjs-wasm 4.22 does not
 * ship at all: without it, `tf.grad` of any conv2d on WASM throws "Kernel 'Conv2DBackpropFilter' not
 * registered". Both of our routes end in one XNNPACK product of the same size:
 *
 *   dW[kh,kw,ci,co] = Σ_{b,oh,ow} x[b, oh·sh + kh − top, ow·sw + kw − left, ci] · dy[b,oh,ow,co]
 *
 * - Multi-channel inputs: that sum is itself a convolution, of x transposed to [ci, h, w, b] (ci "images"
 *   with b channels) by dy transposed to [oh, ow, b, co] as the filter, dilated by the stride, padded so the
 *   output is [ci, kh, kw, co]. The shipped Conv2D runs it on XNNPACK, which builds its im2col without copying.
 * - One input channel (a network's first layer), or when that padding would be negative: an explicit im2col
 *   of x laid out already transposed, [kh·kw·ci, b·oh·ow] (a typed-array loop on the WASM heap), times dy
 *   viewed as [b·oh·ow, co]. Neither operand needs a transpose, so BatchMatMul takes its XNNPACK path, and
 *   the [kh·kw·ci, co] result already has the filter's layout. Here the convolution route is slower
 *   (measured 1.4–1.7×: XNNPACK repacks a [h, w, b, co] filter), and the im2col is small (kh·kw rows).
 *   Very large inputs are split over the batch so the im2col stays below `setConvFilterGradChunkLimit`
 *   (16 M floats by default).
 *
 * NCHW inputs are transposed to NHWC first. Results equal the CPU backend's to float32 rounding
 * (wasmConvFilterGrad.test.ts).
 *
 * `setWasmConvFilterGrad(false)` restores whatever was registered before (in 4.22: nothing).
 */
import { backend_util, getKernel, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import { createKernelSwitch } from './kernelSwitch';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

const BACKEND = 'wasm';
const KERNEL = 'Conv2DBackpropFilter';
/** 16 M floats (64 MB) of im2col at most per matMul; a Fashion-MNIST batch needs under 1 M. */
const MAX_COLUMN_FLOATS = 1 << 24;
let maxColumnFloats = MAX_COLUMN_FLOATS;
/** 'im2col' forces the im2col route for every input, so tests can check it on multi-channel shapes. */
let routing: 'auto' | 'im2col' = 'auto';

type Pad = 'valid' | 'same' | number | backend_util.ExplicitPadding;
interface FilterGradAttrs {
  strides: [number, number] | number;
  pad: Pad;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/** What the im2col loop needs to know, taken from tfjs's own shape arithmetic so padding agrees with it. */
interface Geometry {
  inH: number;
  inW: number;
  inC: number;
  outH: number;
  outW: number;
  kH: number;
  kW: number;
  sH: number;
  sW: number;
  top: number;
  left: number;
}

function kernel(name: string): KernelFunc {
  const config = getKernel(name, BACKEND);
  if (!config) throw new Error(`The WASM backend has no ${name} kernel`);
  return config.kernelFunc;
}

const run = (name: string, backend: BackendWasm, inputs: Record<string, TensorInfo>, attrs: object = {}): TensorInfo =>
  kernel(name)({ inputs, backend, attrs: attrs as never }) as TensorInfo;

/**
 * Writes rows (kh, kw, ci) × columns (b, oh, ow) for images b0 ≤ b < b1. Rows are written front to back; the
 * input is read with a stride of sw·inC along a row. Out-of-image taps (the padding) are written as zeros,
 * because the heap memory behind a fresh tensor is not cleared.
 */
function fillColumns(x: Float32Array, columns: Float32Array, g: Geometry, b0: number, b1: number): void {
  const { inH, inW, inC, outH, outW, kH, kW, sH, sW, top, left } = g;
  const step = sW * inC;
  let o = 0;
  for (let kh = 0; kh < kH; kh++) {
    for (let kw = 0; kw < kW; kw++) {
      // Output columns whose input column ow·sw + kw − left lies inside the image; the rest read padding.
      const first = Math.min(outW, Math.max(0, Math.ceil((left - kw) / sW)));
      const end = Math.max(first, Math.min(outW, Math.floor((inW - 1 + left - kw) / sW) + 1));
      for (let ci = 0; ci < inC; ci++) {
        for (let b = b0; b < b1; b++) {
          for (let oh = 0; oh < outH; oh++) {
            const ih = oh * sH + kh - top;
            if (ih < 0 || ih >= inH) {
              columns.fill(0, o, o + outW);
              o += outW;
              continue;
            }
            if (first > 0) columns.fill(0, o, o + first);
            let src = ((b * inH + ih) * inW + first * sW + kw - left) * inC + ci;
            for (let ow = first; ow < end; ow++, src += step) columns[o + ow] = x[src]!;
            if (end < outW) columns.fill(0, o + end, o + outW);
            o += outW;
          }
        }
      }
    }
  }
}

/** columns(b0..b1) · dy₂(b0..b1) as a [kh·kw·ci, co] tensor; `dyRows` is dy (or its chunk) as [rows, co]. */
function chunkProduct(backend: BackendWasm, x: TensorInfo, dyRows: TensorInfo, g: Geometry, b0: number, b1: number): TensorInfo {
  const rows = g.kH * g.kW * g.inC;
  const columns = backend.makeOutput([rows, (b1 - b0) * g.outH * g.outW], 'float32');
  try {
    // Views are taken after the allocation: growing the heap would detach earlier ones.
    fillColumns(backend.typedArrayFromHeap(x) as Float32Array, backend.typedArrayFromHeap(columns) as Float32Array, g, b0, b1);
    return run('BatchMatMul', backend, { a: columns, b: dyRows }, { transposeA: false, transposeB: false });
  } finally {
    backend.disposeData(columns.dataId);
  }
}

/** dW as the shipped Conv2D of the transposed tensors (see the header); null where padding would be negative. */
function viaConvolution(backend: BackendWasm, x: TensorInfo, dy: TensorInfo, g: Geometry): TensorInfo | null {
  // Padding that makes the output exactly kh × kw; negative means x has rows or columns no tap reaches.
  const bottom = g.kH - 1 + (g.outH - 1) * g.sH - (g.inH - 1) - g.top;
  const right = g.kW - 1 + (g.outW - 1) * g.sW - (g.inW - 1) - g.left;
  if (bottom < 0 || right < 0 || g.top < 0 || g.left < 0) return null;
  const images = run('Transpose', backend, { x }, { perm: [3, 1, 2, 0] });
  const filter = run('Transpose', backend, { x: dy }, { perm: [1, 2, 0, 3] });
  try {
    const pad = [[0, 0], [g.top, bottom], [g.left, right], [0, 0]];
    const out = run('Conv2D', backend, { x: images, filter }, { strides: 1, pad, dataFormat: 'NHWC', dilations: [g.sH, g.sW] });
    try {
      return run('Transpose', backend, { x: out }, { perm: [1, 2, 0, 3] });
    } finally {
      backend.disposeData(out.dataId);
    }
  } finally {
    backend.disposeData(images.dataId);
    backend.disposeData(filter.dataId);
  }
}

/** The NHWC case. */
function filterGradNhwc(backend: BackendWasm, x: TensorInfo, dy: TensorInfo, attrs: FilterGradAttrs): TensorInfo {
  const info = backend_util.computeConv2DInfo(x.shape as [number, number, number, number], attrs.filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast');
  const [batch, outH, outW, outC] = dy.shape as [number, number, number, number];
  if (outH !== info.outHeight || outW !== info.outWidth || outC !== info.outChannels || batch !== info.batchSize) {
    throw new Error(`Conv2DBackpropFilter: dy shape ${dy.shape} does not match the convolution of ${x.shape} (expected ${info.outShape})`);
  }
  const g: Geometry = {
    inH: info.inHeight,
    inW: info.inWidth,
    inC: info.inChannels,
    outH,
    outW,
    kH: info.filterHeight,
    kW: info.filterWidth,
    sH: info.strideHeight,
    sW: info.strideWidth,
    top: info.padInfo.top,
    left: info.padInfo.left,
  };
  if (g.inC > 1 && routing === 'auto') {
    const out = viaConvolution(backend, x, dy, g);
    if (out) return out;
  }
  const rows = g.kH * g.kW * g.inC;
  const perImage = outH * outW;
  const imagesPerChunk = Math.max(1, Math.floor(maxColumnFloats / (rows * perImage)));

  if (imagesPerChunk >= batch) {
    const dyRows = run('Reshape', backend, { x: dy }, { shape: [batch * perImage, outC] });
    try {
      const out = chunkProduct(backend, x, dyRows, g, 0, batch);
      // [kh·kw·ci, co] row-major is exactly the filter's [kh, kw, ci, co] layout.
      return { dataId: out.dataId, shape: [...attrs.filterShape], dtype: 'float32' };
    } finally {
      backend.disposeData(dyRows.dataId);
    }
  }

  // Too large for one im2col: sum the products of batch chunks (dy's rows for a chunk are contiguous).
  const sum = new Float32Array(rows * outC);
  for (let b0 = 0; b0 < batch; b0 += imagesPerChunk) {
    const b1 = Math.min(batch, b0 + imagesPerChunk);
    const dyChunk = backend.makeOutput([(b1 - b0) * perImage, outC], 'float32');
    try {
      const all = backend.typedArrayFromHeap(dy) as Float32Array;
      (backend.typedArrayFromHeap(dyChunk) as Float32Array).set(all.subarray(b0 * perImage * outC, b1 * perImage * outC));
      const part = chunkProduct(backend, x, dyChunk, g, b0, b1);
      const values = backend.typedArrayFromHeap(part) as Float32Array;
      for (let i = 0; i < sum.length; i++) sum[i]! += values[i]!;
      backend.disposeData(part.dataId);
    } finally {
      backend.disposeData(dyChunk.dataId);
    }
  }
  const out = backend.makeOutput([...attrs.filterShape], 'float32');
  (backend.typedArrayFromHeap(out) as Float32Array).set(sum);
  return out;
}

function filterGrad(args: Parameters<KernelFunc>[0]): TensorInfo {
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const attrs = args.attrs as unknown as FilterGradAttrs;
  const backend = args.backend as unknown as BackendWasm;
  if (x.dtype !== 'float32' || dy.dtype !== 'float32' || x.shape.length !== 4 || dy.shape.length !== 4) {
    const previous = kernels.previous(KERNEL);
    if (previous) return previous.kernelFunc(args) as TensorInfo;
    throw new Error(`Conv2DBackpropFilter on WASM supports float32 rank-4 tensors, not ${x.dtype} ${x.shape} / ${dy.dtype} ${dy.shape}`);
  }
  if (attrs.dataFormat !== 'NCHW') return filterGradNhwc(backend, x, dy, attrs);
  // NCHW → NHWC; the filter's layout [kh, kw, ci, co] is the same in both formats.
  const perm = [0, 2, 3, 1];
  const xT = run('Transpose', backend, { x }, { perm });
  const dyT = run('Transpose', backend, { x: dy }, { perm });
  try {
    return filterGradNhwc(backend, xT, dyT, attrs);
  } finally {
    backend.disposeData(xT.dataId);
    backend.disposeData(dyT.dataId);
  }
}

/**
 * Caps the im2col size per matMul (in floats; default 16 M) and returns the previous cap. For tests: a small
 * cap exercises the batch-chunked path on shapes the CPU backend can check quickly.
 */
export function setConvFilterGradChunkLimit(floats: number = MAX_COLUMN_FLOATS): number {
  const before = maxColumnFloats;
  maxColumnFloats = floats;
  return before;
}

/** Chooses the route by channel count ('auto', the default) or always the im2col; returns the previous. */
export function setConvFilterGradRoute(route: 'auto' | 'im2col' = 'auto'): 'auto' | 'im2col' {
  const before = routing;
  routing = route;
  return before;
}

/**
 * Installs (or removes) our kernel; returns whether it is installed. A no-op where the WASM backend's kernels
 * are not registered (its package not imported), since registering ours first would be overwritten by it.
 */
const kernels = createKernelSwitch('Conv2D', { [KERNEL]: filterGrad as KernelFunc });

export function setWasmConvFilterGrad(enabled: boolean): boolean {
  return kernels.set(enabled);
}
