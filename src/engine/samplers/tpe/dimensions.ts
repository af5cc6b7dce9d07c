/**
 * TPE works in an internal coordinate per numeric parameter: the value itself, or its logarithm for
 * log-scaled ones, with bounds widened by half a step for integers and stepped floats so that the end
 * values get full-width bins. These helpers map between parameter values and that coordinate.
 */
import type { FloatParam, IntParam, ParamValue } from '../../space/types';

export interface NumericDimension {
  readonly low: number;
  readonly high: number;
  toInternal(value: number): number;
  fromInternal(x: number): number;
}

export function numericDimension(param: FloatParam | IntParam): NumericDimension {
  const step = param.kind === 'int' ? (param.step ?? 1) : param.step;
  const half = step !== undefined ? step / 2 : 0;
  const log = param.log === true;
  const low = log ? Math.log(param.low - half) : param.low - half;
  const high = log ? Math.log(param.high + half) : param.high + half;
  const snap = (v: number): number => {
    let value = v;
    if (step !== undefined) value = param.low + Math.round((value - param.low) / step) * step;
    value = Math.min(param.high, Math.max(param.low, value));
    if (param.kind === 'int') return Math.round(value);
    // Trim binary tails of stepped floats (0.30000000000000004) to the step's precision.
    return step !== undefined ? Number(value.toFixed(Math.min(15, Math.max(0, Math.ceil(-Math.log10(step)) + 2)))) : value;
  };
  return {
    low,
    high,
    toInternal: (value) => (log ? Math.log(value) : value),
    fromInternal: (x) => snap(log ? Math.exp(x) : x),
  };
}

export const isNumber = (value: ParamValue | undefined): value is number => typeof value === 'number' && Number.isFinite(value);
