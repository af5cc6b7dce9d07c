/**
 * A group job gives each member exactly what runTrainingJob gives it alone (tfjs cpu, bit for bit): the same
 * per-epoch records, fold metrics, epochs, cost and promotions; a member pruned at a rung by its group-mates'
 * values (peers) is pruned as it would be after them; a member whose loss diverges fails alone with fit's
 * message; a member that cannot be grouped trains alone inside the same call; nothing leaks. Through the
 * protocol, one member can be cancelled while the others finish.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTable, prepareForTarget } from '../data/tableDataset';
import type { ModelData } from '../data/types';
import { withPeerValues } from '../engine/pruners/group';
import type { HalvingPlan } from '../engine/pruners/types';
import type { EpochRecord } from '../engine/study/types';
import { estimateModelMemory } from '../ml/modelSize';
import { memberJob, type GroupEpochRecord, type GroupMemberJob, type TrainingGroupJob } from '../protocol/grouping';
import { denseSpec, isLayersModel, type ModelSpec, type TrainingResult } from '../protocol/training';
import { WorkerCallError } from '../orchestrator/workerClient';
import { runTrainingGroup } from './groupRunner';
import { activateCpuBackend, createInProcessWorker } from './inProcessWorker';
import { runTrainingJob } from './trialRunner';

let data: ModelData;

beforeAll(async () => {
  await activateCpuBackend();
  const table = await loadTable(readFileSync(new URL('../../public/datasets/iris.csv', import.meta.url), 'utf8'), 'iris.csv');
  data = prepareForTarget(table, 'target').data;
});

const spec = (learningRate: number, overrides: Partial<ModelSpec> = {}): ModelSpec =>
  denseSpec({ hidden: [{ units: 12, activation: 'relu', dropout: 0 }], optimizer: 'adam', learningRate, batchSize: 16, epochs: 6, ...overrides });

const heldOut = Array.from({ length: 30 }, (_, i) => i * 5);
const train = Array.from({ length: 150 }, (_, i) => i).filter((i) => i % 5 !== 0);

function groupJob(members: GroupMemberJob[]): TrainingGroupJob {
  return {
    datasetKey: 'iris',
    runs: [
      { train, evaluate: heldOut },
      { train: [...train].reverse(), evaluate: heldOut },
    ],
    evaluation: 'validation',
    objective: 'accuracy',
    members,
  };
}

/** Rungs at 1 and 3 epochs (η = 3), with these competitors at 3. */
const halving = (competitorsAt3: number[]): HalvingPlan => ({
  kind: 'halving',
  reductionFactor: 3,
  rungs: [
    { step: 1, competitors: [] },
    { step: 3, competitors: competitorsAt3 },
  ],
});

/**
 * What a result must match alone: everything but the wall time, the measured latency, the group tag and the
 * layer names tfjs numbers by a global counter (a captured model is compared by its weights and preprocessing).
 */
const comparable = ({ durationMs: _d, group: _g, cost, model, ...rest }: TrainingResult) => ({
  ...rest,
  parameters: cost?.parameters,
  bytes: cost?.bytes,
  model: model && isLayersModel(model) && { weights: new Float32Array(model.weightData), shapes: model.weightSpecs.map((w) => w.shape), preprocessing: model.preprocessing },
});

async function alone(job: ReturnType<typeof memberJob>) {
  const records: EpochRecord[] = [];
  try {
    const result = await runTrainingJob(job, data, { onEpoch: (r) => records.push(r), checkpoint: async () => {} });
    return { result, records };
  } catch (error) {
    return { error: error as Error, records };
  }
}

