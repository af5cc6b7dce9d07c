import { describe, expect, it } from 'vitest';
import type { BackendReport } from '../protocol/backend';
import { createBackendMemory, MEMORY_TTL_MS } from './backendMemory';

function fakeStorage() {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k) };
}

const measured: BackendReport = {
  preference: 'auto',
  chosen: 'wasm',
  reason: 'Fastest in a training probe',
  probes: [{ backend: 'wasm', ok: true, samplesPerSecond: 30000 }],
  notes: [],
};

describe('backend memory', () => {
  it('remembers a measured choice for the same browser until it expires', () => {
    const storage = fakeStorage();
    let now = Date.parse('2026-11-29T00:00:00Z');
    const memory = createBackendMemory(storage, 'UA/1', () => now);
    expect(memory.recall()).toBeUndefined();
    memory.remember(measured);
    expect(memory.recall()).toMatchObject({ backend: 'wasm', measuredAt: '2026-11-29T00:00:00.000Z' });
    expect(createBackendMemory(storage, 'UA/2', () => now).recall()).toBeUndefined();
    now += MEMORY_TTL_MS + 1;
    expect(memory.recall()).toBeUndefined();
  });

  it('does not remember forced or reused choices, and forgets on request', () => {
    const storage = fakeStorage();
    const memory = createBackendMemory(storage, 'UA');
    memory.remember({ ...measured, preference: 'webgl', probes: [] });
    expect(memory.recall()).toBeUndefined();
    memory.remember(measured);
    memory.forget();
    expect(memory.recall()).toBeUndefined();
  });

  it('survives corrupt or missing storage', () => {
    const storage = fakeStorage();
    storage.setItem('sweeplab.backendChoice.v1', '{not json');
    expect(createBackendMemory(storage, 'UA').recall()).toBeUndefined();
    const none = createBackendMemory(null, 'UA');
    none.remember(measured);
    expect(none.recall()).toBeUndefined();
  });
});
