/**
 * Tree-structured Parzen Estimator, after Optuna's TPESampler (v3). After `startupTrials` random trials it
 * splits completed trials into the best γ(n) = min(⌈0.1·n⌉, 25) ("below") and the rest ("above"), fits a
 * Parzen estimator l(x) to the first and g(x) to the second, draws `candidates` points from l and keeps the
 * one maximising l(x)/g(x).
 *
 * Independent mode (the default, as in Optuna) models each parameter alone, using only the trials where it
 * was active, so conditional parameters need nothing special. Multivariate mode models the unconditional
 * parameters jointly with product kernels (Falkner et al. 2018), which helps when parameters interact;
 * conditional parameters are still sampled independently.
 */
import { isActive } from '../../space/conditions';
import { finiteSize } from '../../space/finite';
import type { CategoricalParam, ParamSet, ParamSpec, ParamValue, SearchSpace } from '../../space/types';
import { createRng, type Rng } from '../../study/rng';
import type { Trial } from '../../study/types';
import { drawRandomPoint } from '../random';
import type { Sampler, SamplerContext } from '../types';
import { pointKey, spaceExhausted, triedPoints } from '../untried';
import { isNumber, numericDimension, type NumericDimension } from './dimensions';
import { logSumExp } from './normal';
import {
  categoricalEstimator,
  categoricalKernel,
  kernelLogDensities,
  multivariateEstimator,
  numericEstimator,
  numericLogDensity,
  observationWeights,
  PRIOR_WEIGHT,
  type KernelWeighting,
  sampleCategorical,
  sampleKernel,
  sampleNumeric,
} from './parzen';

export interface TpeOptions {
  /** Random trials before TPE takes over (Optuna: 10). */
  readonly startupTrials?: number;
  /** Candidates drawn from l(x) per suggestion (Optuna: 24). */
  readonly candidates?: number;
  readonly multivariate?: boolean;
  /** See KernelWeighting in parzen.ts; 'bandwidth' by default. */
  readonly weighting?: KernelWeighting;
}

export const gamma = (n: number): number => Math.min(Math.ceil(0.1 * n), 25);

interface Split {
  readonly below: readonly Trial[];
  readonly above: readonly Trial[];
}

function splitTrials(context: SamplerContext): Split {
  const done = context.trials.filter((t) => t.state === 'complete' && t.value !== null && Number.isFinite(t.value));
  const sign = context.direction === 'maximize' ? -1 : 1;
  const ranked = [...done].sort((a, b) => sign * (a.value! - b.value!) || a.number - b.number);
  const nBelow = gamma(ranked.length);
  // Weights favour recent trials, so each group is put back in trial order.
  const byNumber = (a: Trial, b: Trial) => a.number - b.number;
  return { below: ranked.slice(0, nBelow).sort(byNumber), above: ranked.slice(nBelow).sort(byNumber) };
}

const choiceIndex = (param: CategoricalParam, value: ParamValue | undefined): number => (value === undefined ? -1 : param.choices.indexOf(value));

/** Chooses one parameter's value by l/g over candidates drawn from l. */
function sampleIndependent(param: ParamSpec, split: Split, candidates: number, weighting: KernelWeighting, rng: Rng): ParamValue {
  if (param.kind === 'categorical') {
    const observed = (trials: readonly Trial[]) => trials.map((t) => choiceIndex(param, t.params[param.name])).filter((i) => i >= 0);
    const below = observed(split.below);
    const above = observed(split.above);
    const l = categoricalEstimator(below, observationWeights(below.length), param.choices.length);
    const g = categoricalEstimator(above, observationWeights(above.length), param.choices.length);
    let best = -1;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < candidates; i++) {
      const c = sampleCategorical(l, rng);
      const score = Math.log(l[c]!) - Math.log(g[c]!);
      if (score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    return param.choices[best]!;
  }
  const dim = numericDimension(param);
  const observed = (trials: readonly Trial[]) => trials.map((t) => t.params[param.name]).filter(isNumber).map(dim.toInternal);
  const below = observed(split.below);
  const above = observed(split.above);
  const l = numericEstimator(below, observationWeights(below.length), dim.low, dim.high, weighting);
  const g = numericEstimator(above, observationWeights(above.length), dim.low, dim.high, weighting);
  let best = Number.NaN;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < candidates; i++) {
    const x = sampleNumeric(l, rng);
    const score = numericLogDensity(l, x) - numericLogDensity(g, x);
    if (score > bestScore) {
      best = x;
      bestScore = score;
    }
  }
  return dim.fromInternal(best);
}

type JointDimension = { readonly param: CategoricalParam } | { readonly param: ParamSpec; readonly numeric: NumericDimension };

