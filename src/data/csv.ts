/**
 * An incremental RFC 4180 CSV/TSV parser: quoted fields, doubled quotes, embedded newlines, CRLF or LF, an
 * optional UTF-8 byte-order mark, and the delimiter detected from the header line. Text arrives in chunks
 * of any size (a file's stream) and each record goes to a sink as soon as it is complete, so a large file
 * never exists as one string or as rows of strings. `parseDelimited` is the whole-text convenience for small
 * inputs and tests; typing the columns is the profiler's job.
 */
import { DataError } from './errors';
import { TableBuilder, type ColumnarTable } from './table/columnar';

export interface RawTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly delimiter: string;
}

/** Receives the header once, then each data row (already checked to have one field per column). */
export interface RecordSink {
  header(columns: readonly string[], delimiter: string): void;
  row(fields: readonly string[]): void;
}

const CANDIDATE_DELIMITERS = [',', '\t', ';', '|'] as const;
const QUOTE = 34;
const LF = 10;
const CR = 13;
/** Characters looked at for the "is this text at all" test. */
const SNIFF_CHARS = 4096;

/** Picks the candidate that occurs most often outside quotes in the first line. */
export function detectDelimiter(text: string): string {
  const scan = new HeaderScan();
  scan.feed(text);
  return scan.delimiter();
}

/** Counts candidate delimiters outside quotes up to the first line end, resumable across chunks. */
class HeaderScan {
  private readonly counts = CANDIDATE_DELIMITERS.map(() => 0);
  private inQuotes = false;
  private scanned = 0;
  complete = false;

  feed(text: string): void {
    for (let i = this.scanned; i < text.length && !this.complete; i++) {
      const ch = text[i];
      if (ch === '"') this.inQuotes = !this.inQuotes;
      else if (!this.inQuotes && (ch === '\n' || ch === '\r')) this.complete = true;
      else if (!this.inQuotes) {
        const k = CANDIDATE_DELIMITERS.indexOf(ch as (typeof CANDIDATE_DELIMITERS)[number]);
        if (k >= 0) this.counts[k]!++;
      }
    }
    this.scanned = text.length;
  }

  delimiter(): string {
    let best = 0;
    this.counts.forEach((count, k) => {
      if (count > this.counts[best]!) best = k;
    });
    return this.counts[best]! > 0 ? CANDIDATE_DELIMITERS[best]! : ',';
  }
}

/** Control characters other than tab, CR and LF mean the file is not text (an image, a zip, a spreadsheet). */
export function looksBinary(text: string): boolean {
  const sample = text.slice(0, SNIFF_CHARS);
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if (code === 0) return true;
    if (code < 32 && code !== 9 && code !== 10 && code !== 13) control++;
  }
  return control > sample.length * 0.01;
}

export function binaryError(fileName: string): DataError {
  return new DataError('binary-content', `${fileName} does not look like text. Sweeplab reads CSV or TSV tables; export spreadsheets as CSV first.`);
}

export class DelimitedParser {
  private buffer = '';
  private started = false;
  private sawText = false;
  private firstChunk = true;
  private delimiterCode = 44;
  private readonly headerScan = new HeaderScan();
  private line = 1;
  /** Non-blank records so far, the header included: what "Row N" counts. */
  private records = 0;
  private columns: string[] = [];
  /** Re-parsing a partial record on every chunk would be quadratic on a huge line; wait for the buffer to double. */
  private waitFor = 0;

  constructor(
    private readonly fileName: string,
    private readonly sink: RecordSink,
  ) {}

  /** Data rows passed to the sink so far. */
  get rowCount(): number {
    return Math.max(0, this.records - 1);
  }

