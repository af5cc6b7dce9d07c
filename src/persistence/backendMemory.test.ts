import { describe, expect, it } from 'vitest';
import type { BackendReport } from '../protocol/backend';
import { createBackendMemory, MEMORY_TTL_MS } from './backendMemory';

function fakeStorage() {
  const map = new Map<string, string>();
  return { map, getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k) };
}

const measured: BackendReport = {
  preference: 'auto',
  chosen: 'wasm',
  workload: 'dense',
  reason: 'Fastest in a training probe of the reference MLP',
  probes: [{ backend: 'wasm', ok: true, samplesPerSecond: 30000 }],
  notes: [],
};
const measuredConv: BackendReport = { ...measured, chosen: 'webgpu', workload: 'conv', reason: 'Fastest in a training probe of the small CNN' };

describe('backend memory', () => {
  it('remembers a measured choice for the same browser until it expires', () => {
    const storage = fakeStorage();
    let now = Date.parse('2026-11-29T00:00:00Z');
    const memory = createBackendMemory(storage, 'UA/1', () => now);
    expect(memory.recall('dense')).toBeUndefined();
    memory.remember(measured);
    expect(memory.recall('dense')).toMatchObject({ workload: 'dense', backend: 'wasm', measuredAt: '2026-11-29T00:00:00.000Z' });
    expect(createBackendMemory(storage, 'UA/2', () => now).recall('dense')).toBeUndefined();
    now += MEMORY_TTL_MS + 1;
    expect(memory.recall('dense')).toBeUndefined();
  });

  it('keeps one entry per workload, so a CNN choice does not answer for an MLP', () => {
    const storage = fakeStorage();
    const memory = createBackendMemory(storage, 'UA');
    memory.remember(measuredConv);
    expect(memory.recall('dense')).toBeUndefined();
    expect(memory.recall('conv')).toMatchObject({ workload: 'conv', backend: 'webgpu' });
    memory.remember(measured);
    expect(memory.recall('dense')).toMatchObject({ workload: 'dense', backend: 'wasm' });
    expect(memory.recall('conv')).toMatchObject({ backend: 'webgpu' });
    expect([...storage.map.keys()].sort()).toEqual(['sweeplab.backendChoice.v2.conv', 'sweeplab.backendChoice.v2.dense']);
  });

  it('reads an entry from before workloads as the dense one, and ignores an entry under the wrong key', () => {
    const storage = fakeStorage();
    const now = Date.parse('2026-11-29T00:00:00Z');
    const legacy = { backend: 'wasm', probes: [], reason: 'Fastest in a training probe', measuredAt: '2026-11-28T00:00:00.000Z', userAgent: 'UA' };
    storage.setItem('sweeplab.backendChoice.v1', JSON.stringify(legacy));
    const memory = createBackendMemory(storage, 'UA', () => now);
    expect(memory.recall('dense')).toEqual({ workload: 'dense', backend: 'wasm', probes: [], reason: 'Fastest in a training probe', measuredAt: legacy.measuredAt });
    expect(memory.recall('conv')).toBeUndefined();
    storage.setItem('sweeplab.backendChoice.v2.conv', JSON.stringify({ ...legacy, workload: 'dense' }));
    expect(memory.recall('conv')).toBeUndefined();
  });

  it('does not remember forced, reused or workload-less choices, and forgets every workload on request', () => {
    const storage = fakeStorage();
    const memory = createBackendMemory(storage, 'UA');
    memory.remember({ ...measured, preference: 'webgl', probes: [] });
    memory.remember({ ...measured, reason: 'Fastest (measured 2026-11-28, remembered in this browser)' });
    memory.remember({ ...measured, workload: undefined } as unknown as BackendReport);
    expect(memory.recall('dense')).toBeUndefined();
    storage.setItem('sweeplab.backendChoice.v1', '{}');
    memory.remember(measured);
    memory.remember(measuredConv);
    memory.forget();
    expect(memory.recall('dense')).toBeUndefined();
    expect(memory.recall('conv')).toBeUndefined();
    expect(storage.map.size).toBe(0);
  });

  it('survives corrupt or missing storage', () => {
    const storage = fakeStorage();
    storage.setItem('sweeplab.backendChoice.v2.dense', '{not json');
    expect(createBackendMemory(storage, 'UA').recall('dense')).toBeUndefined();
    const none = createBackendMemory(null, 'UA');
    none.remember(measured);
    expect(none.recall('dense')).toBeUndefined();
  });
});
