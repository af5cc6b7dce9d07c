/**
 * One switch for all our WASM kernel replacements, so the backend module (and the benchmarks) install them
 * together: the routed matMul (transposed multiplies on XNNPACK), the faster max-pool gradient, the
 * convolution input gradient on XNNPACK (the shipped one is a plain loop), and the gradients tfjs-wasm 4.22 lacks altogether: the convolution weight gradient, the depthwise-convolution
 * gradients (separable convolutions) and UnsortedSegmentSum (gather's gradient, so embeddings); and Tile by
 * block copies (layer normalisation tiles in every call). Each is a
 * no-op where the WASM backend's kernels are not registered, so call this after importing
 * '@tensorflow/tfjs-backend-wasm'; before or after `setBackend`.
 */
import { setWasmConvFilterGrad } from './wasmConvFilterGrad';
import { setWasmConvInputGrad } from './wasmConvInputGrad';
import { setWasmDepthwiseGrad } from './wasmDepthwiseGrad';
import { setWasmMatMulRouting } from './wasmMatMul';
import { setWasmMaxPoolGrad } from './wasmMaxPoolGrad';
import { setWasmSegmentSum } from './wasmSegmentSum';
import { setWasmTile } from './wasmTile';

export { setWasmConvFilterGrad } from './wasmConvFilterGrad';
export { setWasmConvInputGrad } from './wasmConvInputGrad';
export { setWasmDepthwiseGrad } from './wasmDepthwiseGrad';
export { setWasmMatMulRouting } from './wasmMatMul';
export { setWasmMaxPoolGrad } from './wasmMaxPoolGrad';
export { setWasmSegmentSum } from './wasmSegmentSum';
export { setWasmTile } from './wasmTile';

/** Which of our kernels are installed. */
export interface WasmKernelFixes {
  matMul: boolean;
  convFilterGrad: boolean;
  convInputGrad: boolean;
  maxPoolGrad: boolean;
  depthwiseGrad: boolean;
  segmentSum: boolean;
  tile: boolean;
}

/** Installs (or, with `false`, removes) every fix; returns which are installed. */
export function registerWasmKernelFixes(enabled = true): WasmKernelFixes {
  return {
    matMul: setWasmMatMulRouting(enabled),
    convFilterGrad: setWasmConvFilterGrad(enabled),
    convInputGrad: setWasmConvInputGrad(enabled),
    maxPoolGrad: setWasmMaxPoolGrad(enabled),
    depthwiseGrad: setWasmDepthwiseGrad(enabled),
    segmentSum: setWasmSegmentSum(enabled),
    tile: setWasmTile(enabled),
  };
}