  push(chunk: string): void {
    if (!this.sawText && chunk.trim() !== '') this.sawText = true;
    if (this.firstChunk && chunk !== '') {
      this.firstChunk = false;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    this.buffer += chunk;
    if (this.buffer.length >= this.waitFor) this.drain(false);
  }

  finish(): void {
    this.drain(true);
    const name = this.fileName;
    if (!this.sawText) throw new DataError('empty-file', `${name} is empty. Choose a CSV file with a header row and at least a few data rows.`);
    if (this.records === 0) throw new DataError('empty-file', `${name} has no rows. Choose a CSV file with a header row and at least a few data rows.`);
    if (this.records === 1) throw new DataError('header-only', `${name} has a header row but no data rows.`);
  }

  private start(final: boolean): boolean {
    if (this.started) return true;
    this.headerScan.feed(this.buffer);
    if (!final && (this.buffer.length < SNIFF_CHARS || !this.headerScan.complete)) return false;
    if (this.buffer.trim() === '' && final) return false;
    if (looksBinary(this.buffer)) throw binaryError(this.fileName);
    this.delimiterCode = this.headerScan.delimiter().charCodeAt(0);
    this.started = true;
    return true;
  }

  private drain(final: boolean): void {
    if (!this.start(final)) return;
    const text = this.buffer;
    let pos = 0;
    for (;;) {
      const next = this.record(text, pos, final);
      if (next < 0) break;
      pos = next;
    }
    this.buffer = pos === 0 ? text : text.slice(pos);
    this.waitFor = this.buffer.length > 65_536 ? this.buffer.length * 2 : 0;
  }

  /** Parses one record from `pos`; returns where the next starts, or -1 when the text ends first. */
  private record(text: string, start: number, final: boolean): number {
    const delimiter = this.delimiterCode;
    const fields: string[] = [];
    let pos = start;
    let lines = 0;
    const end = text.length;
    if (pos >= end) return -1;
    for (;;) {
      // At the start of a field.
      let field = '';
      let quoted = false;
      if (pos < end && text.charCodeAt(pos) === QUOTE) {
        quoted = true;
        const quoteLine = this.line + lines;
        let from = pos + 1;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q < 0 || (q + 1 >= end && !final)) {
            if (!final) return -1;
            throw new DataError(
              'unterminated-quote',
              `A quoted field that starts on line ${quoteLine} never closes. Check for a stray double quote (") in that line.`,
            );
          }
          lines += countNewlines(text, from, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            field += text.slice(from, q + 1);
            from = q + 2;
          } else {
            field += text.slice(from, q);
            pos = q + 1;
            break;
          }
        }
      }
      // Unquoted text, or what follows a closing quote, runs to the delimiter or the line end.
      let scan = pos;
      while (scan < end) {
        const ch = text.charCodeAt(scan);
        if (ch === delimiter || ch === LF || ch === CR) break;
        scan++;
      }
      if (scan >= end && !final) return -1;
      field += text.slice(pos, scan);
      fields.push(field);
      if (scan >= end) {
        // The text ends inside this record; an empty last line after a newline is no record at all.
        if (fields.length > 1 || field !== '' || quoted) this.emit(fields);
        this.line += lines;
        return end;
      }
      const ch = text.charCodeAt(scan);
      if (ch === delimiter) {
        pos = scan + 1;
        if (pos >= end && !final) return -1;
        if (pos >= end) {
          fields.push('');
          this.emit(fields);
          this.line += lines;
          return end;
        }
        continue;
      }
      if (ch === CR && scan + 1 >= end && !final) return -1;
      const next = ch === CR && text.charCodeAt(scan + 1) === LF ? scan + 2 : scan + 1;
      this.emit(fields);
      this.line += lines + 1;
      return next;
    }
  }

  private emit(fields: string[]): void {
    // Blank lines (a single empty field) carry no data; trailing newlines produce them too.
    if (fields.length === 1 && fields[0]!.trim() === '') return;
    this.records++;
    if (this.records === 1) {
      this.columns = fields.map((name) => name.trim());
      return;
    }
    if (this.records === 2) this.sink.header(this.checkHeader(), this.delimiterText());
    if (fields.length !== this.columns.length) {
      const width = fields.length;
      throw new DataError(
        'ragged-row',
        `Row ${this.records} of ${this.fileName} has ${width} field${width === 1 ? '' : 's'} but the header has ${this.columns.length}. ` +
          'Every row needs one value per column (quote values that contain the delimiter).',
      );
    }
    this.sink.row(fields);
  }

  private delimiterText(): string {
    return String.fromCharCode(this.delimiterCode);
  }

  /** Checked once the first data row arrives, so a header-only file reports that first. */
  private checkHeader(): string[] {
    const seen = new Set<string>();
    const named = this.columns.map((name, index) => name || `column_${index + 1}`);
    this.columns.forEach((name, index) => {
      const label = name || `(column ${index + 1})`;
      if (seen.has(label) || (name !== '' && named.indexOf(name) !== index)) {
        throw new DataError('duplicate-column', `${this.fileName} has two columns named "${label}". Rename one of them.`);
      }
      seen.add(label);
    });
    this.columns = named;
    return named;
  }
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Whole text → rows of strings as written (small inputs and tests). */
export function parseDelimited(input: string, fileName = 'the file'): RawTable {
  let columns: readonly string[] = [];
  let delimiter = ',';
  const rows: string[][] = [];
  const parser = new DelimitedParser(fileName, {
    header: (names, d) => {
      columns = names;
      delimiter = d;
    },
    row: (fields) => rows.push([...fields]),
  });
  parser.push(input);
  parser.finish();
  return { columns, rows, delimiter };
}

/** A parser that builds the columnar table as records arrive. */
export function columnarParser(fileName: string): { parser: DelimitedParser; result(): ColumnarTable } {
  let builder: TableBuilder | null = null;
  const parser = new DelimitedParser(fileName, {
    header: (names, delimiter) => {
      builder = new TableBuilder(names, delimiter);
    },
    row: (fields) => builder!.add(fields),
  });
  return {
    parser,
    result: () => {
      parser.finish();
      return builder!.finish();
    },
  };
}

/** Whole text → the columnar table. */
export function parseDelimitedColumnar(text: string, fileName = 'the file'): ColumnarTable {
  const { parser, result } = columnarParser(fileName);
  parser.push(text);
  return result();
}
