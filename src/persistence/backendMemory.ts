/**
 * Remembers which backend the `auto` probe chose in this browser, for each workload (dense, conv), so later
 * visits skip the measurement (about 20 s here, mostly compiling WebGL and WebGPU shaders on a software
 * adapter). The fastest backend can differ between workloads, so each has its own entry. Entries are tied
 * to the user agent, so a browser update measures again, and expire after a week.
 */
import { WORKLOADS, type BackendReport, type RememberedChoice, type Workload } from '../protocol/backend';

const keyFor = (workload: Workload) => `sweeplab.backendChoice.v2.${workload}`;
/** Before workloads, one entry held the reference MLP's probe: still valid for the dense workload. */
const LEGACY_DENSE_KEY = 'sweeplab.backendChoice.v1';
export const MEMORY_TTL_MS = 7 * 24 * 3600 * 1000;

interface Stored extends RememberedChoice {
  readonly userAgent: string;
}

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface BackendMemory {
  recall(workload: Workload): RememberedChoice | undefined;
  remember(report: BackendReport): void;
  /** Forgets every workload's entry. */
  forget(): void;
}

/** The entry under `key`, if readable, of this browser, and fresh. */
function read(storage: KeyValueStorage | null, key: string, workload: Workload, userAgent: string, now: number): RememberedChoice | undefined {
  const raw = storage?.getItem(key);
  if (!raw) return undefined;
  const stored = JSON.parse(raw) as Partial<Stored>;
  const age = now - Date.parse(stored.measuredAt ?? '');
  if (stored.userAgent !== userAgent || !(age >= 0 && age < MEMORY_TTL_MS) || typeof stored.backend !== 'string') return undefined;
  // An entry under one workload's key that claims another was not written by us: ignore it.
  if (stored.workload !== undefined && stored.workload !== workload) return undefined;
  return { workload, backend: stored.backend, probes: stored.probes ?? [], reason: stored.reason ?? '', measuredAt: stored.measuredAt! };
}

export function createBackendMemory(storage: KeyValueStorage | null, userAgent: string, now: () => number = Date.now): BackendMemory {
  return {
    recall(workload) {
      try {
        return read(storage, keyFor(workload), workload, userAgent, now()) ?? (workload === 'dense' ? read(storage, LEGACY_DENSE_KEY, workload, userAgent, now()) : undefined);
      } catch {
        return undefined; // unreadable or blocked storage: measure again
      }
    },
    remember(report) {
      // Only fresh measurements are worth keeping; a reused or forced choice adds nothing.
      if (report.preference !== 'auto' || !report.workload || report.probes.length === 0 || report.reason.includes('remembered')) return;
      const stored: Stored = {
        workload: report.workload,
        backend: report.chosen,
        probes: report.probes,
        reason: report.reason,
        measuredAt: new Date(now()).toISOString(),
        userAgent,
      };
      try {
        storage?.setItem(keyFor(report.workload), JSON.stringify(stored));
      } catch {
        // quota or privacy mode: nothing to remember, nothing lost
      }
    },
    forget() {
      for (const key of [...WORKLOADS.map(keyFor), LEGACY_DENSE_KEY]) {
        try {
          storage?.removeItem(key);
        } catch {
          // ignore
        }
      }
    },
  };
}
