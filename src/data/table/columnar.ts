/**
 * The in-memory table: one compact array per column instead of rows of strings (500,000 × 100 cells as JS
 * strings would take gigabytes). A column whose every non-missing cell reads as a finite number is a
 * Float64Array (NaN = missing); any other column is dictionary codes into its distinct trimmed values.
 * Only the first PREVIEW_ROWS rows keep their original text, for the preview.
 */

/** Code of a missing cell in a text column. */
export const MISSING_CODE = 0xffffffff;
/** Marker of a missing cell in the small text shadow a number column may keep. */
const SHADOW_MISSING = 255;
/** Distinct values a number column remembers as text (beyond that, numbers alone describe it). */
const SHADOW_LEVELS = 255;
export const PREVIEW_ROWS = 20;

export type ColumnData =
  | {
      readonly type: 'number';
      readonly values: Float64Array;
      /**
       * The cells' own text, kept only when it has few distinct values and some are not what String(number)
       * would print ("1.0", "007"), so class names and distinct counts stay true to the file.
       */
      readonly text: { readonly codes: Uint8Array; readonly levels: readonly string[] } | null;
    }
  | { readonly type: 'text'; readonly codes: Uint32Array; readonly levels: readonly string[] };

export interface ColumnarTable {
  readonly columns: readonly string[];
  readonly numRows: number;
  readonly data: readonly ColumnData[];
  /** The first rows as they were written in the file. */
  readonly preview: readonly (readonly string[])[];
  /** ',', '\t', ';', '|' or 'json'. */
  readonly delimiter: string;
}

/** What the UI reads of rows: how many, and the first few as text. */
export interface RowsView {
  readonly length: number;
  slice(start?: number, end?: number): string[][];
}

export type TableWithRows = ColumnarTable & { readonly rows: RowsView };

const MISSING_TOKENS = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '?']);

/** `value` must already be trimmed; the tokens are at most four characters, which skips most cells quickly. */
export const isMissingTrimmed = (value: string): boolean => value.length <= 4 && MISSING_TOKENS.has(value.toLowerCase());

/** Accumulates one column cell by cell, as a number column until a cell says otherwise. */
export class ColumnBuilder {
  private length = 0;
  private numbers: Float64Array | null = new Float64Array(1024);
  private shadow: Uint8Array | null = new Uint8Array(1024);
  private codes: Uint32Array | null = null;
  private levels: string[] = [];
  private index = new Map<string, number>();

  add(cell: string): void {
    const value = cell.trim();
    const r = this.length++;
    const missing = isMissingTrimmed(value);
    if (this.numbers) {
      const v = missing ? Number.NaN : Number(value);
      if (missing || Number.isFinite(v)) {
        if (r >= this.numbers.length) this.numbers = grow(this.numbers);
        this.numbers[r] = v;
        if (this.shadow) this.addShadow(r, missing ? null : value);
        return;
      }
      this.toText(r);
    }
    if (r >= this.codes!.length) this.codes = grow(this.codes!);
    this.codes![r] = missing ? MISSING_CODE : this.code(value);
  }

  private code(value: string): number {
    let code = this.index.get(value);
    if (code === undefined) {
      code = this.levels.length;
      this.levels.push(value);
      this.index.set(value, code);
    }
    return code;
  }

  private addShadow(r: number, value: string | null): void {
    if (r >= this.shadow!.length) this.shadow = grow(this.shadow!);
    if (value === null) {
      this.shadow![r] = SHADOW_MISSING;
      return;
    }
    if (!this.index.has(value) && this.levels.length >= SHADOW_LEVELS) {
      // Too many distinct numbers to keep as text: the numbers are the column from here on.
      this.shadow = null;
      this.levels = [];
      this.index.clear();
      return;
    }
    this.shadow![r] = this.code(value);
  }

  /** The first cell that is not a number turns the column into text; earlier cells keep their text if known. */
  private toText(upTo: number): void {
    const codes = new Uint32Array(Math.max(1024, this.numbers!.length));
    if (this.shadow) {
      for (let r = 0; r < upTo; r++) codes[r] = this.shadow[r] === SHADOW_MISSING ? MISSING_CODE : this.shadow[r]!;
    } else {
      for (let r = 0; r < upTo; r++) {
        const v = this.numbers![r]!;
        codes[r] = Number.isNaN(v) ? MISSING_CODE : this.code(String(v));
      }
    }
    this.codes = codes;
    this.numbers = null;
    this.shadow = null;
  }