/** Joint model of `params` (all unconditional): a mixture over observations of product kernels. */
function sampleMultivariate(params: readonly ParamSpec[], split: Split, candidates: number, weighting: KernelWeighting, rng: Rng): Record<string, ParamValue> {
  const dims: JointDimension[] = params.map((param) => (param.kind === 'categorical' ? { param } : { param, numeric: numericDimension(param) }));
  const build = (trials: readonly Trial[]) => {
    const weights = observationWeights(trials.length);
    const perDim = dims.map((dim) => {
      if (!('numeric' in dim)) {
        const p = dim.param as CategoricalParam;
        return { kind: 'categorical' as const, observed: trials.map((t) => choiceIndex(p, t.params[p.name])), choices: p.choices.length };
      }
      const values = trials.map((t) => dim.numeric.toInternal(t.params[dim.param.name] as number));
      return { kind: 'numeric' as const, estimator: multivariateEstimator(values, weights, dim.numeric.low, dim.numeric.high, dims.length, weighting) };
    });
    const total = weights.reduce((a, b) => a + b, 0) + PRIOR_WEIGHT;
    const logWeights = [...weights, PRIOR_WEIGHT].map((w) => Math.log(w / total));
    return { perDim, logWeights, kernels: trials.length + 1 };
  };
  const logDensity = (model: ReturnType<typeof build>, point: number[]) => {
    const perKernel = [...model.logWeights];
    model.perDim.forEach((d, j) => {
      if (d.kind === 'numeric') {
        kernelLogDensities(d.estimator, point[j]!).forEach((v, k) => (perKernel[k]! += v));
      } else {
        const smoothing = PRIOR_WEIGHT / model.kernels;
        for (let k = 0; k < model.kernels; k++) perKernel[k]! += Math.log(categoricalKernel(k < d.observed.length ? d.observed[k]! : -1, d.choices, smoothing, point[j]!));
      }
    });
    return logSumExp(perKernel);
  };
  const l = build(split.below);
  const g = build(split.above);
  let best: number[] = [];
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < candidates; i++) {
    const weights = l.logWeights.map(Math.exp);
    let u = rng.next();
    let kernel = weights.length - 1;
    for (let k = 0; k < weights.length; k++) {
      u -= weights[k]!;
      if (u <= 0) {
        kernel = k;
        break;
      }
    }
    const point = l.perDim.map((d) => {
      if (d.kind === 'numeric') return sampleKernel(d.estimator, kernel, rng);
      const observed = kernel < d.observed.length ? d.observed[kernel]! : -1;
      const probabilities = Array.from({ length: d.choices }, (_, c) => categoricalKernel(observed, d.choices, PRIOR_WEIGHT / l.kernels, c));
      return sampleCategorical(probabilities, rng);
    });
    const score = logDensity(l, point) - logDensity(g, point);
    if (score > bestScore) {
      best = point;
      bestScore = score;
    }
  }
  return Object.fromEntries(
    dims.map((dim, j) => [dim.param.name, 'numeric' in dim ? dim.numeric.fromInternal(best[j]!) : (dim.param as CategoricalParam).choices[best[j]!]!]),
  );
}

function tpePoint(space: SearchSpace, split: Split, options: Required<TpeOptions>, rng: Rng): ParamSet {
  const values: Record<string, ParamValue> = {};
  if (options.multivariate) {
    const unconditional = space.params.filter((p) => p.condition === undefined);
    Object.assign(values, sampleMultivariate(unconditional, split, options.candidates, options.weighting, rng.fork('joint')));
  }
  for (const param of space.params) {
    if (param.name in values || !isActive(param, values)) continue;
    values[param.name] = sampleIndependent(param, split, options.candidates, options.weighting, rng.fork(param.name));
  }
  // Keep the declared order, so exports read the same whichever mode sampled them.
  return Object.fromEntries(space.params.filter((p) => p.name in values).map((p) => [p.name, values[p.name]!]));
}

const MAX_REDRAWS = 8;

export function createTpeSampler(options: TpeOptions = {}): Sampler {
  const settings: Required<TpeOptions> = {
    startupTrials: options.startupTrials ?? 10,
    candidates: options.candidates ?? 24,
    multivariate: options.multivariate ?? false,
    weighting: options.weighting ?? 'bandwidth',
  };
  return {
    kind: 'tpe',
    capacity: (space) => (Number.isFinite(finiteSize(space)) ? finiteSize(space) : null),
    // Startup draws are random: they stay so even if every unknown trial completed. The model's never do.
    ignoresOutcomes: (context, unknown) => context.trials.filter((t) => t.state === 'complete').length + unknown < settings.startupTrials,
    suggest(context) {
      // A finite space whose every point has been tried (any state, warm starts too) has nothing left to offer.
      const tried = triedPoints(context.space, context.trials);
      if (spaceExhausted(context.space, tried)) return null;
      const random = (tpe: string) => {
        const params = drawRandomPoint(context.space, context.seed, context.trialNumber, context.trials);
        return params ? { params, system: { tpe } } : null;
      };
      const completed = context.trials.filter((t) => t.state === 'complete').length;
      if (completed < settings.startupTrials) return random('startup');
      const split = splitTrials(context);
      const root = createRng(context.seed).fork(`tpe:${context.trialNumber}`);
      for (let attempt = 0; attempt < MAX_REDRAWS; attempt++) {
        const point = tpePoint(context.space, split, settings, root.fork(String(attempt)));
        if (!tried.keys.has(pointKey(point))) return { params: point, system: { tpe: 'model' } };
      }
      // The model keeps proposing tried points (a small, well-explored space): explore instead; on a finite
      // space the random draw falls back to an untried point, so nothing is trained twice.
      return random('fallback-random');
    },
  };
}
