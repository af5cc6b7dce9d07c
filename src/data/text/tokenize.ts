/**
 * Text to token ids: a word tokenizer, a vocabulary fitted on training rows only, and fixed-length id
 * sequences. Ids follow the InputLayout 'tokens' convention (0 padding, 1 unknown, 2… words by falling
 * frequency), so a model that wants a smaller vocabulary just treats every id at or above its size as unknown.
 */
import { PADDING_TOKEN, UNKNOWN_TOKEN } from '../types';

/** Words are runs of letters and digits (any script), with an inner apostrophe kept ("don't"). */
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;
/** Longer "words" are hashes, base64 or URLs run together: they would only bloat the vocabulary. */
const MAX_WORD_LENGTH = 40;

export function tokenize(text: string): string[] {
  const words = text.normalize('NFKC').toLowerCase().match(WORD) ?? [];
  return words.filter((w) => w.length <= MAX_WORD_LENGTH);
}

export interface Vocabulary {
  /** words[i] has id i + 2 (0 and 1 are padding and unknown). */
  readonly words: readonly string[];
}

export const FIRST_WORD_ID = 2;

/**
 * The `maxSize` most frequent words of the training documents that occur in at least `minDocuments` of them
 * (rare words cannot be learned and would leak one-off test words into the model); ties broken by the word,
 * so the vocabulary is the same on every machine.
 */
export function fitVocabulary(documents: readonly (readonly string[])[], fitRows: readonly number[], maxSize: number, minDocuments = 2): Vocabulary {
  const counts = new Map<string, number>();
  const documentCounts = new Map<string, number>();
  for (const row of fitRows) {
    const seen = new Set<string>();
    for (const word of documents[row]!) {
      counts.set(word, (counts.get(word) ?? 0) + 1);
      if (!seen.has(word)) {
        seen.add(word);
        documentCounts.set(word, (documentCounts.get(word) ?? 0) + 1);
      }
    }
  }
  const words = [...counts.keys()]
    .filter((word) => documentCounts.get(word)! >= minDocuments)
    .sort((a, b) => counts.get(b)! - counts.get(a)! || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, Math.max(0, maxSize - FIRST_WORD_ID));
  return { words };
}

/** Total ids a vocabulary uses, padding and unknown included. */
export const vocabularySize = (vocabulary: Vocabulary): number => vocabulary.words.length + FIRST_WORD_ID;

/** A length that covers most documents whole: the 90th percentile of token counts, in [16, 512], a multiple of 16. */
export function chooseSequenceLength(documents: readonly (readonly string[])[], fitRows: readonly number[]): number {
  const lengths = fitRows.map((r) => documents[r]!.length).sort((a, b) => a - b);
  const percentile = lengths.length === 0 ? 0 : lengths[Math.min(lengths.length - 1, Math.floor(0.9 * lengths.length))]!;
  return Math.min(512, Math.max(16, Math.ceil(percentile / 16) * 16));
}

/** Row-major ids, `sequenceLength` per document: the first words kept, padding after. */
export function encodeSequences(documents: readonly (readonly string[])[], vocabulary: Vocabulary, sequenceLength: number): Float32Array {
  const ids = new Map<string, number>(vocabulary.words.map((word, i) => [word, i + FIRST_WORD_ID]));
  const out = new Float32Array(documents.length * sequenceLength).fill(PADDING_TOKEN);
  documents.forEach((words, row) => {
    const n = Math.min(words.length, sequenceLength);
    for (let i = 0; i < n; i++) out[row * sequenceLength + i] = ids.get(words[i]!) ?? UNKNOWN_TOKEN;
  });
  return out;
}
