/**
 * Remembers which backend the `auto` probe chose in this browser, so later visits skip the measurement
 * (about 20 s here, mostly compiling WebGL and WebGPU shaders on a software adapter). The entry is keyed by
 * the user agent, so a browser update measures again, and it expires after a week.
 */
import type { BackendReport, RememberedChoice } from '../protocol/backend';

const KEY = 'sweeplab.backendChoice.v1';
export const MEMORY_TTL_MS = 7 * 24 * 3600 * 1000;

interface Stored extends RememberedChoice {
  readonly userAgent: string;
}

export interface BackendMemory {
  recall(): RememberedChoice | undefined;
  remember(report: BackendReport): void;
  forget(): void;
}

export function createBackendMemory(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null, userAgent: string, now: () => number = Date.now): BackendMemory {
  return {
    recall() {
      try {
        const raw = storage?.getItem(KEY);
        if (!raw) return undefined;
        const stored = JSON.parse(raw) as Partial<Stored>;
        const age = now() - Date.parse(stored.measuredAt ?? '');
        if (stored.userAgent !== userAgent || !(age >= 0 && age < MEMORY_TTL_MS) || typeof stored.backend !== 'string') return undefined;
        return { backend: stored.backend, probes: stored.probes ?? [], reason: stored.reason ?? '', measuredAt: stored.measuredAt! };
      } catch {
        return undefined; // unreadable or blocked storage: measure again
      }
    },
    remember(report) {
      // Only fresh measurements are worth keeping; a reused or forced choice adds nothing.
      if (report.preference !== 'auto' || report.probes.length === 0 || report.reason.includes('remembered')) return;
      const stored: Stored = { backend: report.chosen, probes: report.probes, reason: report.reason, measuredAt: new Date(now()).toISOString(), userAgent };
      try {
        storage?.setItem(KEY, JSON.stringify(stored));
      } catch {
        // quota or privacy mode: nothing to remember, nothing lost
      }
    },
    forget() {
      try {
        storage?.removeItem(KEY);
      } catch {
        // ignore
      }
    },
  };
}
