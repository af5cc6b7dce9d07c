/**
 * The pure half of the backend choice (src/ml/backends.ts does the starting and timing): ranking probe
 * results, wording the reason the UI shows, and the per-backend time cap. Free of tfjs, so unit tests cover
 * it without a browser.
 */
import { BACKEND_ORDER, type BackendName, type BackendProbe, type RememberedChoice, type Workload } from '../protocol/backend';

/** What each workload's probe trains, in the reason's words. */
export const PROBE_MODELS: Readonly<Record<Workload, string>> = { dense: 'reference MLP', conv: 'small CNN' };

/**
 * Longest a backend's probe may take, start-up included. Here WebGL and WebGPU run on SwiftShader and need
 * seconds per CNN step while compiling shaders; a backend that slow has lost anyway, so waiting out its
 * figure would only delay the first trial. A real GPU compiles in well under this.
 */
export const PROBE_CAP_MS: Readonly<Record<Workload, number>> = { dense: 8_000, conv: 8_000 };

/**
 * The order backends are measured in: CPU-side first. A GPU probe cut off at the cap leaves its shader
 * compilation running (a tfjs step cannot be interrupted), and on a software adapter that compilation
 * competes for the same cores; measured last, it cannot slow the WASM and CPU figures down. Reports still
 * list probes in BACKEND_ORDER. It is also the preference when no backend gave a figure in time.
 */
export const PROBE_ORDER: readonly BackendName[] = ['wasm', 'cpu', 'webgl', 'webgpu'];

const samples = (p: BackendProbe): number => p.samplesPerSecond ?? 0;

/** Probes in BACKEND_ORDER, however they were measured. */
export const inReportOrder = (probes: readonly BackendProbe[]): BackendProbe[] =>
  [...probes].sort((a, b) => BACKEND_ORDER.indexOf(a.backend) - BACKEND_ORDER.indexOf(b.backend));

/** Backends that produced a figure, fastest first (ties keep BACKEND_ORDER, which lists GPUs first). */
export function rankProbes(probes: readonly BackendProbe[]): BackendProbe[] {
  return probes.filter((p) => p.ok && p.samplesPerSecond !== undefined).sort((a, b) => samples(b) - samples(a));
}

/** "wasm 420 samples/s", "webgl lost (…)" or "webgpu unavailable (…)". */
export function describeProbe(p: BackendProbe): string {
  if (p.ok) return `${p.backend} ${Math.round(samples(p)).toLocaleString('en')} samples/s${p.detail ? ` on ${p.detail}` : ''}`;
  return `${p.backend} ${p.timedOut ? 'lost' : 'unavailable'} (${p.error ?? 'no reason given'})`;
}

/** Why a capped probe counts as lost, for its `error`. */
export const timeoutReason = (capMs: number, detail: string): string => `too slow: no figure within the ${capMs / 1000} s cap, ${detail}`;

export interface Choice {
  readonly chosen: BackendName;
  readonly reason: string;
}

/**
 * The fastest measured backend for `workload` and the sentence explaining it, e.g. "Fastest in a training
 * probe of the small CNN (14.0× cpu): wasm 420 samples/s; cpu 30 samples/s; webgl lost (too slow: …)".
 * Figures are listed fastest first, then the backends that gave none. Throws when no backend worked.
 */
export function chooseFromProbes(workload: Workload, probes: readonly BackendProbe[]): Choice {
  const ranked = rankProbes(probes);
  const [best, runnerUp] = ranked;
  const listed = [...ranked, ...inReportOrder(probes.filter((p) => !ranked.includes(p)))].map(describeProbe).join('; ');
  if (!best) {
    // Slow is better than nothing: a backend that started but missed the cap still trains.
    const started = PROBE_ORDER.map((name) => probes.find((p) => p.backend === name && p.timedOut)).find((p) => p !== undefined);
    if (started) return { chosen: started.backend, reason: `No backend finished the probe of the ${PROBE_MODELS[workload]} within its cap; using ${started.backend}, which started: ${listed}` };
    throw new Error(`No TensorFlow.js backend works here: ${listed}`);
  }
  const margin = runnerUp && samples(runnerUp) > 0 ? ` (${(samples(best) / samples(runnerUp)).toFixed(1)}× ${runnerUp.backend})` : '';
  return { chosen: best.backend, reason: `Fastest in a training probe of the ${PROBE_MODELS[workload]}${margin}: ${listed}` };
}

/** The reason for a choice reused from an earlier visit, with the date it was measured. */
export const rememberedReason = (remembered: RememberedChoice): string =>
  `${remembered.reason} (measured ${remembered.measuredAt.slice(0, 10)}, remembered in this browser)`;
