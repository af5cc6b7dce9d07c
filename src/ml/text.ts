/**
 * Host-side preparation of token ids (see InputLayout 'tokens'): cutting sequences and vocabulary to what a
 * text model reads, and bag-of-words / TF-IDF rows. Plain TypeScript so the same code can serve a later
 * "try it" form, and so the IDF provably comes from the training rows only.
 */
import { PADDING_TOKEN, UNKNOWN_TOKEN } from '../data/types';

export interface TokenMatrix {
  /** Row-major ids, `sequenceLength` per row. */
  readonly ids: Float32Array;
  readonly sequenceLength: number;
}

/** Ids are ranked by frequency, so keeping ids below `vocabularySize` keeps the most frequent words. */
const cutId = (id: number, vocabularySize: number) => (id >= vocabularySize ? UNKNOWN_TOKEN : id);

/** The first `length` ids of each row, ids ≥ `vocabularySize` replaced by UNKNOWN_TOKEN. */
export function cutTokens(tokens: TokenMatrix, rows: readonly number[], length: number, vocabularySize: number): Int32Array {
  const out = new Int32Array(rows.length * length);
  rows.forEach((row, i) => {
    for (let j = 0; j < length; j++) out[i * length + j] = cutId(tokens.ids[row * tokens.sequenceLength + j]!, vocabularySize);
  });
  return out;
}

/** Visits each non-padding id of a row, after the vocabulary cut. */
function forEachToken(tokens: TokenMatrix, row: number, vocabularySize: number, visit: (id: number) => void): void {
  const start = row * tokens.sequenceLength;
  for (let j = 0; j < tokens.sequenceLength; j++) {
    const id = tokens.ids[start + j]!;
    if (id !== PADDING_TOKEN) visit(cutId(id, vocabularySize));
  }
}

/**
 * Inverse document frequencies from the given (training) rows, smoothed as scikit-learn's TfidfVectorizer
 * smooths them: idf = ln((1 + n) / (1 + df)) + 1, as if one extra document held every word.
 */
export function fitIdf(tokens: TokenMatrix, rows: readonly number[], vocabularySize: number): Float32Array {
  const documentFrequency = new Float64Array(vocabularySize);
  const seen = new Int32Array(vocabularySize).fill(-1);
  rows.forEach((row, i) => {
    forEachToken(tokens, row, vocabularySize, (id) => {
      if (seen[id] === i) return;
      seen[id] = i;
      documentFrequency[id]!++;
    });
  });
  const n = rows.length;
  return Float32Array.from(documentFrequency, (df) => Math.log((1 + n) / (1 + df)) + 1);
}

/**
 * One vocabularySize vector per row: multi-hot (1 where an id occurs) without `idf`, else TF-IDF
 * (count × idf, the row scaled to unit L2 norm as scikit-learn's norm='l2'). Padding is never counted.
 */
export function bagOfWords(tokens: TokenMatrix, rows: readonly number[], vocabularySize: number, idf: Float32Array | null): Float32Array {
  const out = new Float32Array(rows.length * vocabularySize);
  rows.forEach((row, i) => {
    const offset = i * vocabularySize;
    forEachToken(tokens, row, vocabularySize, (id) => {
      out[offset + id] = idf ? out[offset + id]! + 1 : 1;
    });
    if (!idf) return;
    let squares = 0;
    for (let v = 0; v < vocabularySize; v++) {
      const weighted = out[offset + v]! * idf[v]!;
      out[offset + v] = weighted;
      squares += weighted * weighted;
    }
    const norm = Math.sqrt(squares);
    if (norm > 0) for (let v = 0; v < vocabularySize; v++) out[offset + v] = out[offset + v]! / norm;
  });
  return out;
}
