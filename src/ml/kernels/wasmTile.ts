/**
 * Tile for the WASM backend by block copies. tfjs-wasm 4.22's kernel works out every output element's source
 * from its coordinates (a division and a remainder per axis per element); Keras-style LayerNormalization tiles
 * its statistics, gain and offset over the batch in every call, and a 19→58→462 MLP with layer normalisation
 * predicted 152 rows in 21 ms (without normalisation: 2 ms), Tile taking most of it.
 *
 * Here the innermost axis is copied (or, for a single value, filled) once, and each axis's finished block is
 * then repeated with copyWithin, from the innermost axis out: every output value is written once, by the
 * typed-array routines. float32 and int32; other dtypes go to the shipped kernel.
 *
 * `setWasmTile(false)` restores the shipped kernel.
 */
import { util, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import { createKernelSwitch } from './kernelSwitch';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

const KERNEL = 'Tile';

type Values = Float32Array | Int32Array;

/** Writes x (of `shape`) tiled `reps` times into `out`; strides are in elements, row-major. */
export function tileInto(x: Values, out: Values, shape: readonly number[], reps: readonly number[]): void {
  const rank = shape.length;
  if (rank === 0) {
    out[0] = x[0]!;
    return;
  }
  const xStride = new Array<number>(rank).fill(1);
  const outStride = new Array<number>(rank).fill(1);
  for (let d = rank - 2; d >= 0; d--) {
    xStride[d] = xStride[d + 1]! * shape[d + 1]!;
    outStride[d] = outStride[d + 1]! * shape[d + 1]! * reps[d + 1]!;
  }
  const fillAxis = (d: number, from: number, to: number): void => {
    const size = shape[d]!;
    if (d === rank - 1) {
      if (size === 1) out.fill(x[from]!, to, to + reps[d]!);
      else out.set(x.subarray(from, from + size), to);
    } else {
      for (let j = 0; j < size; j++) fillAxis(d + 1, from + j * xStride[d]!, to + j * outStride[d]!);
    }
    if (size === 1 && d === rank - 1) return; // the fill wrote every repetition
    const block = size * outStride[d]!;
    for (let r = 1; r < reps[d]!; r++) out.copyWithin(to + r * block, to, to + block);
  };
  fillAxis(0, 0, 0);
}

function tile(args: Parameters<KernelFunc>[0]): TensorInfo {
  const { x } = args.inputs as { x: TensorInfo };
  const { reps } = args.attrs as unknown as { reps: number[] };
  const shipped = kernels.previous(KERNEL);
  if ((x.dtype !== 'float32' && x.dtype !== 'int32') || reps.length !== x.shape.length || reps.some((r) => !Number.isInteger(r) || r < 0)) {
    if (shipped) return shipped.kernelFunc(args) as TensorInfo;
    throw new Error(`Tile on WASM: unsupported input (${x.dtype}, shape ${x.shape}, reps ${reps})`);
  }
  const backend = args.backend as unknown as BackendWasm;
  const outShape = x.shape.map((size, d) => size * reps[d]!);
  const out = backend.makeOutput(outShape, x.dtype);
  if (util.sizeFromShape(outShape) === 0) return out;
  // Views are taken after the allocation: growing the heap would detach earlier ones.
  tileInto(backend.typedArrayFromHeap(x) as Values, backend.typedArrayFromHeap(out) as Values, x.shape, reps);
  return out;
}

const kernels = createKernelSwitch(KERNEL, { [KERNEL]: tile as KernelFunc });

/** Installs (or removes) our kernel; returns whether it is installed (a no-op until tfjs-wasm is imported). */
export function setWasmTile(enabled: boolean): boolean {
  return kernels.set(enabled);
}
