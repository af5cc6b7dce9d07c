/**
 * Reads a search space from untrusted JSON (a URL parameter, an imported study): checks every field's type
 * and size before `validateSpace` checks the values, so malformed input yields a SearchSpaceError, never a
 * crash or a half-read space.
 */
import type { Condition, ParamSpec, ParamValue, SearchSpace } from './types';
import { SearchSpaceError, validateSpace } from './validate';

export const MAX_PARAMS = 64;
export const MAX_CHOICES = 256;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isParamValue = (v: unknown): v is ParamValue => (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'string' || typeof v === 'boolean';

function readCondition(raw: unknown, where: string, problems: string[]): Condition | undefined {
  if (raw === undefined) return undefined;
  if (!isRecord(raw) || typeof raw['param'] !== 'string') {
    problems.push(`${where}: a condition needs a "param" name`);
    return undefined;
  }
  if (raw['kind'] === 'atLeast' && typeof raw['value'] === 'number') return { kind: 'atLeast', param: raw['param'], value: raw['value'] };
  if (raw['kind'] === 'equals' && isParamValue(raw['value'])) return { kind: 'equals', param: raw['param'], value: raw['value'] };
  problems.push(`${where}: a condition's kind must be "atLeast" (with a number) or "equals", got ${JSON.stringify(raw['kind'])}`);
  return undefined;
}

function readParam(raw: unknown, index: number, problems: string[]): ParamSpec | null {
  const where = `parameter ${index + 1}`;
  if (!isRecord(raw) || typeof raw['name'] !== 'string' || raw['name'].length === 0 || raw['name'].length > 64) {
    problems.push(`${where} needs a name of 1–64 characters`);
    return null;
  }
  const name = raw['name'];
  const condition = readCondition(raw['condition'], `"${name}"`, problems);
  const base = { name, ...(condition ? { condition } : {}) };
  if (raw['kind'] === 'categorical') {
    const choices = raw['choices'];
    if (!Array.isArray(choices) || choices.length > MAX_CHOICES || !choices.every(isParamValue)) {
      problems.push(`"${name}" needs "choices": a list of at most ${MAX_CHOICES} numbers, strings or booleans`);
      return null;
    }
    return { ...base, kind: 'categorical', choices };
  }
  if (raw['kind'] === 'float' || raw['kind'] === 'int') {
    const { low, high, log, step } = raw;
    if (typeof low !== 'number' || typeof high !== 'number') {
      problems.push(`"${name}" needs numeric "low" and "high"`);
      return null;
    }
    if ((log !== undefined && typeof log !== 'boolean') || (step !== undefined && typeof step !== 'number')) {
      problems.push(`"${name}": "log" must be true or false and "step" a number`);
      return null;
    }
    return { ...base, kind: raw['kind'], low, high, ...(log ? { log } : {}), ...(step !== undefined ? { step } : {}) };
  }
  problems.push(`"${name}" has kind ${JSON.stringify(raw['kind'])}; use "float", "int" or "categorical"`);
  return null;
}

export function parseSpace(raw: unknown): SearchSpace {
  if (!isRecord(raw) || !Array.isArray(raw['params'])) throw new SearchSpaceError(['expected an object with a "params" list']);
  if (raw['params'].length > MAX_PARAMS) throw new SearchSpaceError([`at most ${MAX_PARAMS} parameters, got ${raw['params'].length}`]);
  const problems: string[] = [];
  const params = raw['params'].map((p, i) => readParam(p, i, problems)).filter((p): p is ParamSpec => p !== null);
  if (problems.length > 0) throw new SearchSpaceError(problems);
  const space = { params };
  validateSpace(space);
  return space;
}

export function parseSpaceJson(text: string): SearchSpace {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new SearchSpaceError(['the space is not valid JSON']);
  }
  return parseSpace(raw);
}
