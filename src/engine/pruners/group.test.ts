/**
 * Plans of trials trained beside unfinished ones: a plan is given only when it equals the plan the trial
 * would have had with those trials finished, with group-mates' rung values left to the worker (peers).
 * Also the samplers' word on whether their suggestions ignore outcomes.
 */
import { describe, expect, it } from 'vitest';
import { createRandomSampler } from '../samplers/random';
import { createTpeSampler } from '../samplers/tpe/sampler';
import type { Trial } from '../study/types';
import { decide } from './decide';
import { planBesideUnfinished, withPeerValues } from './group';
import { hyperbandBracket } from './plan';
import type { HalvingPlan } from './types';

function trial(number: number, curve: number[], state: Trial['state'] = 'complete', system: Record<string, unknown> = {}): Trial {
  return {
    number, state, params: { x: number }, system, foldScores: [], metrics: {}, value: curve.at(-1) ?? null, startedAt: 0, durationMs: 0, backend: null,
    epochs: curve.map((valScore, epoch) => ({ fold: 0, epoch, loss: 1 - valScore, valLoss: 1 - valScore, valScore })),
  };
}

const context = (trials: Trial[], trialNumber = trials.length) => ({ trials, trialNumber, seed: 3, direction: 'maximize' as const });

describe('pruning beside unfinished trials', () => {
  it('needs nothing without a pruner or without unfinished trials', () => {
    const done = [trial(0, [0.5]), trial(1, [0.6])];
    expect(planBesideUnfinished({ kind: 'none', maxEpochs: 9 }, context(done), [done[1]!], [done[0]!])).toEqual({ plan: null, peers: [] });
    expect(planBesideUnfinished({ kind: 'asha', maxEpochs: 9 }, context(done), [], [])?.plan).toMatchObject({ kind: 'halving' });
  });

  it('groups under median pruning only while the pruner cannot start however the unfinished trials end', () => {
    const three = [0, 1, 2].map((n) => trial(n, [0.5, 0.6]));
    const mate = trial(3, [], 'running');
    expect(planBesideUnfinished({ kind: 'median', maxEpochs: 2 }, context([...three, mate]), [mate], [])).toEqual({ plan: null, peers: [] });
    const four = [...three, trial(3, [0.5, 0.6])];
    const lateMate = trial(4, [], 'running');
    expect(planBesideUnfinished({ kind: 'median', maxEpochs: 2 }, context([...four, lateMate]), [lateMate], [])).toBeNull();
  });

  it('leaves group-mates to compete at the rungs in the worker, and refuses a competitor running elsewhere', () => {
    const done = [trial(0, [0.3, 0.3, 0.3])];
    const mate = trial(1, [0.1], 'running'); // its partial curve is hidden: the worker adds its values as they come
    const result = planBesideUnfinished({ kind: 'asha', maxEpochs: 9 }, context([...done, mate]), [mate], [])!;
    expect(result.peers).toEqual([1]);
    expect((result.plan as HalvingPlan).rungs[0]).toEqual({ step: 1, competitors: [0.3] });
    expect(planBesideUnfinished({ kind: 'asha', maxEpochs: 9 }, context([...done, mate]), [], [mate])).toBeNull();
    // Peers' values join the rung they belong to: 0.5 beats 0.3 alone, but not once a peer's 0.8 is there.
    const plan = withPeerValues(result.plan!, 1, [0.8, undefined, Number.NaN]);
    expect(decide(plan, [0.5], 'maximize').prune).toBe(true);
    expect(decide(result.plan!, [0.5], 'maximize').prune).toBe(false);
  });

  it('counts only the same Hyperband bracket as peers or competitors', () => {
    const settings = { kind: 'hyperband' as const, maxEpochs: 27 };
    const bracketOf = (n: number) => hyperbandBracket(settings, 3, n);
    const running = (n: number) => trial(n, [], 'running', { bracket: bracketOf(n) });
    const m = 40;
    const a = [...Array(m).keys()].find((n) => bracketOf(n) === bracketOf(m))!;
    const b = [...Array(m).keys()].find((n) => bracketOf(n) !== bracketOf(m))!;
    const others = [a, b].sort((x, y) => x - y).map(running);
    const [same, other] = [running(a), running(b)];
    // A mate in its bracket, another trial running elsewhere in a different one: grouped, with the mate as peer.
    expect(planBesideUnfinished(settings, context(others, m), [same], [other])?.peers).toEqual([a]);
    // The one running elsewhere is in its bracket: not now.
    expect(planBesideUnfinished(settings, context(others, m), [other], [same])).toBeNull();
  });
});

describe('samplers ignoring outcomes', () => {
  const space = { params: [{ name: 'x', kind: 'float' as const, low: 0, high: 1 }] };
  const ctx = (trials: Trial[]) => ({ space, seed: 1, trialNumber: trials.length, trials, direction: 'maximize' as const });

  it('random always; TPE only while its start-up stays random whatever the unknown trials do', () => {
    const nine = Array.from({ length: 9 }, (_, n) => trial(n, [0.5]));
    expect(createRandomSampler().ignoresOutcomes?.(ctx(nine), 5)).toBe(true);
    const tpe = createTpeSampler();
    expect(tpe.ignoresOutcomes?.(ctx(nine.slice(0, 8)), 1)).toBe(true);
    expect(tpe.ignoresOutcomes?.(ctx(nine), 1)).toBe(false);
  });
});
