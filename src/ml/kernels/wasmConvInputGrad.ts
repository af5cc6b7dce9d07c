/**
 * The convolution input gradient (Conv2DBackpropInput) for the WASM backend on XNNPACK. tfjs-wasm 4.22 ships
 * one, but as a plain loop: in a Fashion-MNIST CNN (conv 16 → pool → conv 32, batch 64) it took 51 of a
 * step's 101 ms, eight times the forward convolutions together. For stride 1 the input gradient is itself a
 * forward convolution, which the shipped Conv2D runs on XNNPACK:
 *
 *   dx[b, ih, iw, ci] = Σ_{kh,kw,co} dy[b, ih + top − kh, iw + left − kw, co] · W[kh, kw, ci, co]
 *                     = conv(dy padded by (kh−1−top, kw−1−left), W′)   with W′[kh′, kw′, co, ci] = W[kH−1−kh′, kW−1−kw′, ci, co]
 *
 * i.e. dy convolved with the filter turned 180° and its channel axes swapped, padded so the output is the
 * input's size. Strides above 1 would need dy dilated with zeros (XNNPACK has no input dilation), so they,
 * and anything but float32 rank-4 tensors, go to the shipped kernel. NCHW is transposed to NHWC and back.
 * Results equal the CPU backend's to float32 rounding (wasmConvInputGrad.test.ts).
 *
 * `setWasmConvInputGrad(false)` restores the shipped kernel.
 */
import { backend_util, getKernel, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import { createKernelSwitch } from './kernelSwitch';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

const BACKEND = 'wasm';
const KERNEL = 'Conv2DBackpropInput';

interface InputGradAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape: [number, number, number, number];
}

function run(name: string, backend: BackendWasm, inputs: Record<string, TensorInfo>, attrs: object = {}): TensorInfo {
  const config = getKernel(name, BACKEND);
  if (!config) throw new Error(`The WASM backend has no ${name} kernel`);
  return config.kernelFunc({ inputs, backend, attrs: attrs as never }) as TensorInfo;
}

/** W [kH, kW, ci, co] turned 180° with its channel axes swapped: W′ [kH, kW, co, ci]. */
function flippedFilter(backend: BackendWasm, filter: TensorInfo): TensorInfo {
  const [kH, kW, inC, outC] = filter.shape as [number, number, number, number];
  const out = backend.makeOutput([kH, kW, outC, inC], 'float32');
  // Views are taken after the allocation: growing the heap would detach earlier ones.
  const source = backend.typedArrayFromHeap(filter) as Float32Array;
  const target = backend.typedArrayFromHeap(out) as Float32Array;
  for (let kh = 0; kh < kH; kh++) {
    for (let kw = 0; kw < kW; kw++) {
      const from = ((kH - 1 - kh) * kW + (kW - 1 - kw)) * inC * outC;
      const to = (kh * kW + kw) * outC * inC;
      for (let ci = 0; ci < inC; ci++) {
        for (let co = 0; co < outC; co++) target[to + co * inC + ci] = source[from + ci * outC + co]!;
      }
    }
  }
  return out;
}

/** The NHWC case at stride 1, or null where padding would be negative (the shipped kernel handles it). */
function inputGradNhwc(backend: BackendWasm, dy: TensorInfo, filter: TensorInfo, attrs: InputGradAttrs): TensorInfo | null {
  const info = backend_util.computeConv2DInfo(attrs.inputShape, filter.shape as [number, number, number, number], attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast');
  if (info.strideHeight !== 1 || info.strideWidth !== 1) return null;
  const top = info.filterHeight - 1 - info.padInfo.top;
  const left = info.filterWidth - 1 - info.padInfo.left;
  // The padded dy must give exactly inH × inW outputs of a kH × kW correlation.
  const bottom = info.inHeight - info.outHeight + info.filterHeight - 1 - top;
  const right = info.inWidth - info.outWidth + info.filterWidth - 1 - left;
  if (top < 0 || left < 0 || bottom < 0 || right < 0) return null;
  const flipped = flippedFilter(backend, filter);
  try {
    const pad = [[0, 0], [top, bottom], [left, right], [0, 0]];
    return run('Conv2D', backend, { x: dy, filter: flipped }, { strides: 1, pad, dataFormat: 'NHWC', dilations: 1 });
  } finally {
    backend.disposeData(flipped.dataId);
  }
}

function inputGrad(args: Parameters<KernelFunc>[0]): TensorInfo {
  const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
  const attrs = args.attrs as unknown as InputGradAttrs;
  const backend = args.backend as unknown as BackendWasm;
  const shipped = () => {
    const previous = kernels.previous(KERNEL);
    if (!previous) throw new Error(`Conv2DBackpropInput on WASM: no kernel for ${dy.dtype} ${dy.shape} with strides ${attrs.strides}`);
    return previous.kernelFunc(args) as TensorInfo;
  };
  if (dy.dtype !== 'float32' || filter.dtype !== 'float32' || dy.shape.length !== 4 || filter.shape.length !== 4) return shipped();
  if (attrs.dataFormat !== 'NCHW') return inputGradNhwc(backend, dy, filter, attrs) ?? shipped();
  // NCHW → NHWC and back; the filter's layout [kh, kw, ci, co] is the same in both formats.
  const [n, c, h, w] = attrs.inputShape;
  const dyT = run('Transpose', backend, { x: dy }, { perm: [0, 2, 3, 1] });
  try {
    const out = inputGradNhwc(backend, dyT, filter, { ...attrs, dataFormat: 'NHWC', inputShape: [n, h, w, c] });
    if (!out) return shipped();
    try {
      return run('Transpose', backend, { x: out }, { perm: [0, 3, 1, 2] });
    } finally {
      backend.disposeData(out.dataId);
    }
  } finally {
    backend.disposeData(dyT.dataId);
  }
}

/**
 * Installs (or removes) our kernel; returns whether it is installed. A no-op where the WASM backend's kernels
 * are not registered (its package not imported), since registering ours first would be overwritten by it.
 */
const kernels = createKernelSwitch('Conv2D', { [KERNEL]: inputGrad as KernelFunc });

export function setWasmConvInputGrad(enabled: boolean): boolean {
  return kernels.set(enabled);
}
