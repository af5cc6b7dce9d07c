/**
 * Streams a file's bytes into a table: sniffs the first bytes (binary formats, UTF-16), decodes chunk by chunk
 * (UTF-8, replacement characters counted), hashes the bytes for the fingerprint, and feeds a CSV or JSON
 * consumer. A file that is not valid UTF-8 and has no valid multi-byte UTF-8 at all is read again as
 * Windows-1252 (Latin-1 exported by older spreadsheets), with a warning saying so.
 */
import { binaryError, columnarParser } from '../csv';
import { DataError } from '../errors';
import { looksLikeJson, parseJsonRecords } from '../json';
import type { ColumnarTable } from './columnar';
import { Sha256 } from './sha256';

export interface LoadProgress {
  readonly bytesRead: number;
  readonly totalBytes: number;
  readonly rows: number;
}

export interface ReadOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: LoadProgress) => void;
}

export interface ReadTable {
  readonly table: ColumnarTable;
  readonly fingerprint: string;
  readonly warnings: readonly string[];
}

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

const SIGNATURES: [string, number[]][] = [
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['a ZIP archive (or an .xlsx workbook)', [0x50, 0x4b, 0x03, 0x04]],
  ['a PDF document', [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ['a gzip archive', [0x1f, 0x8b]],
  ['an old Excel (.xls) workbook', [0xd0, 0xcf, 0x11, 0xe0]],
];

export function cancelledError(): DataError {
  return new DataError('cancelled', 'Loading was cancelled.');
}

/** Decides how to read the bytes from the first few kilobytes, or rejects them. */
export function sniffEncoding(head: Uint8Array, fileName: string): Encoding {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  for (const [what, signature] of SIGNATURES) {
    if (signature.every((byte, i) => head[i] === byte)) {
      throw new DataError('binary-content', `${fileName} does not look like text: it is ${what}. Sweeplab reads CSV, TSV or JSON tables.`);
    }
  }
  let zeros = 0;
  let oddZeros = 0;
  let high = 0;
  head.forEach((byte, i) => {
    if (byte === 0) {
      zeros++;
      if (i % 2 === 1) oddZeros++;
    } else if (byte >= 0x80) high++;
  });
  // Text in UTF-16 without a byte-order mark has a zero byte beside nearly every ASCII character.
  if (head.length >= 8 && zeros > head.length * 0.3 && (oddZeros > zeros * 0.9 || oddZeros < zeros * 0.1)) {
    throw new DataError('bad-encoding', `${fileName} seems to be saved as UTF-16 without a byte-order mark. Save it as UTF-8 ("CSV UTF-8" in Excel) and load it again.`);
  }
  if (zeros > 0) throw binaryError(fileName);
  if (head.length >= 64 && high > head.length * 0.3 && !validUtf8(head)) {
    throw new DataError('bad-encoding', `${fileName} is not text in any encoding Sweeplab knows (UTF-8, UTF-16 or Windows-1252). Save it as UTF-8 CSV.`);
  }
  return 'utf-8';
}

function validUtf8(bytes: Uint8Array): boolean {
  // The sample may end inside a character; a fatal decoder in streaming mode tolerates that.
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Receives text chunks and makes the table at the end: CSV/TSV incrementally, JSON as one text. */
function tableConsumer(fileName: string) {
  const json = /\.json$/i.test(fileName);
  let mode: 'undecided' | 'json' | 'csv' = json ? 'json' : 'undecided';
  const pieces: string[] = [];
  const csv = columnarParser(fileName);
  let pending = '';
  const toCsv = (text: string) => {
    if (text !== '') csv.parser.push(text);
  };
  return {
    push(text: string) {
      if (mode === 'json') pieces.push(text);
      else if (mode === 'csv') toCsv(text);
      else {
        pending += text;
        if (pending.replace(/^\uFEFF/, '').trim() === '') return;
        mode = looksLikeJson(pending) ? 'json' : 'csv';
        if (mode === 'json') pieces.push(pending);
        else toCsv(pending);
        pending = '';
      }
    },
    rows: () => (mode === 'csv' ? csv.parser.rowCount : 0),
    finish(): ColumnarTable {
      if (mode === 'json') return parseJsonRecords(pieces.join(''), fileName);
      toCsv(pending);
      return csv.result();
    },
  };
}

const PROGRESS_EVERY_MS = 100;

interface Pass {
  readonly table: ColumnarTable;
  readonly fingerprint: string;
}

/** What a UTF-8 pass saw, kept even when the pass fails. */
interface Utf8Stats {
  replacements: number;
  validNonAscii: boolean;
}

async function readPass(blob: Blob, fileName: string, encoding: Encoding, options: ReadOptions, stats?: Utf8Stats): Promise<Pass> {
  const decoder = new TextDecoder(encoding);
  const consumer = tableConsumer(fileName);
  const hash = new Sha256();
  const reader = blob.stream().getReader();
  let bytesRead = 0;
  let lastReport = 0;
  const count = (text: string) => {
    // Most chunks are plain ASCII; only those with other characters are looked at closely.
    if (!stats || !/[\u0080-\uffff]/.test(text)) return;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 0xfffd) stats.replacements++;
      else if (code >= 0x80) stats.validNonAscii = true;
    }
  };
  try {
    for (;;) {
      if (options.signal?.aborted) throw cancelledError();
      const { done, value } = await reader.read();
      if (done) break;
      bytesRead += value.length;
      hash.update(value);
      const text = decoder.decode(value, { stream: true });
      count(text);
      consumer.push(text);
      const now = Date.now();
      if (options.onProgress && now - lastReport >= PROGRESS_EVERY_MS) {
        lastReport = now;
        options.onProgress({ bytesRead, totalBytes: blob.size, rows: consumer.rows() });
      }
    }
  } finally {
    reader.releaseLock();
  }
  const rest = decoder.decode();
  count(rest);
  consumer.push(rest);
  if (options.signal?.aborted) throw cancelledError();
  const table = consumer.finish();
  options.onProgress?.({ bytesRead, totalBytes: blob.size, rows: table.numRows });
  return { table, fingerprint: hash.hex() };
}

export async function readTableFromBlob(blob: Blob, fileName: string, options: ReadOptions = {}): Promise<ReadTable> {
  const head = new Uint8Array(await blob.slice(0, 8192).arrayBuffer());
  const encoding = sniffEncoding(head, fileName);
  const warnings: string[] = [];
  if (encoding !== 'utf-8') {
    warnings.push(`${fileName} is saved as ${encoding === 'utf-16le' ? 'UTF-16 (little-endian)' : 'UTF-16 (big-endian)'}; it was read as such. UTF-8 is the safer choice for sharing.`);
    const pass = await readPass(blob, fileName, encoding, options);
    return { table: pass.table, fingerprint: pass.fingerprint, warnings };
  }
  const stats: Utf8Stats = { replacements: 0, validNonAscii: false };
  let pass: Pass | null = null;
  try {
    pass = await readPass(blob, fileName, 'utf-8', options, stats);
  } catch (error) {
    // A Latin-1 file can fail for its own reasons (a ragged row); the retry below names its columns properly.
    if (!(error instanceof DataError) || error.code === 'cancelled' || stats.replacements === 0 || stats.validNonAscii) throw error;
  }
  if (pass && stats.replacements === 0) return { table: pass.table, fingerprint: pass.fingerprint, warnings };
  if (pass && stats.validNonAscii) {
    const n = stats.replacements;
    warnings.push(
      `${fileName} mixes encodings: ${n.toLocaleString('en')} character${n === 1 ? ' is not valid UTF-8 and shows' : 's are not valid UTF-8 and show'} as "\uFFFD". ` +
        'Re-save the file as UTF-8 to keep them.',
    );
    return { table: pass.table, fingerprint: pass.fingerprint, warnings };
  }
  const latin = await readPass(blob, fileName, 'windows-1252', options);
  warnings.push(`${fileName} is not valid UTF-8; it was read as Windows-1252 (Latin-1). If accents look wrong, re-save the file as UTF-8.`);
  return { table: latin.table, fingerprint: latin.fingerprint, warnings };
}
