/**
 * Backend names, workloads and the report a worker gives about the backend it chose, shared by both ends of
 * the protocol.
 */
import type { InputLayout } from '../data/types';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type BackendPreference = 'auto' | BackendName;

/** Fastest-first order in which backends are tried when one fails, and listed in reports. */
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
export const BACKEND_PREFERENCES: readonly BackendPreference[] = ['auto', ...BACKEND_ORDER];

/**
 * What the probe measures, because the fastest backend depends on it: a real GPU can win for convolutions
 * and lose for a tiny MLP, whose steps are dominated by per-kernel overhead. 'dense': the reference MLP;
 * 'conv': a small CNN on 28×28 images.
 */
export type Workload = 'dense' | 'conv';
export const WORKLOADS: readonly Workload[] = ['dense', 'conv'];

/** Images train convolutional models; tables and token sequences train dense (and embedding) ones. */
export const workloadFor = (input: InputLayout | undefined): Workload => (input?.kind === 'image' ? 'conv' : 'dense');

/** How the UI names a workload: "Backend: wasm for convolutional models". */
export const WORKLOAD_LABELS: Readonly<Record<Workload, string>> = { dense: 'dense models', conv: 'convolutional models' };

export const isBackendPreference = (value: unknown): value is BackendPreference =>
  typeof value === 'string' && (BACKEND_PREFERENCES as readonly string[]).includes(value);

export interface BackendProbe {
  readonly backend: BackendName;
  readonly ok: boolean;
  /** Training throughput of the probe model, when the backend started. */
  readonly samplesPerSecond?: number;
  /** Why the backend could not be used. */
  readonly error?: string;
  /** What the backend runs on, e.g. "software adapter (SwiftShader)". */
  readonly detail?: string;
  /** How long starting and measuring this backend took. */
  readonly probeMs?: number;
  /** The probe ran past its time cap and was cut off: the backend counts as lost (`error` says why). */
  readonly timedOut?: boolean;
}

export interface BackendReport {
  readonly preference: BackendPreference;
  readonly chosen: BackendName;
  /**
   * The workload the choice was measured (or remembered) for. Absent for a forced backend, which no
   * measurement chose, and in studies saved before workloads existed.
   */
  readonly workload?: Workload;
  /** One sentence for the UI: why this backend. */
  readonly reason: string;
  readonly probes: readonly BackendProbe[];
  /** Fallbacks taken, e.g. "webgpu failed to start (no adapter); using webgl". */
  readonly notes: readonly string[];
}

/** An earlier `auto` probe's outcome, remembered by the page so later visits skip the measurement. */
export interface RememberedChoice {
  readonly workload: Workload;
  readonly backend: BackendName;
  readonly probes: readonly BackendProbe[];
  readonly reason: string;
  /** ISO date of the measurement. */
  readonly measuredAt: string;
}
