import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { activateCpuBackend } from '../worker/inProcessWorker';
import { measureConvThroughput, measureThroughput, PROBE_CNN, ProbeTimeoutError } from './throughput';

// Small images keep the cpu backend's convolution gradients quick; the layers are the probe's own.
const tiny = { ...PROBE_CNN, height: 8, width: 8, batchSize: 2, steps: 2, repeats: 2 };

describe('backend probe workloads (cpu)', () => {
  beforeAll(activateCpuBackend);

  it('times the probe CNN without leaking tensors', async () => {
    const before = tf.memory().numTensors;
    const speeds = await measureConvThroughput(tiny);
    expect(speeds).toHaveLength(2);
    expect(speeds.every((s) => s > 0 && Number.isFinite(s))).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives up past its deadline, cleaning up, so a slow backend counts as lost', async () => {
    const before = tf.memory().numTensors;
    await expect(measureConvThroughput(tiny, { deadline: performance.now() })).rejects.toBeInstanceOf(ProbeTimeoutError);
    const mlp = { inputSize: 8, hiddenUnits: 8, outputSize: 2, batchSize: 4, steps: 2, repeats: 1 };
    await expect(measureThroughput(mlp, { deadline: performance.now() })).rejects.toThrow('still warming up after 1 step');
    expect(tf.memory().numTensors).toBe(before);
  });
});
