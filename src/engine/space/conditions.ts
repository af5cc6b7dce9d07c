/** Evaluates parameter conditions: which parameters are active given the values chosen so far. */
import { assertNever } from '../../shared/assertNever';
import type { Condition, ParamSet, ParamSpec } from './types';

export function conditionHolds(condition: Condition, values: ParamSet): boolean {
  const actual = values[condition.param];
  if (actual === undefined) return false; // the parent is itself inactive
  switch (condition.kind) {
    case 'atLeast':
      return typeof actual === 'number' && actual >= condition.value;
    case 'equals':
      return actual === condition.value;
    default:
      return assertNever(condition, 'condition');
  }
}

export function isActive(param: ParamSpec, values: ParamSet): boolean {
  return param.condition === undefined || conditionHolds(param.condition, values);
}