describe('group jobs in the worker', () => {
  it('give every member what it gets alone: grouped, pruned by peers, diverged, and refused', async () => {
    const members: GroupMemberJob[] = [
      { model: spec(0.01), seed: 1, pruning: { plan: halving([0.2]), direction: 'maximize' } },
      { model: spec(0.003, { schedule: { kind: 'cosine', warmupEpochs: 1 } }), seed: 2, pruning: { plan: halving([0.2]), direction: 'maximize' } },
      // Diverges: Adam's steps are as large as the rate, so the activations overflow within an epoch.
      { model: spec(1e30), seed: 3 },
      // Its rungs have no competitors of its own: only members 0 and 1 (peers) can prune it, at the first rung
      // unless it beats both (a slow learning rate makes sure it does not).
      { model: spec(0.0005), seed: 4, pruning: { plan: halving([]), direction: 'maximize' }, peers: [0, 1] },
      // SGD cannot join the stack: trained alone within the same call.
      { model: spec(0.05, { optimizer: 'sgd' }), seed: 5 },
      { model: spec(0.5, { patience: 1 }), seed: 6, exportModel: true },
    ];
    const job = groupJob(members);
    const before = tf.memory().numTensors;
    const progress: GroupEpochRecord[] = [];
    const results = await runTrainingGroup(job, data, { onEpoch: (member, record) => progress.push({ member, record }), checkpoint: async () => {}, memberCancelled: () => false });
    expect(tf.memory().numTensors).toBe(before);

    const solo: Awaited<ReturnType<typeof alone>>[] = [];
    for (const k of members.keys()) {
      const own = memberJob(job, k);
      // Alone, member 3 would have seen members 0 and 1 finished: their first-run values at each rung.
      const peerValues = (step: number) => solo.slice(0, 2).map((s) => s.records.find((r) => r.fold === 0 && r.epoch === step - 1)?.valScore);
      const withPeers = k === 3 ? { ...own, pruning: { plan: [1, 3].reduce((p, step) => withPeerValues(p, step, peerValues(step)), own.pruning!.plan), direction: 'maximize' as const } } : own;
      solo.push(await alone(withPeers));
    }

    for (const [k, expected] of solo.entries()) {
      expect(progress.filter((p) => p.member === k).map((p) => p.record)).toEqual(expected.records);
      const got = results[k]!;
      if (expected.error) {
        expect(got).toBeInstanceOf(Error);
        expect((got as Error).message).toBe(expected.error.message);
        continue;
      }
      expect(got).not.toBeInstanceOf(Error);
      expect(comparable(got as TrainingResult)).toEqual(comparable(expected.result!));
    }
    // The cases the test means to cover really happened.
    expect((results[2] as Error).message).toMatch(/training loss became NaN in epoch 1/);
    expect((results[3] as TrainingResult).prunedAtEpoch).toBe(1);
    expect((results[0] as TrainingResult).promotions).toEqual([1, 3]);
    expect((results[0] as TrainingResult).group).toEqual({ size: 5 });
    expect((results[4] as TrainingResult).group).toBeUndefined();
    expect((results[5] as TrainingResult).model).toBeDefined();
    expect((results[5] as TrainingResult).epochsRun.some((e) => e < 6)).toBe(true); // early stopping, per member
  });

  it('trains the members one by one when K stacked models would pass the memory budget, each as it is alone', async () => {
    const members: GroupMemberJob[] = [1, 2, 3].map((seed) => ({ model: spec(0.01 * seed), seed }));
    const job = groupJob(members);
    // Room for two of these models, not three: the stack of three is over, each alone is well under.
    const one = estimateModelMemory(members[0]!.model, { input: { kind: 'table', features: data.numFeatures }, task: data.task.kind, numClasses: data.task.classNames.length }).totalBytes;
    const hooks = { onEpoch: () => {}, checkpoint: async () => {}, memberCancelled: () => false };
    const before = tf.memory().numTensors;
    const results = await runTrainingGroup(job, data, hooks, 2.5 * one);
    expect(tf.memory().numTensors).toBe(before);
    for (const [k, got] of results.entries()) {
      expect((got as TrainingResult).group).toBeUndefined(); // not trained together
      expect(comparable(got as TrainingResult)).toEqual(comparable((await alone(memberJob(job, k))).result!));
    }
    // With room for three, the same job is one stack.
    expect(((await runTrainingGroup(job, data, hooks, 3.5 * one))[0] as TrainingResult).group).toEqual({ size: 3 });
  });

  it('cancels one member through the protocol while the others finish, then cancels a whole group', async () => {
    const client = createInProcessWorker();
    await client.call('init', { preference: 'cpu' });
    await client.call('loadDataset', { key: 'iris', data });
    const job = groupJob([0.01, 0.02, 0.03].map((rate, k) => ({ model: spec(rate, { epochs: 40 }), seed: k })));
    const memberAbort = job.members.map(() => new AbortController());
    const seen: GroupEpochRecord[] = [];
    const before = tf.memory().numTensors;
    const outcome = await client.call('trainGroup', job, {
      memberSignals: memberAbort.map((c) => c.signal),
      onProgress: (records) => {
        seen.push(...records);
        if (seen.some((r) => r.member === 1)) memberAbort[1]!.abort();
      },
    });
    expect(outcome.members.map((m) => (m.ok ? 'ok' : m.error.code))).toEqual(['ok', 'cancelled', 'ok']);
    expect(seen.filter((r) => r.member === 1).length).toBeLessThan(80);
    expect(tf.memory().numTensors).toBe(before);

    const whole = new AbortController();
    const call = client.call('trainGroup', job, { signal: whole.signal, onProgress: () => whole.abort() });
    await expect(call).rejects.toSatisfy((e: unknown) => e instanceof WorkerCallError && e.code === 'cancelled');
    expect(tf.memory().numTensors).toBe(before);
    client.terminate();
  });
});
