/**
 * Draws one value for a parameter, honouring log scale and steps; counts a parameter's values and names the
 * k-th, which is all a grid needs (./grid.ts lists values only after counting them).
 */
import type { Rng } from '../study/rng';
import type { ParamSpec, ParamValue } from './types';

/** Rounding to a step in floating point leaves tails like 0.30000000000000004; trim them to the step's precision. */
function roundToStepPrecision(value: number, step: number): number {
  const decimals = Math.max(0, Math.ceil(-Math.log10(step)) + 2);
  return Number(value.toFixed(Math.min(decimals, 15)));
}

function steppedValue(low: number, step: number, index: number): number {
  return roundToStepPrecision(low + index * step, step);
}

export function sampleParam(param: ParamSpec, rng: Rng): ParamValue {
  switch (param.kind) {
    case 'categorical':
      return param.choices[Math.floor(rng.next() * param.choices.length)]!;
    case 'float': {
      if (param.step !== undefined) {
        const count = Math.floor((param.high - param.low) / param.step + 1e-9);
        return steppedValue(param.low, param.step, rng.int(0, count));
      }
      if (param.log) {
        const logLow = Math.log(param.low);
        return Math.exp(logLow + rng.next() * (Math.log(param.high) - logLow));
      }
      return param.low + rng.next() * (param.high - param.low);
    }
    case 'int': {
      const step = param.step ?? 1;
      if (param.log) {
        // Sample uniformly in log space over [low − 0.5, high + 0.5] so the end points get their fair share.
        const logLow = Math.log(param.low - 0.5);
        const logHigh = Math.log(param.high + 0.5);
        const value = Math.round(Math.exp(logLow + rng.next() * (logHigh - logLow)));
        return Math.min(param.high, Math.max(param.low, value));
      }
      const count = Math.floor((param.high - param.low) / step);
      return param.low + rng.int(0, count) * step;
    }
  }
}

/**
 * How many values a parameter can take (Infinity for a continuous float), counted without listing them;
 * `valueAt(param, k)` is the k-th in grid order. They agree with `sampleParam` and `gridValues` (./grid.ts), so a
 * drawn value and an enumerated one compare equal.
 */
export function valueCount(param: ParamSpec): number {
  switch (param.kind) {
    case 'categorical':
      return param.choices.length;
    case 'int':
      return Math.floor((param.high - param.low) / (param.step ?? 1)) + 1;
    case 'float':
      return param.step === undefined ? Number.POSITIVE_INFINITY : Math.floor((param.high - param.low) / param.step + 1e-9) + 1;
  }
}

export function valueAt(param: ParamSpec, index: number): ParamValue {
  switch (param.kind) {
    case 'categorical':
      return param.choices[index]!;
    case 'int':
      return param.low + index * (param.step ?? 1);
    case 'float':
      return steppedValue(param.low, param.step!, index);
  }
}
