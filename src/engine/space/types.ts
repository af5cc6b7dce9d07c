/**
 * Search-space vocabulary: the kinds of parameter a study can search and the values they take.
 * A space is plain JSON so that it round-trips through the study export and, later, the URL.
 */

export type ParamValue = number | string | boolean;
export type ParamSet = Readonly<Record<string, ParamValue>>;

/** A parameter exists only when another parameter's value satisfies this test. */
export type Condition =
  | { readonly kind: 'atLeast'; readonly param: string; readonly value: number }
  | { readonly kind: 'equals'; readonly param: string; readonly value: ParamValue };

interface ParamBase {
  readonly name: string;
  readonly condition?: Condition;
}

export interface FloatParam extends ParamBase {
  readonly kind: 'float';
  readonly low: number;
  readonly high: number;
  readonly log?: boolean;
  readonly step?: number;
}

export interface IntParam extends ParamBase {
  readonly kind: 'int';
  readonly low: number;
  readonly high: number;
  readonly log?: boolean;
  readonly step?: number;
}

export interface CategoricalParam extends ParamBase {
  readonly kind: 'categorical';
  readonly choices: readonly ParamValue[];
}

export type ParamSpec = FloatParam | IntParam | CategoricalParam;

/** Parameters in dependency order: a condition may only refer to a parameter declared before it. */
export interface SearchSpace {
  readonly params: readonly ParamSpec[];
}
