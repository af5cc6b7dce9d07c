/**
 * Which model family can read which input layout, and the shape of the tensors prepared for a run. Kept apart
 * from prepare.ts and the builders so both check compatibility the same way and with the same words.
 */
import type { InputLayout } from '../data/types';
import type { Architecture, ArchitectureKind } from '../protocol/training';
import { TrainingError } from './errors';

/**
 * What a model's input tensor holds after preparation:
 * - table: standardised features [n, features];
 * - image: pixels [n, height, width, channels] in [0, 1];
 * - tokens: int32 ids [n, sequenceLength], every id below vocabularySize;
 * - bow: [n, vocabularySize] multi-hot rows, or TF-IDF rows when `idf` is set.
 */
export type PreparedInput =
  | { readonly kind: 'table'; readonly features: number }
  | { readonly kind: 'image'; readonly height: number; readonly width: number; readonly channels: number }
  | { readonly kind: 'tokens'; readonly sequenceLength: number; readonly vocabularySize: number }
  | { readonly kind: 'bow'; readonly vocabularySize: number; readonly idf: Float32Array | null };

/** The tensor shape of one example (without the batch dimension). */
export function exampleShape(input: PreparedInput): number[] {
  switch (input.kind) {
    case 'table':
      return [input.features];
    case 'image':
      return [input.height, input.width, input.channels];
    case 'tokens':
      return [input.sequenceLength];
    case 'bow':
      return [input.vocabularySize];
  }
}

const FAMILY_NAMES: Record<ArchitectureKind, string> = {
  mlp: 'A dense network (MLP)',
  cnn: 'A convolutional network',
  bow: 'A bag-of-words model',
  embedding: 'An embedding model',
  conv1d: 'A 1-D convolutional text model',
  gbdt: 'A gradient-boosted tree model',
  linear: 'A linear model',
  forest: 'A random forest',
};

const LAYOUT_NAMES: Record<InputLayout['kind'], string> = {
  table: 'a table',
  image: 'images',
  tokens: 'text (token ids)',
};

/** The layouts each family reads: an MLP flattens images; text families need token ids. */
const READS: Record<ArchitectureKind, readonly InputLayout['kind'][]> = {
  mlp: ['table', 'image'],
  cnn: ['image'],
  bow: ['tokens'],
  embedding: ['tokens'],
  conv1d: ['tokens'],
  gbdt: ['table'],
  linear: ['table'],
  forest: ['table'],
};

const NEEDS: Record<ArchitectureKind, string> = {
  mlp: 'a table or images',
  cnn: 'image input',
  bow: 'text (token ids)',
  embedding: 'text (token ids)',
  conv1d: 'text (token ids)',
  gbdt: 'a table',
  linear: 'a table',
  forest: 'a table',
};

/** Families that suit each layout, suggested when a trial picks one that does not. */
const SUITED: Record<InputLayout['kind'], string> = {
  table: 'use the mlp, gbdt, forest or linear family',
  image: 'use the cnn or mlp family',
  tokens: 'use the bow, embedding or conv1d family',
};

/** Throws a TrainingError saying why `architecture` cannot read a `layout` input, e.g. a CNN on a table. */
export function checkCompatible(architecture: Architecture, layout: InputLayout['kind']): void {
  if (READS[architecture.kind].includes(layout)) return;
  throw new TrainingError(`${FAMILY_NAMES[architecture.kind]} needs ${NEEDS[architecture.kind]}; this dataset is ${LAYOUT_NAMES[layout]} (${SUITED[layout]}).`);
}

/** The layout a prepared input came from, for error messages of builders given the wrong tensors. */
export function layoutKindOf(input: PreparedInput): InputLayout['kind'] {
  return input.kind === 'bow' ? 'tokens' : input.kind;
}
