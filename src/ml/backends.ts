/**
 * Backend choice. `auto` starts each backend that exists here, measures for a moment how fast it trains the
 * study's workload (the reference MLP for dense models, a small CNN for images), and keeps the fastest: a
 * software WebGPU adapter (SwiftShader) loses to WASM because it is measured, not assumed, and a real GPU
 * can win for convolutions while losing for a tiny MLP. Each backend's probe is capped in time; one that runs
 * past the cap counts as lost. A forced backend that fails to start falls back along BACKEND_ORDER, and the
 * report says so. The pure parts (ranking, wording) are in ./backendsChoice.ts.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { median } from '../shared/stats';
import { registerWasmKernelFixes } from './kernels';
import { setFastTileGradient } from './kernels/tileGradient';
import { BACKEND_ORDER, type BackendName, type BackendPreference, type BackendProbe, type BackendReport, type RememberedChoice, type Workload } from '../protocol/backend';
import { REFERENCE_MLP } from '../protocol/messages';
import { chooseFromProbes, describeProbe, inReportOrder, PROBE_CAP_MS, PROBE_MODELS, PROBE_ORDER, rememberedReason, timeoutReason } from './backendsChoice';
import { measureConvThroughput, measureThroughput, ProbeTimeoutError, PROBE_CNN, type MeasureOptions } from './throughput';

// The page is not cross-origin isolated, so tfjs picks the single-threaded SIMD build; threaded WASM hangs
// in a minified build here (see README), so we do not opt in to it.
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlainUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
});
// Our WASM kernel fixes (src/ml/kernels): transposed and batched multiplies on XNNPACK's fast path, and the
// convolution and pooling gradients tfjs-wasm lacks or gets wrong, without which CNNs cannot train on WASM.
registerWasmKernelFixes();
// Every backend: Tile's gradient as one reduction (layer normalisation's gradients were a slice and an add per row).
setFastTileGradient(true);

const START_TIMEOUT_MS = 15_000;
/** A short probe: about a quarter of a second per repeat is enough to rank backends that differ several-fold. */
const PROBE_SPEC = { ...REFERENCE_MLP, steps: 40, repeats: 3, warmUpMillis: 0 };
const PROBE_MILLIS_PER_REPEAT = 250;

const MEASURE: Readonly<Record<Workload, (options: MeasureOptions) => Promise<number[]>>> = {
  dense: (options) => measureThroughput(PROBE_SPEC, options),
  conv: (options) => measureConvThroughput(PROBE_CNN, options),
};

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** Describes the WebGPU adapter, so the UI can say "software adapter (SwiftShader)". */
async function describeWebGpuAdapter(): Promise<string | undefined> {
  const gpu = (globalThis.navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) return undefined;
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return 'no adapter';
    const info = adapter.info;
    const fallback = (info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter ?? false;
    const name = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unknown adapter';
    return fallback ? `software adapter (${name})` : name;
  } catch {
    return undefined;
  }
}

/** The WebGL renderer's name (e.g. "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device …))"), where the browser tells. */
function describeWebGlRenderer(): string | undefined {
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return undefined;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : undefined;
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return renderer;
  } catch {
    return undefined;
  }
}

/**
 * Why a GPU backend is not measured for `workload`, or null when it should be: a software renderer
 * (SwiftShader) emulates the GPU on the CPU, and a step it cannot finish within the cap cannot be stopped
 * either: it goes on in the GPU process, competing with the trials for the CPU. Measured here:
 *  - the small CNN: one probe step took 15 s on WebGL and 40 s on WebGPU (WASM: 887 samples/s); the first
 *    trials of a Fashion-MNIST study then trained 2.7× slower;
 *  - the reference MLP on a WebGPU fallback adapter: the first step outlasted the 8 s cap (compiling its
 *    shaders), and Breast cancer's first trials took 14–72 s instead of about 1 s while it ran on.
 * WebGL on SwiftShader still gets its dense probe: it finishes in about 2.6 s (12,000 samples/s vs WASM's 89,000).
 */
function softwareRendererReason(name: BackendName, detail: string | undefined, workload: Workload): string | null {
  if (name !== 'webgl' && name !== 'webgpu') return null;
  const software = name === 'webgpu' ? detail?.startsWith('software adapter') : /swiftshader|llvmpipe|software/i.test(detail ?? '');
  if (!software) return null;
  if (workload === 'conv') {
    return 'not measured for convolutional models: a software renderer emulates the GPU on the CPU, one CNN step there takes 15–40 s and keeps the CPU busy after the probe gives up';
  }
  return name === 'webgpu'
    ? 'not measured: a software WebGPU adapter emulates the GPU on the CPU; its first training step outlasts the probe and keeps the CPU busy after the probe gives up'
    : null;
}

/** Switches tfjs to `name`; resolves to an error message, or null when the backend runs. */
async function activate(name: BackendName): Promise<string | null> {
  try {
    if (name === 'webgpu' && !(globalThis.navigator as Navigator & { gpu?: unknown }).gpu) return 'WebGPU is not available in this browser';
    // setBackend resolves false (rather than throwing) when, for example, no WebGPU adapter exists.
    const ok = await withTimeout(tf.setBackend(name), START_TIMEOUT_MS, `Starting ${name}`);
    if (!ok) return `${name} could not be initialised on this machine`;
    await tf.ready();
    // A backend can start yet fail its first kernel (lost context, missing extension); run one to be sure.
    const check = tf.tidy(() => tf.sum(tf.mul(tf.ones([4, 4]), 2)));
    const value = (await check.data())[0];
    check.dispose();
    return value === 32 ? null : `${name} computed a wrong result in its self-test`;
  } catch (error) {
    return errorText(error);
  }
}

