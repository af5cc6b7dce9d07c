/**
 * The search-space editor's draft: one row of text fields per parameter, so a half-typed number is not
 * lost, the conversion of those rows into a SearchSpace with readable problems, and the grid's size in words.
 */
import { gridSize } from '../../engine/space/grid';
import { parseSpace } from '../../engine/space/parse';
import { SearchSpaceError } from '../../engine/space/validate';
import { modelSpaceProblems } from '../../search/modelSpec';
import type { ParamSpec, ParamValue, SearchSpace } from '../../engine/space/types';

export interface DraftRow {
  readonly name: string;
  readonly kind: ParamSpec['kind'];
  /** Comma-separated choices (categorical). */
  readonly choices: string;
  readonly low: string;
  readonly high: string;
  readonly step: string;
  readonly log: boolean;
  /** Condition: active only when `conditionParam` is ≥ (atLeast) or = (equals) `conditionValue`; '' for none. */
  readonly conditionParam: string;
  readonly conditionKind: 'atLeast' | 'equals';
  readonly conditionValue: string;
}

export const emptyRow = (name: string): DraftRow => ({
  name,
  kind: 'float',
  choices: '',
  low: '0',
  high: '1',
  step: '',
  log: false,
  conditionParam: '',
  conditionKind: 'equals',
  conditionValue: '',
});

const formatChoice = (v: ParamValue) => String(v);

/** Reads a choice as a number or boolean when it looks like one, else as text. */
export function parseChoice(text: string): ParamValue {
  const trimmed = text.trim();
  if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true';
  const n = Number(trimmed);
  return trimmed !== '' && Number.isFinite(n) ? n : trimmed;
}

export function rowsFromSpace(space: SearchSpace): DraftRow[] {
  return space.params.map((p) => ({
    ...emptyRow(p.name),
    kind: p.kind,
    choices: p.kind === 'categorical' ? p.choices.map(formatChoice).join(', ') : '',
    low: p.kind === 'categorical' ? '' : String(p.low),
    high: p.kind === 'categorical' ? '' : String(p.high),
    step: p.kind !== 'categorical' && p.step !== undefined ? String(p.step) : '',
    log: p.kind !== 'categorical' && p.log === true,
    conditionParam: p.condition?.param ?? '',
    conditionKind: p.condition?.kind ?? 'equals',
    conditionValue: p.condition ? String(p.condition.value) : '',
  }));
}

const numberOrText = (text: string): number | string => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text);

/** The space the rows describe, or the problems that stop it being one. */
export function spaceFromRows(rows: readonly DraftRow[]): { space: SearchSpace } | { problems: string[] } {
  const raw = {
    params: rows.map((row) => ({
      name: row.name.trim(),
      kind: row.kind,
      ...(row.kind === 'categorical'
        ? { choices: row.choices.split(',').filter((c) => c.trim() !== '').map(parseChoice) }
        : { low: numberOrText(row.low), high: numberOrText(row.high), ...(row.log ? { log: true } : {}), ...(row.step.trim() !== '' ? { step: numberOrText(row.step) } : {}) }),
      ...(row.conditionParam
        ? { condition: { kind: row.conditionKind, param: row.conditionParam, value: row.conditionKind === 'atLeast' ? numberOrText(row.conditionValue) : parseChoice(row.conditionValue) } }
        : {}),
    })),
  };
  try {
    const space = parseSpace(raw);
    const problems = modelSpaceProblems(space);
    return problems.length > 0 ? { problems } : { space };
  } catch (error) {
    const problems = (error as { problems?: string[] }).problems;
    return { problems: problems ?? [String(error)] };
  }
}

/**
 * The grid's size in words for the editor's summary. Counted (gridSize), never enumerated: the summary is
 * recomputed on every keystroke, and a typed range of 10^12 integers must not freeze the page.
 */
export function gridSummary(space: SearchSpace): string {
  try {
    return `${gridSize(space).toLocaleString('en')} grid points`;
  } catch (error) {
    if (error instanceof SearchSpaceError && space.params.some((p) => p.kind === 'float' && p.step === undefined)) return 'no grid (a float without a step is continuous)';
    return `no grid (${error instanceof SearchSpaceError ? error.problems.join('; ') : String(error)})`;
  }
}
