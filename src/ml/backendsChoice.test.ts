import { describe, expect, it } from 'vitest';
import { workloadFor, type BackendProbe } from '../protocol/backend';
import { chooseFromProbes, describeProbe, inReportOrder, PROBE_ORDER, rankProbes, rememberedReason, timeoutReason } from './backendsChoice';

const probes: BackendProbe[] = [
  { backend: 'webgpu', ok: false, timedOut: true, error: timeoutReason(8000, 'still warming up after 1 step'), detail: 'software adapter (SwiftShader)' },
  { backend: 'webgl', ok: true, samplesPerSecond: 900 },
  { backend: 'wasm', ok: true, samplesPerSecond: 4200 },
  { backend: 'cpu', ok: true, samplesPerSecond: 300 },
];

describe('backend choice', () => {
  it('follows the data layout: images are convolutional, tables and tokens dense', () => {
    expect(workloadFor({ kind: 'image', height: 28, width: 28, channels: 1 })).toBe('conv');
    expect(workloadFor({ kind: 'table' })).toBe('dense');
    expect(workloadFor({ kind: 'tokens', sequenceLength: 32, vocabularySize: 1000 })).toBe('dense');
    expect(workloadFor(undefined)).toBe('dense');
  });

  it('picks the fastest working backend and explains it, fastest first, lost backends with their reason', () => {
    const choice = chooseFromProbes('conv', probes);
    expect(choice.chosen).toBe('wasm');
    expect(choice.reason).toBe(
      'Fastest in a training probe of the small CNN (4.7× webgl): wasm 4,200 samples/s; webgl 900 samples/s; cpu 300 samples/s; ' +
        'webgpu lost (too slow: no figure within the 8 s cap, still warming up after 1 step)',
    );
    expect(chooseFromProbes('dense', probes).reason).toMatch(/^Fastest in a training probe of the reference MLP \(4\.7× webgl\)/);
  });

  it('lets a GPU win one workload and lose the other', () => {
    const gpu = (speed: number): BackendProbe => ({ backend: 'webgpu', ok: true, samplesPerSecond: speed, detail: 'NVIDIA' });
    const wasm = (speed: number): BackendProbe => ({ backend: 'wasm', ok: true, samplesPerSecond: speed });
    expect(chooseFromProbes('dense', [gpu(20_000), wasm(80_000)]).chosen).toBe('wasm');
    expect(chooseFromProbes('conv', [gpu(9_000), wasm(1_500)]).chosen).toBe('webgpu');
    expect(chooseFromProbes('conv', [gpu(9_000), wasm(1_500)]).reason).toContain('webgpu 9,000 samples/s on NVIDIA');
  });

  it('keeps backend order on ties, needs no runner-up, and fails when nothing worked', () => {
    const tie: BackendProbe[] = [
      { backend: 'webgl', ok: true, samplesPerSecond: 100 },
      { backend: 'wasm', ok: true, samplesPerSecond: 100 },
    ];
    expect(rankProbes(tie).map((p) => p.backend)).toEqual(['webgl', 'wasm']);
    expect(chooseFromProbes('dense', [tie[1]!]).reason).toBe('Fastest in a training probe of the reference MLP: wasm 100 samples/s');
    const failed: BackendProbe = { backend: 'cpu', ok: false, error: 'broken' };
    expect(describeProbe(failed)).toBe('cpu unavailable (broken)');
    expect(() => chooseFromProbes('conv', [failed])).toThrow('No TensorFlow.js backend works here: cpu unavailable (broken)');
  });

  it('measures the CPU side first but reports in backend order', () => {
    expect(PROBE_ORDER).toEqual(['wasm', 'cpu', 'webgl', 'webgpu']);
    const measured = PROBE_ORDER.map((backend): BackendProbe => ({ backend, ok: true, samplesPerSecond: 1 }));
    expect(inReportOrder(measured).map((p) => p.backend)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
  });

  it('falls back to a backend that started when none finished within the cap, CPU side first', () => {
    const lost = (backend: BackendProbe['backend']): BackendProbe => ({ backend, ok: false, timedOut: true, error: timeoutReason(8000, 'a training step was still running') });
    const choice = chooseFromProbes('conv', [lost('webgpu'), lost('webgl'), { backend: 'wasm', ok: false, error: 'no WebAssembly' }, lost('cpu')]);
    expect(choice.chosen).toBe('cpu');
    expect(choice.reason).toMatch(/^No backend finished the probe of the small CNN within its cap; using cpu, which started: webgpu lost/);
  });

  it('dates a remembered reason', () => {
    const reason = rememberedReason({ workload: 'conv', backend: 'wasm', probes: [], reason: 'Fastest in a training probe', measuredAt: '2026-11-28T10:00:00.000Z' });
    expect(reason).toBe('Fastest in a training probe (measured 2026-11-28, remembered in this browser)');
  });
});
