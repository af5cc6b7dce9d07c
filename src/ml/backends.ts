/**
 * Backend choice. `auto` starts each backend that exists here, measures the reference MLP's training speed
 * on it for a moment, and keeps the fastest: a software WebGPU adapter (SwiftShader) loses to WASM because
 * it is measured, not assumed. A forced backend that fails to start falls back along BACKEND_ORDER, and the
 * report says so.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { median } from '../shared/stats';
import { registerWasmKernelFixes } from './kernels';
import { BACKEND_ORDER, type BackendName, type BackendPreference, type BackendProbe, type BackendReport, type RememberedChoice } from '../protocol/backend';
import { REFERENCE_MLP } from '../protocol/messages';
import { measureThroughput } from './throughput';

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

const START_TIMEOUT_MS = 15_000;
/** A short probe: about a quarter of a second per repeat is enough to rank backends that differ several-fold. */
const PROBE_SPEC = { ...REFERENCE_MLP, steps: 40, repeats: 3, warmUpMillis: 0 };
const PROBE_MILLIS_PER_REPEAT = 250;

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

async function probe(name: BackendName): Promise<BackendProbe> {
  const started = performance.now();
  const detail = name === 'webgpu' ? await describeWebGpuAdapter() : undefined;
  const base = { backend: name, ...(detail ? { detail } : {}) };
  const problem = await activate(name);
  if (problem) return { ...base, ok: false, error: problem, probeMs: Math.round(performance.now() - started) };
  try {
    const speeds = await measureThroughput(PROBE_SPEC, { maxMillisPerRepeat: PROBE_MILLIS_PER_REPEAT });
    return { ...base, ok: true, samplesPerSecond: Math.round(median(speeds)), probeMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ...base, ok: false, error: `probe failed: ${errorText(error)}`, probeMs: Math.round(performance.now() - started) };
  }
}

const describeProbe = (p: BackendProbe): string =>
  p.ok
    ? `${p.backend} ${p.samplesPerSecond!.toLocaleString('en')} samples/s${p.detail ? ` on ${p.detail}` : ''}`
    : `${p.backend} unavailable (${p.error})`;

async function chooseFastest(report: (message: string) => void): Promise<BackendReport> {
  const probes: BackendProbe[] = [];
  for (const name of BACKEND_ORDER) {
    const done = probes.map(describeProbe).join('; ');
    report(`Measuring ${name} (${BACKEND_ORDER.indexOf(name) + 1} of ${BACKEND_ORDER.length})${done ? ` — so far: ${done}` : ''}`);
    probes.push(await probe(name));
  }
  const working = probes.filter((p) => p.ok).sort((a, b) => b.samplesPerSecond! - a.samplesPerSecond!);
  const best = working[0];
  if (!best) throw new Error(`No TensorFlow.js backend works here: ${probes.map(describeProbe).join('; ')}`);
  const failure = await activate(best.backend);
  if (failure) throw new Error(`${best.backend} stopped working after its probe: ${failure}`);
  const runnerUp = working[1];
  const margin = runnerUp ? ` (${(best.samplesPerSecond! / runnerUp.samplesPerSecond!).toFixed(1)}× ${runnerUp.backend})` : '';
  return {
    preference: 'auto',
    chosen: best.backend,
    reason: `Fastest in a training probe${margin}: ${probes.map(describeProbe).join('; ')}`,
    probes,
    notes: [],
  };
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
    const fresh = await chooseFastest(report);
    return { ...fresh, notes: [`The remembered backend ${remembered.backend} failed to start (${problem}); measured again`] };
  }
  return {
    preference: 'auto',
    chosen: remembered.backend,
    reason: `${remembered.reason} (measured ${remembered.measuredAt.slice(0, 10)}, remembered in this browser)`,
    probes: remembered.probes,
    notes: [],
  };
}

export function selectBackend(preference: BackendPreference, remembered: RememberedChoice | undefined, report: (message: string) => void): Promise<BackendReport> {
  if (preference !== 'auto') return startForced(preference);
  return remembered ? reuseRemembered(remembered, report) : chooseFastest(report);
}