/**
 * Resolves with the measurement, or rejects with ProbeTimeoutError at `deadline` while a step is still
 * running. A tfjs step cannot be interrupted, so the abandoned measurement finishes its step in the
 * background; its own deadline check then stops it before any further step, and it disposes its tensors on
 * the backend that made them (setBackend leaves other backends' tensors valid). Here the first CNN step on
 * SwiftShader took 15 s (WebGL) to 40 s (WebGPU), so only this hard stop keeps the probe short.
 */
function measureUntil(workload: Workload, deadline: number): Promise<number[]> {
  const measurement = MEASURE[workload]({ maxMillisPerRepeat: PROBE_MILLIS_PER_REPEAT, deadline });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const cutOff = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProbeTimeoutError('a training step was still running')), Math.max(0, deadline - performance.now()));
  });
  measurement.catch(() => undefined); // an abandoned measurement's later failure is of no interest
  return Promise.race([measurement, cutOff]).finally(() => clearTimeout(timer));
}

/**
 * Starts `name` and times `workload` on it, within PROBE_CAP_MS from the start; a backend still starting
 * or warming up at the cap is reported lost rather than waited for. Starting is not cut short (an
 * abandoned setBackend would switch the active backend whenever it finished), only counted.
 */
async function probe(name: BackendName, workload: Workload): Promise<BackendProbe> {
  const started = performance.now();
  const cap = PROBE_CAP_MS[workload];
  const deadline = started + cap;
  const elapsed = () => Math.round(performance.now() - started);
  const detail = name === 'webgpu' ? await describeWebGpuAdapter() : name === 'webgl' ? describeWebGlRenderer() : undefined;
  const base = { backend: name, ...(detail ? { detail } : {}) };
  const skipped = softwareRendererReason(name, detail, workload);
  if (skipped) return { ...base, ok: false, error: skipped, probeMs: elapsed() };
  const problem = await activate(name);
  if (problem) return { ...base, ok: false, error: problem, probeMs: elapsed() };
  if (performance.now() > deadline) return { ...base, ok: false, timedOut: true, error: timeoutReason(cap, 'still starting'), probeMs: elapsed() };
  try {
    const speeds = await measureUntil(workload, deadline);
    return { ...base, ok: true, samplesPerSecond: Math.round(median(speeds)), probeMs: elapsed() };
  } catch (error) {
    if (error instanceof ProbeTimeoutError) return { ...base, ok: false, timedOut: true, error: timeoutReason(cap, error.message), probeMs: elapsed() };
    return { ...base, ok: false, error: `probe failed: ${errorText(error)}`, probeMs: elapsed() };
  }
}

async function chooseFastest(workload: Workload, report: (message: string) => void): Promise<BackendReport> {
  const measured: BackendProbe[] = [];
  for (const name of PROBE_ORDER) {
    const done = measured.map(describeProbe).join('; ');
    const step = `${PROBE_ORDER.indexOf(name) + 1} of ${PROBE_ORDER.length}`;
    report(`Measuring ${name} on the ${PROBE_MODELS[workload]} (${step})${done ? ` — so far: ${done}` : ''}`);
    measured.push(await probe(name, workload));
  }
  const probes = inReportOrder(measured);
  const { chosen, reason } = chooseFromProbes(workload, probes);
  const failure = await activate(chosen);
  if (failure) throw new Error(`${chosen} stopped working after its probe: ${failure}`);
  return { preference: 'auto', chosen, workload, reason, probes, notes: [] };
}

async function startForced(preference: BackendName): Promise<BackendReport> {
  const notes: string[] = [];
  const candidates = [preference, ...BACKEND_ORDER.slice(BACKEND_ORDER.indexOf(preference) + 1)];
  if (!candidates.includes('cpu')) candidates.push('cpu');
  for (const name of candidates) {
    const problem = await activate(name);
    if (!problem) {
      const detail = name === 'webgpu' ? await describeWebGpuAdapter() : undefined;
      return {
        preference,
        chosen: name,
        reason: name === preference ? `Requested with backend=${preference}${detail ? ` (${detail})` : ''}` : `Fell back from ${preference}`,
        probes: [],
        notes,
      };
    }
    notes.push(`${name} failed to start (${problem})`);
  }
  throw new Error(`No TensorFlow.js backend works here: ${notes.join('; ')}`);
}

/** Reuses an earlier probe's winner if it still starts; otherwise measures afresh. */
async function reuseRemembered(remembered: RememberedChoice, report: (message: string) => void): Promise<BackendReport> {
  const problem = await activate(remembered.backend);
  if (problem) {
    const fresh = await chooseFastest(remembered.workload, report);
    return { ...fresh, notes: [`The remembered backend ${remembered.backend} failed to start (${problem}); measured again`] };
  }
  return { preference: 'auto', chosen: remembered.backend, workload: remembered.workload, reason: rememberedReason(remembered), probes: remembered.probes, notes: [] };
}

/**
 * Activates a backend for `workload`: the forced one (or its fallback), an earlier measurement of the same
 * workload, or the fastest in a fresh probe. A remembered choice of another workload is not reused.
 */
export function selectBackend(
  preference: BackendPreference,
  remembered: RememberedChoice | undefined,
  report: (message: string) => void,
  workload: Workload = 'dense',
): Promise<BackendReport> {
  if (preference !== 'auto') return startForced(preference);
  return remembered?.workload === workload ? reuseRemembered(remembered, report) : chooseFastest(workload, report);
}
