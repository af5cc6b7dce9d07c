/**
 * One entry point per operation over every non-neural learner (boosted trees, forests, linear models): fit, predict and size a model named by its
 * kind, so the training worker, prediction and export need no switch of their own. A learner's spec is its
 * kind and its parameters; its model is plain data tagged with the same kind.
 */
import type { Rng } from '../engine/study/rng';
import { fitForest, forestSize, predictForest, type ForestModel, type ForestParams } from './forest';
import { fitGbdt, gbdtSize, predictGbdt, type GbdtModel, type GbdtParams } from './gbdt';
import { fitLinear, linearSize, predictLinear, type LinearModel, type LinearParams } from './linear';
import type { Fitted, LearnerData, LearnerHooks, LearnerRows, Predictions } from './types';

export type LearnerSpec =
  | { readonly kind: 'gbdt'; readonly params: GbdtParams }
  | { readonly kind: 'linear'; readonly params: LinearParams }
  | { readonly kind: 'forest'; readonly params: ForestParams };
export type LearnerModel = GbdtModel | LinearModel | ForestModel;

export function fitLearner(spec: LearnerSpec, data: LearnerData, rows: LearnerRows, rng: Rng, hooks?: LearnerHooks): Promise<Fitted<LearnerModel>> {
  switch (spec.kind) {
    case 'gbdt':
      return fitGbdt(data, rows, spec.params, rng, hooks);
    case 'linear':
      return fitLinear(data, rows, spec.params, hooks);
    case 'forest':
      return fitForest(data, rows, spec.params, rng, hooks);
  }
}

/** Outputs for `numRows` raw rows: probabilities n × k for classification, values for regression. */
export function predictLearner(model: LearnerModel, features: Float32Array, numRows: number): Predictions {
  switch (model.kind) {
    case 'gbdt':
      return predictGbdt(model, features, numRows);
    case 'linear':
      return predictLinear(model, features, numRows);
    case 'forest':
      return predictForest(model, features, numRows);
  }
}

/** The model's size: its learned numbers (tree nodes or coefficients) and bytes. */
export function learnerSize(model: LearnerModel): { readonly parameters: number; readonly bytes: number } {
  switch (model.kind) {
    case 'gbdt': {
      const { nodes, bytes } = gbdtSize(model);
      return { parameters: nodes, bytes };
    }
    case 'linear':
      return linearSize(model);
    case 'forest': {
      const { nodes, bytes } = forestSize(model);
      return { parameters: nodes, bytes };
    }
  }
}
