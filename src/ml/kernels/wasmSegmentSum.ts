/**
 * UnsortedSegmentSum for the WASM backend, which tfjs-wasm 4.22 does not ship. It is the gradient of gather
 * (tfjs-core's GatherV2 gradient sums dy's rows per index), so without it `tf.layers.embedding` cannot train
 * on WASM: "Kernel 'UnsortedSegmentSum' not registered for backend 'wasm'".
 *
 *   out[s, …] = Σ_{i : ids[i] = s} x[i, …]      for 0 ≤ s < numSegments
 *
 * One pass over x in memory order, adding each row into its segment's row of the (zeroed) output, in JS on
 * typed-array views of the WASM heap. The CPU backend instead builds a mask per segment (numSegments passes
 * over x), which for an embedding's vocabulary is thousands of passes.
 *
 * Ids outside [0, numSegments) are dropped, as on the CPU backend. With ids of rank r > 1 we follow
 * TensorFlow (x's first r dimensions are all segment positions; the result is [numSegments, …x.shape[r:]]),
 * where tfjs's CPU kernel sums over the first axis only; tfjs-core's gather gradient always passes rank-1 ids.
 * Rows are added in float32 in index order; the CPU backend sums in float64, so repeated ids (an embedding's
 * padding id) differ from it by float32 rounding (wasmSegmentSum.test.ts).
 *
 * `setWasmSegmentSum(false)` restores whatever was registered before (in 4.22: nothing).
 */
import { util, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import { createKernelSwitch } from './kernelSwitch';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

const KERNEL = 'UnsortedSegmentSum';

interface SegmentSumAttrs {
  numSegments: number;
}

/** Adds row i of x (length `inner`) into row ids[i] of out; out must be zeroed. */
function addRows(x: Float32Array, ids: Int32Array, out: Float32Array, inner: number, numSegments: number): void {
  const rows = ids.length;
  if (inner === 1) {
    // Scalar rows (a gather from a vector): no inner loop.
    for (let i = 0; i < rows; i++) {
      const s = ids[i]!;
      if (s >= 0 && s < numSegments) out[s]! += x[i]!;
    }
    return;
  }
  for (let i = 0, src = 0; i < rows; i++, src += inner) {
    const s = ids[i]!;
    if (s < 0 || s >= numSegments) continue;
    const dst = s * inner;
    for (let j = 0; j < inner; j++) out[dst + j]! += x[src + j]!;
  }
}

function segmentSum(args: Parameters<KernelFunc>[0]): TensorInfo {
  const { x, segmentIds } = args.inputs as { x: TensorInfo; segmentIds: TensorInfo };
  const { numSegments } = args.attrs as unknown as SegmentSumAttrs;
  const backend = args.backend as unknown as BackendWasm;
  if (x.dtype !== 'float32' || segmentIds.dtype !== 'int32') {
    const previous = kernels.previous(KERNEL);
    if (previous) return previous.kernelFunc(args) as TensorInfo;
    throw new Error(`UnsortedSegmentSum on WASM supports float32 data with int32 ids, not ${x.dtype} / ${segmentIds.dtype}`);
  }
  const idRank = segmentIds.shape.length;
  if (idRank === 0 || idRank > x.shape.length || segmentIds.shape.some((d, i) => d !== x.shape[i])) {
    throw new Error(`UnsortedSegmentSum: segment ids of shape ${segmentIds.shape} must be a leading part of x's shape ${x.shape}`);
  }
  if (!Number.isInteger(numSegments) || numSegments < 0) throw new Error(`UnsortedSegmentSum: numSegments must be a non-negative integer, not ${numSegments}`);
  const innerShape = x.shape.slice(idRank);
  const out = backend.makeOutput([numSegments, ...innerShape], 'float32');
  // Views are taken after the allocation: growing the heap would detach earlier ones.
  const outValues = backend.typedArrayFromHeap(out) as Float32Array;
  // Fresh heap memory is not cleared, and segments no id names must read zero.
  outValues.fill(0);
  addRows(backend.typedArrayFromHeap(x) as Float32Array, backend.typedArrayFromHeap(segmentIds) as Int32Array, outValues, util.sizeFromShape(innerShape), numSegments);
  return out;
}

/**
 * Installs (or removes) our kernel; returns whether it is installed. A no-op where the WASM backend's kernels
 * are not registered (its package not imported), since registering ours first would be overwritten by it.
 */
const kernels = createKernelSwitch('GatherV2', { [KERNEL]: segmentSum as KernelFunc });

export function setWasmSegmentSum(enabled: boolean): boolean {
  return kernels.set(enabled);
}
