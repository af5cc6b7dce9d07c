/**
 * A small RFC 4180 CSV/TSV parser: quoted fields, doubled quotes, embedded newlines, CRLF or LF, an optional
 * UTF-8 byte-order mark, and the delimiter detected from the header line. It returns strings; typing the
 * columns is the profiler's job.
 */
import { DataError } from './errors';

export interface RawTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly delimiter: string;
}

const CANDIDATE_DELIMITERS = [',', '\t', ';', '|'] as const;

/** Picks the candidate that occurs most often outside quotes in the first line. */
export function detectDelimiter(text: string): string {
  let best: string = ',';
  let bestCount = 0;
  for (const delimiter of CANDIDATE_DELIMITERS) {
    let count = 0;
    let inQuotes = false;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch === '"') inQuotes = !inQuotes;
      else if (!inQuotes && (ch === '\n' || ch === '\r')) break;
      else if (!inQuotes && ch === delimiter) count++;
    }
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  }
  return best;
}

/** Control characters other than tab, CR and LF mean the file is not text (an image, a zip, a spreadsheet). */
function looksBinary(text: string): boolean {
  const sample = text.slice(0, 4096);
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if (code === 0) return true;
    if (code < 32 && code !== 9 && code !== 10 && code !== 13) control++;
  }
  return control > sample.length * 0.01;
}

function splitRecords(text: string, delimiter: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let inQuotes = false;
  let fieldQuoted = false;
  let line = 1;
  let quoteStartLine = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field === '') {
      inQuotes = true;
      fieldQuoted = true;
      quoteStartLine = line;
    } else if (ch === delimiter) {
      record.push(field);
      field = '';
      fieldQuoted = false;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      fieldQuoted = false;
      line++;
    } else field += ch;
  }
  if (inQuotes) {
    throw new DataError(
      'unterminated-quote',
      `A quoted field that starts on line ${quoteStartLine} never closes. Check for a stray double quote (") in that line.`,
    );
  }
  if (field !== '' || fieldQuoted || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  // Blank lines (a single empty field) carry no data; trailing newlines produce them too.
  return records.filter((r) => !(r.length === 1 && r[0]!.trim() === ''));
}

export function parseDelimited(input: string, fileName = 'the file'): RawTable {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (text.trim() === '') {
    throw new DataError('empty-file', `${fileName} is empty. Choose a CSV file with a header row and at least a few data rows.`);
  }
  if (looksBinary(text)) {
    throw new DataError(
      'binary-content',
      `${fileName} does not look like text. Sweeplab reads CSV or TSV tables; export spreadsheets as CSV first.`,
    );
  }
  const delimiter = detectDelimiter(text);
  const records = splitRecords(text, delimiter);
  if (records.length === 0) {
    throw new DataError('empty-file', `${fileName} has no rows. Choose a CSV file with a header row and at least a few data rows.`);
  }
  const header = records[0]!.map((name) => name.trim());
  if (records.length < 2) {
    throw new DataError('header-only', `${fileName} has a header row but no data rows.`);
  }
  const seen = new Set<string>();
  header.forEach((name, index) => {
    const label = name || `(column ${index + 1})`;
    if (seen.has(label)) {
      throw new DataError('duplicate-column', `${fileName} has two columns named "${label}". Rename one of them.`);
    }
    seen.add(label);
  });
  const columns = header.map((name, index) => name || `column_${index + 1}`);
  for (let r = 1; r < records.length; r++) {
    const width = records[r]!.length;
    if (width !== columns.length) {
      throw new DataError(
        'ragged-row',
        `Row ${r + 1} of ${fileName} has ${width} field${width === 1 ? '' : 's'} but the header has ${columns.length}. ` +
          'Every row needs one value per column (quote values that contain the delimiter).',
      );
    }
  }
  return { columns, rows: records.slice(1), delimiter };
}
