/**
 * The fitted encoding of a text task as plain data (the vocabulary and the sequence length, both fitted on the
 * training rows), and new text encoded with it exactly as the training documents were: same tokenizer, same
 * ids (0 padding, 1 unknown), same cut to the sequence length.
 */
import { encodeSequences, tokenize, type Vocabulary } from './tokenize';

export interface TextFeatureEncoder {
  readonly kind: 'text';
  /** The column the text came from, and the target. */
  readonly column: string;
  readonly target: string;
  readonly vocabulary: Vocabulary;
  readonly sequenceLength: number;
}

/** Each text as `sequenceLength` token ids, row-major. */
export function encodeTexts(encoder: TextFeatureEncoder, texts: readonly string[]): Float32Array {
  return encodeSequences(texts.map(tokenize), encoder.vocabulary, encoder.sequenceLength);
}
