/**
 * Prepares the next trial of a study: its parameters (enqueued, or the sampler's), its pruning plan, its
 * ModelSpec and the key of the group it may be trained in (protocol/grouping.ts).
 *
 * The determinism rule (see studyRunner.ts): trial m is suggested and planned from the outcomes of trials
 * 0…m−N only (N workers). Alone, the runner waits for those trials. To train trials together, and to keep
 * workers busy, a trial may also be prepared while some of them are unfinished, but only when what it gets
 * cannot depend on their outcomes: the sampler says its suggestion ignores them (random, grid, TPE's random
 * start-up) and the pruner's plan is the same however they end, or it is completed in the worker by its
 * group-mates' values in lockstep (engine/pruners/group.ts). Otherwise the answer is 'wait', and a trial
 * prepared here is exactly the trial the runner would have prepared after waiting.
 */
import { planBesideUnfinished, withoutOutcome } from '../engine/pruners/group';
import { hyperbandBracket } from '../engine/pruners/plan';
import type { Sampler, Suggestion } from '../engine/samplers/types';
import type { Trial } from '../engine/study/types';
import type { ModelData } from '../data/types';
import { groupKey, type TrainingGroupJob } from '../protocol/grouping';
import type { ModelSpec, TrainingJob } from '../protocol/training';
import type { StudyConfig } from '../search/config';
import { toModelSpec } from '../search/modelSpec';

export interface TrialDraft {
  readonly number: number;
  readonly suggestion: Suggestion;
  readonly pruning: TrainingJob['pruning'] | undefined;
  /** Earlier trials of its group whose first-run values join its rungs (their numbers). */
  readonly peers: readonly number[];
  /** Null when the parameters make no valid model: the trial runs alone and fails with that reason. */
  readonly spec: ModelSpec | null;
  /** Trials with equal non-null keys can be trained together. */
  readonly groupKey: string | null;
}

export interface PlannerInputs {
  readonly config: StudyConfig;
  readonly data: ModelData;
  readonly sampler: Sampler;
  readonly slots: number;
  readonly direction: 'maximize' | 'minimize';
}

export function createTrialPlanner({ config, data, sampler, slots, direction }: PlannerInputs) {
  const layout = data.input ?? { kind: 'table' as const };

  const specOf = (params: Trial['params']): ModelSpec | null => {
    try {
      return toModelSpec(params, config.fixed, config.maxEpochs, layout);
    } catch {
      return null;
    }
  };
  /** Epochs the trial will train; invalid parameters fail the trial later, with their own message. */
  const plannedEpochs = (params: Trial['params']) => specOf(params)?.epochs ?? 1;

  /**
   * What the sampler and pruner see when preparing trial m: every earlier trial's parameters (so grids and
   * duplicate checks stay exact), outcomes only of trials 0…m−N that have finished.
   */
  const viewFor = (trials: readonly Trial[], m: number, unfinished: ReadonlySet<number>): Trial[] =>
    trials.filter((t) => t.number < m).map((t) => (t.number <= m - slots && !unfinished.has(t.number) ? t : withoutOutcome(t)));

  return {
    viewFor,
    plannedEpochs,

    /**
     * Trial m, to be trained with `mates` (earlier trials of its group, not started yet), while the trials in
     * `unfinished` are still running elsewhere; 'wait' when it would depend on their outcomes, 'exhausted'
     * when the sampler has nothing left.
     */
    draft(trials: readonly Trial[], m: number, mates: readonly Trial[], unfinished: ReadonlySet<number>): TrialDraft | 'wait' | 'exhausted' {
      const mateNumbers = new Set(mates.map((t) => t.number));
      const view = viewFor(trials, m, new Set([...unfinished, ...mateNumbers]));
      const lockstep = mates.filter((t) => t.number <= m - slots);
      const unknown = trials.filter((t) => t.number <= m - slots && unfinished.has(t.number) && !mateNumbers.has(t.number));
      let suggestion: Suggestion | null;
      if (m < config.enqueued.length) {
        suggestion = { params: config.enqueued[m]!, system: { enqueued: true } };
      } else {
        const context = { space: config.space, seed: config.seed, trialNumber: m, trials: view, direction };
        const blind = lockstep.length + unknown.length;
        if (blind > 0 && !(sampler.ignoresOutcomes?.(context, blind) ?? false)) return 'wait';
        suggestion = sampler.suggest(context);
        if (!suggestion) return 'exhausted';
      }
      const spec = specOf(suggestion.params);
      // Invalid parameters fail the trial later, with their own message; plan it as one epoch meanwhile.
      const settings = { kind: config.pruner, maxEpochs: spec?.epochs ?? 1 };
      const pruning = planBesideUnfinished(settings, { trials: view, trialNumber: m, seed: config.seed, direction }, lockstep, unknown);
      if (!pruning) return 'wait';
      const bracket = config.pruner === 'hyperband' ? hyperbandBracket(settings, config.seed, m) : undefined;
      return {
        number: m,
        suggestion: bracket === undefined ? suggestion : { ...suggestion, system: { ...suggestion.system, bracket } },
        pruning: pruning.plan ? { plan: pruning.plan, direction } : undefined,
        peers: pruning.peers,
        spec,
        groupKey: spec ? groupKey(spec, data.task.kind, layout.kind) : null,
      };
    },
  };
}

export type TrialPlanner = ReturnType<typeof createTrialPlanner>;

/** The new trial a draft describes, started now. */
export function trialFromDraft(draft: TrialDraft, startedAt: number): Trial {
  return {
    number: draft.number,
    state: 'running',
    params: draft.suggestion.params,
    system: { ...draft.suggestion.system },
    epochs: [],
    foldScores: [],
    metrics: {},
    value: null,
    startedAt,
    durationMs: null,
    backend: null,
  };
}

/** The group job of consecutive trials drafted together: each member's own spec, seed, plan and peers (as member indices). */
export function groupJobFor(
  members: readonly Trial[],
  drafts: readonly TrialDraft[],
  shared: Omit<TrainingGroupJob, 'members'>,
  seedOf: (trial: Trial) => number,
): TrainingGroupJob {
  const index = new Map(members.map((t, k) => [t.number, k]));
  return {
    ...shared,
    members: drafts.map((draft, k) => ({
      model: draft.spec!, // drafts share a non-null group key, so each has a spec
      seed: seedOf(members[k]!),
      ...(draft.pruning ? { pruning: draft.pruning } : {}),
      ...(draft.peers.length > 0 ? { peers: draft.peers.map((n) => index.get(n)!) } : {}),
    })),
  };
}
