/**
 * A labelled-text table to ModelData: the text column tokenised, a vocabulary fitted on the training rows,
 * and every document encoded as a fixed-length sequence of token ids (InputLayout 'tokens'). The vocabulary
 * travels with the data so an exported model can encode new text the same way.
 */
import { DataError } from '../errors';
import type { ModelData, Task } from '../types';
import { chooseSequenceLength, encodeSequences, fitVocabulary, tokenize, vocabularySize, type Vocabulary } from './tokenize';

/** Enough words for spam-filter-sized corpora; models may search smaller vocabularies (a cut of this one). */
export const MAX_VOCABULARY = 20000;

export interface TextData {
  readonly data: ModelData;
  readonly vocabulary: Vocabulary;
}

export interface TextColumnInput {
  readonly name: string;
  readonly texts: readonly string[];
  /** Class index (or value for regression) per row, already encoded. */
  readonly targets: Float32Array;
  readonly task: Task;
  /** Rows the vocabulary and sequence length are fitted on (the training rows); default all. */
  readonly fitRows?: readonly number[];
}

export function prepareTextData(input: TextColumnInput): TextData {
  const documents = input.texts.map(tokenize);
  const fitRows = input.fitRows ?? documents.map((_, i) => i);
  const vocabulary = fitVocabulary(documents, fitRows, MAX_VOCABULARY);
  if (vocabulary.words.length === 0) {
    throw new DataError(
      'no-text-column',
      `The text column "${input.name}" has no word that occurs in two or more training rows, so there is nothing to learn from. Check that the right column holds the text.`,
    );
  }
  const sequenceLength = chooseSequenceLength(documents, fitRows);
  return {
    vocabulary,
    data: {
      numRows: documents.length,
      numFeatures: sequenceLength,
      featureNames: Array.from({ length: sequenceLength }, (_, i) => `${input.name}[${i}]`),
      features: encodeSequences(documents, vocabulary, sequenceLength),
      targets: input.targets,
      task: input.task,
      input: { kind: 'tokens', sequenceLength, vocabularySize: vocabularySize(vocabulary) },
    },
  };
}