  get rows(): number {
    return this.length;
  }

  finish(): ColumnData {
    if (this.numbers) {
      const values = this.numbers.slice(0, this.length);
      const faithful = this.shadow && this.levels.some((level) => String(Number(level)) !== level);
      return { type: 'number', values, text: faithful ? { codes: this.shadow!.slice(0, this.length), levels: this.levels } : null };
    }
    return { type: 'text', codes: this.codes!.slice(0, this.length), levels: this.levels };
  }
}

function grow<T extends Float64Array | Uint8Array | Uint32Array>(array: T): T {
  const bigger = new (array.constructor as new (n: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}

/** Builds a table from a header and rows of text as they arrive; validation is the caller's job. */
export class TableBuilder {
  private readonly builders: ColumnBuilder[];
  private readonly preview: string[][] = [];
  private numRows = 0;

  constructor(
    private readonly columns: readonly string[],
    private readonly delimiter: string,
  ) {
    this.builders = columns.map(() => new ColumnBuilder());
  }

  add(fields: readonly string[]): void {
    if (this.numRows < PREVIEW_ROWS) this.preview.push([...fields]);
    for (let c = 0; c < this.builders.length; c++) this.builders[c]!.add(fields[c] ?? '');
    this.numRows++;
  }

  get rows(): number {
    return this.numRows;
  }

  finish(): ColumnarTable {
    return { columns: this.columns, numRows: this.numRows, data: this.builders.map((b) => b.finish()), preview: this.preview, delimiter: this.delimiter };
  }
}

/** A column as codes into distinct text values, whatever its storage (number columns print their values). */
export interface TextView {
  readonly codes: ArrayLike<number>;
  readonly levels: readonly string[];
}

export function textView(column: ColumnData): TextView {
  if (column.type === 'text') return column;
  if (column.text) {
    const codes = Uint32Array.from(column.text.codes, (c) => (c === SHADOW_MISSING ? MISSING_CODE : c));
    return { codes, levels: column.text.levels };
  }
  const levels: string[] = [];
  const index = new Map<number, number>();
  const codes = new Uint32Array(column.values.length);
  column.values.forEach((v, r) => {
    if (Number.isNaN(v)) {
      codes[r] = MISSING_CODE;
      return;
    }
    let code = index.get(v);
    if (code === undefined) {
      code = levels.length;
      levels.push(String(v));
      index.set(v, code);
    }
    codes[r] = code;
  });
  return { codes, levels };
}

/** A cell's trimmed text ('' when missing), for small lookups only. */
export function cellText(column: ColumnData, row: number): string {
  if (column.type === 'text') {
    const code = column.codes[row]!;
    return code === MISSING_CODE ? '' : column.levels[code]!;
  }
  if (column.text) {
    const code = column.text.codes[row]!;
    return code === SHADOW_MISSING ? '' : column.text.levels[code]!;
  }
  const v = column.values[row]!;
  return Number.isNaN(v) ? '' : String(v);
}

/** Adds the rows view the UI reads: the preview's own text where it has it, the columns' text beyond. */
export function withRows(table: ColumnarTable): TableWithRows {
  const row = (r: number): string[] => (r < table.preview.length ? [...table.preview[r]!] : table.data.map((column) => cellText(column, r)));
  const rows: RowsView = {
    length: table.numRows,
    slice(start = 0, end = table.numRows) {
      const from = Math.max(0, start < 0 ? table.numRows + start : start);
      const to = Math.min(table.numRows, end < 0 ? table.numRows + end : end);
      return Array.from({ length: Math.max(0, to - from) }, (_, i) => row(from + i));
    },
  };
  return { ...table, rows };
}

/** Builds a table from rows already in memory (JSON records, tests). */
export function tableFromRows(columns: readonly string[], rows: Iterable<readonly string[]>, delimiter: string): ColumnarTable {
  const builder = new TableBuilder(columns, delimiter);
  for (const row of rows) builder.add(row);
  return builder.finish();
}
