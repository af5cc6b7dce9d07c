/** Backend names and the report a worker gives about the one it chose, shared by both ends of the protocol. */

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type BackendPreference = 'auto' | BackendName;

/** Fastest-first order in which backends are tried when one fails, and listed in reports. */
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
export const BACKEND_PREFERENCES: readonly BackendPreference[] = ['auto', ...BACKEND_ORDER];

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
}

export interface BackendReport {
  readonly preference: BackendPreference;
  readonly chosen: BackendName;
  /** One sentence for the UI: why this backend. */
  readonly reason: string;
  readonly probes: readonly BackendProbe[];
  /** Fallbacks taken, e.g. "webgpu failed to start (no adapter); using webgl". */
  readonly notes: readonly string[];
}

/** An earlier `auto` probe's outcome, remembered by the page so later visits skip the measurement. */
export interface RememberedChoice {
  readonly backend: BackendName;
  readonly probes: readonly BackendProbe[];
  readonly reason: string;
  /** ISO date of the measurement. */
  readonly measuredAt: string;
}
