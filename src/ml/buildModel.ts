/**
 * Builds the tfjs Layers model a ModelSpec describes, for the input a run prepared: one entry point that
 * checks the family can read the input and that the model fits the worker's memory budget, and hands over
 * to its builder in ./families. Seeded initialisers make every build reproducible.
 */
import type * as tf from '@tensorflow/tfjs';
import type { Rng } from '../engine/study/rng';
import { isLearnerArchitecture, type ModelSpec } from '../protocol/training';
import { TrainingError } from './errors';
import { checkCompatible, layoutKindOf, type PreparedInput } from './input';
import type { ModelShape } from './model';
import { checkModelMemory } from './modelSize';
import { buildCnn } from './families/cnn';
import { buildMlp } from './families/mlp';
import { buildTextModel } from './families/text';

/** A ModelShape whose `input` (absent: a table of `inputSize` features) says what the model reads. */
export function preparedInputOf(shape: ModelShape): PreparedInput {
  return shape.input ?? { kind: 'table', features: shape.inputSize };
}

export function buildModel(spec: ModelSpec, shape: ModelShape, rng: Rng): tf.LayersModel {
  const input = preparedInputOf(shape);
  const { architecture } = spec;
  checkCompatible(architecture, layoutKindOf(input));
  // Before any layer allocates its weights: a model past the worker's memory budget fails its trial with a
  // message naming its biggest part, and the study goes on (./modelSize.ts).
  if (!isLearnerArchitecture(architecture)) checkModelMemory(spec, { input, task: shape.task, numClasses: shape.numClasses });
  switch (architecture.kind) {
    case 'mlp':
      return buildMlp(spec, architecture, input, shape, rng);
    case 'cnn':
      return buildCnn(spec, architecture, input, shape, rng);
    case 'bow':
    case 'embedding':
    case 'conv1d':
      return buildTextModel(spec, architecture, input, shape, rng);
    case 'gbdt':
    case 'linear':
    case 'forest':
      // The worker fits these with src/learners (worker/learnerRunner.ts); they have no Layers form.
      throw new TrainingError(`A ${architecture.kind} model is not a network and is fitted without tfjs.`);
  }
}
