/**
 * Validates a search space before a study starts, with messages that quote the offending values, so a
 * hand-edited space or an imported study fails early and clearly instead of mid-search.
 */
import type { ParamSpec, SearchSpace } from './types';

export class SearchSpaceError extends Error {
  readonly code = 'invalid-search-space' as const;
  constructor(readonly problems: readonly string[]) {
    super(`Invalid search space: ${problems.join('; ')}`);
    this.name = 'SearchSpaceError';
  }
}

function numericProblems(p: Extract<ParamSpec, { kind: 'float' | 'int' }>): string[] {
  const problems: string[] = [];
  const label = `"${p.name}"`;
  if (!Number.isFinite(p.low) || !Number.isFinite(p.high)) {
    problems.push(`${label} needs finite bounds, got low=${p.low}, high=${p.high}`);
    return problems;
  }
  // A range must be one that arithmetic can step through: counting its values (valueCount) and naming the
  // k-th (valueAt) need a finite width, exact integers, and a step that changes the value it is added to.
  if (!Number.isFinite(p.high - p.low)) {
    problems.push(`${label} spans low=${p.low} to high=${p.high}, a range too wide to step through`);
    return problems;
  }
  if (p.kind === 'int' && (Math.abs(p.low) > Number.MAX_SAFE_INTEGER || Math.abs(p.high) > Number.MAX_SAFE_INTEGER)) {
    problems.push(`${label} is an integer parameter with bounds beyond ±${Number.MAX_SAFE_INTEGER} (low=${p.low}, high=${p.high}), where integers are no longer exact`);
    return problems;
  }
  if (p.low > p.high) problems.push(`${label} has low=${p.low} above high=${p.high}`);
  if (p.log && p.low <= 0) problems.push(`${label} is log-scaled but low=${p.low} is not positive`);
  if (p.kind === 'int' && (!Number.isInteger(p.low) || !Number.isInteger(p.high))) {
    problems.push(`${label} is an integer parameter but has bounds low=${p.low}, high=${p.high}`);
  }
  if (p.step !== undefined) {
    const largest = Math.max(Math.abs(p.low), Math.abs(p.high));
    if (!(p.step > 0) || !Number.isFinite(p.step)) problems.push(`${label} has step=${p.step}; a step must be positive and finite`);
    else if (largest + p.step === largest) {
      problems.push(`${label} has step=${p.step}, which does not move a value as large as ${largest} to the next one`);
    }
    if (p.log) problems.push(`${label} cannot be both log-scaled and stepped (step=${p.step})`);
    if (p.kind === 'int' && !Number.isInteger(p.step)) problems.push(`${label} has a fractional step=${p.step}`);
  }
  return problems;
}

export function validateSpace(space: SearchSpace): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  if (space.params.length === 0) problems.push('the space has no parameters');
  for (const p of space.params) {
    if (!p.name) problems.push('a parameter has an empty name');
    if (seen.has(p.name)) problems.push(`"${p.name}" is declared twice`);
    if (p.condition && !seen.has(p.condition.param)) {
      problems.push(`"${p.name}" depends on "${p.condition.param}", which is not declared before it`);
    }
    seen.add(p.name);
    if (p.kind === 'categorical') {
      if (p.choices.length === 0) problems.push(`"${p.name}" has no choices`);
      if (new Set(p.choices).size !== p.choices.length) {
        problems.push(`"${p.name}" repeats a choice in [${p.choices.join(', ')}]`);
      }
    } else {
      problems.push(...numericProblems(p));
    }
  }
  if (problems.length > 0) throw new SearchSpaceError(problems);
}
