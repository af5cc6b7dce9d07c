/**
 * A small ZIP reader for image datasets dropped into the browser. It reads the central directory (the
 * authoritative list of entries) and unpacks stored and deflated entries with the platform's
 * DecompressionStream, so no library is needed.
 *
 * A zip comes from a stranger, so nothing in its headers is trusted: paths are checked before any data is
 * touched, inflation is metered and stopped the moment an entry or the archive grows past its budget, and
 * every entry's CRC-32 is checked. Every refusal is a DataError saying what is wrong and what to do.
 */
import { DataError } from '../errors';
import { crc32 } from './crc32';

export interface ZipEntry {
  /** Normalised path: '/'-separated, no leading slash, no '.' segments. */
  readonly path: string;
  readonly bytes: Uint8Array;
}

export interface ZipLimits {
  readonly maxEntries: number;
  /** Total unpacked bytes of the entries we extract, declared and actual. */
  readonly maxTotalBytes: number;
  /** Unpacked ÷ packed size allowed per entry, once the entry is past `ratioFloorBytes`. */
  readonly maxRatio: number;
  /** Entries may always unpack to this much: tiny blank images legitimately compress 1000:1. */
  readonly ratioFloorBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 200_000, maxTotalBytes: 1024 ** 3, maxRatio: 200, ratioFloorBytes: 1024 ** 2 };

export interface ReadZipOptions {
  readonly limits?: Partial<ZipLimits>;
  /** Which files to unpack; the others are listed in `skipped` without being inflated. Default: all. */
  readonly include?: (path: string) => boolean;
  readonly signal?: AbortSignal;
  /** Called after each unpacked entry: a big archive takes seconds (each entry is its own inflate stream). */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ZipContents {
  readonly entries: readonly ZipEntry[];
  /** Files left out by `include` (junk such as __MACOSX/ and directories are dropped silently). */
  readonly skipped: readonly string[];
}

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;
/** Compressed input is fed in slices this big, so one slice can inflate to at most ~1032× this before we look. */
const INFLATE_SLICE = 16 * 1024;

const METHOD_NAMES: Record<number, string> = { 9: 'Deflate64', 12: 'bzip2', 14: 'LZMA', 93: 'Zstandard', 95: 'XZ', 98: 'PPMd' };
const REZIP_HINT = 'Unzip it and zip the folder again with your system\'s "Compress" / "Send to → Compressed folder" or `zip -r`.';

/** OS litter that is never data: Finder's resource forks and folder settings, Explorer's thumbnails. */
export function isJunkPath(path: string): boolean {
  const segments = path.split('/');
  const file = segments[segments.length - 1] ?? '';
  return segments.some((s) => s === '__MACOSX') || file.startsWith('.') || /^(thumbs\.db|desktop\.ini)$/i.test(file);
}

interface CentralEntry {
  readonly path: string;
  readonly flags: number;
  readonly method: number;
  readonly crc: number;
  readonly packedSize: number;
  readonly size: number;
  readonly localOffset: number;
  readonly directory: boolean;
}

const u16 = (b: Uint8Array, at: number): number => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number): number => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

function invalid(name: string, what: string): DataError {
  return new DataError('invalid-zip', `${name} ${what}`);
}

function cancelled(): DataError {
  return new DataError('cancelled', 'Reading the zip was cancelled.');
}

/** Latest end-of-central-directory record whose comment length reaches exactly to the end of the file. */
function findEndRecord(bytes: Uint8Array, name: string): number {
  const lowest = Math.max(0, bytes.length - EOCD_SIZE - 0xffff);
  for (let at = bytes.length - EOCD_SIZE; at >= lowest; at--) {
    if (u32(bytes, at) === EOCD_SIGNATURE && at + EOCD_SIZE + u16(bytes, at + 20) === bytes.length) return at;
  }
  const hint = bytes.length >= 4 && u32(bytes, 0) === LOCAL_SIGNATURE ? 'starts like a zip but its end is missing, so the download or copy was probably cut short. Download or copy it again.' : `is not a zip file. Choose a .zip of class folders, or drop the folder itself.`;
  throw invalid(name, hint);
}

/** Decodes a file name: UTF-8 when flagged or valid, else Windows-1252 (close enough to old DOS code pages for labels). */
function decodeName(raw: Uint8Array, utf8Flag: boolean): string {
  if (!utf8Flag) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(raw);
    } catch {
      return new TextDecoder('windows-1252').decode(raw);
    }
  }
  return new TextDecoder('utf-8').decode(raw);
}

/**
 * Turns an entry name into a safe relative path. Backslashes are read as separators first (some Windows
 * tools write them), so `..\evil` is caught like `../evil`.
 */
export function normaliseZipPath(raw: string, name: string): string {
  const unsafe = (why: string): DataError =>
    new DataError('unsafe-path', `${name} contains an entry "${raw}" ${why}. Sweeplab refuses zips like this because they can be used to trick unpackers; zip just the dataset folder again.`);
  if (raw.includes('\0')) throw unsafe('with a NUL character in its name');
  const path = raw.replace(/\\/g, '/');
  if (path.startsWith('/')) throw unsafe('with an absolute path');
  if (/^[A-Za-z]:/.test(path)) throw unsafe('with a drive letter');
  const segments = path.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..')) throw unsafe('that points outside the archive (".." in its path)');
  return segments.join('/');
}

function readCentralDirectory(bytes: Uint8Array, name: string, limits: ZipLimits): CentralEntry[] {
  const end = findEndRecord(bytes, name);
  const count = u16(bytes, end + 10);
  const dirSize = u32(bytes, end + 12);
  const dirOffset = u32(bytes, end + 16);
  const zip64 = end >= 20 && u32(bytes, end - 20) === ZIP64_LOCATOR_SIGNATURE;
  if (zip64 || dirOffset === 0xffffffff || dirSize === 0xffffffff) {
    throw invalid(name, 'is a ZIP64 archive (made for more than 65,535 files or 4 GB), which Sweeplab does not read. Zip a smaller part of the dataset, under 4 GB and 65,535 files.');
  }
  if (u16(bytes, end + 4) !== 0 || u16(bytes, end + 6) !== 0 || u16(bytes, end + 8) !== count) {
    throw invalid(name, 'is one part of a split (multi-volume) archive. Join the parts into a single .zip and try again.');
  }
  if (count > limits.maxEntries) {
    throw new DataError('too-large', `${name} lists ${count.toLocaleString('en-US')} files; Sweeplab reads at most ${limits.maxEntries.toLocaleString('en-US')}. Zip a smaller subset of the images.`);
  }
  if (dirOffset + dirSize > end) throw invalid(name, 'is damaged: its table of contents points past the end of the file. Download or copy it again.');

  const entries: CentralEntry[] = [];
  let at = dirOffset;
  for (let i = 0; i < count; i++) {
    if (at + CENTRAL_SIZE > end || u32(bytes, at) !== CENTRAL_SIGNATURE) {
      throw invalid(name, `is damaged: entry ${i + 1} of its table of contents is unreadable. Download or copy it again.`);
    }
    const flags = u16(bytes, at + 8);
    const nameLength = u16(bytes, at + 28);
    const next = at + CENTRAL_SIZE + nameLength + u16(bytes, at + 30) + u16(bytes, at + 32);
    if (next > end) throw invalid(name, 'is damaged: its table of contents runs past its end. Download or copy it again.');
    const rawName = decodeName(bytes.subarray(at + CENTRAL_SIZE, at + CENTRAL_SIZE + nameLength), (flags & 0x800) !== 0);
    const packedSize = u32(bytes, at + 20);
    const size = u32(bytes, at + 24);
    const localOffset = u32(bytes, at + 42);
    if (packedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) {
      throw invalid(name, `uses ZIP64 sizes for "${rawName}", which Sweeplab does not read. Zip a smaller part of the dataset, under 4 GB.`);
    }
    entries.push({ path: normaliseZipPath(rawName, name), flags, method: u16(bytes, at + 10), crc: u32(bytes, at + 16), packedSize, size, localOffset, directory: /[\\/]$/.test(rawName) });
    at = next;
  }
  return entries;
}

/** Where an entry's packed data starts, read from its local header (whose name/extra lengths may differ). */
function dataStart(bytes: Uint8Array, entry: CentralEntry, name: string): number {
  const at = entry.localOffset;
  if (at + LOCAL_SIZE > bytes.length || u32(bytes, at) !== LOCAL_SIGNATURE) {
    throw invalid(name, `is damaged: the data of "${entry.path}" is missing. Download or copy it again.`);
  }
  const start = at + LOCAL_SIZE + u16(bytes, at + 26) + u16(bytes, at + 28);
  if (start + entry.packedSize > bytes.length) throw invalid(name, `is cut short inside "${entry.path}". Download or copy it again.`);
  return start;
}

/**
 * Inflates raw deflate data, giving up as soon as the output passes `limit`. Input goes in small slices
 * because a stream may inflate a whole written chunk before we can read (and refuse) any of it.
 */
async function inflateMetered(packed: Uint8Array, limit: number, onTooBig: () => DataError, onCorrupt: () => DataError): Promise<Uint8Array> {
  const stream = new DecompressionStream('deflate-raw');
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const pump = (async () => {
    for (let at = 0; at < packed.length; at += INFLATE_SLICE) await writer.write(packed.slice(at, at + INFLATE_SLICE));
    await writer.close();
  })();
  // Errors of the pump resurface from reader.read(); this keeps them from being reported as unhandled.
  pump.catch(() => undefined);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let result: ReadableStreamReadResult<Uint8Array>;
    try {
      result = await reader.read();
    } catch {
      throw onCorrupt();
    }
    if (result.done) break;
    total += result.value.length;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw onTooBig();
    }
    chunks.push(result.value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

function checkOverlaps(picked: readonly CentralEntry[], starts: readonly number[], name: string): void {
  const spans = picked.map((e, i) => ({ from: e.localOffset, to: starts[i]! + e.packedSize, path: e.path })).sort((a, b) => a.from - b.from);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i]!.from < spans[i - 1]!.to) {
      throw new DataError('zip-bomb', `${name} has entries that share the same data ("${spans[i - 1]!.path}" and "${spans[i]!.path}"), a trick used by zip bombs. Sweeplab will not unpack it; zip the images again with a normal tool.`);
    }
  }
}

/** Reads a zip archive, returning the unpacked files we were asked for. Throws DataError on anything suspect. */
export async function readZip(data: Uint8Array | ArrayBuffer, name: string, options: ReadZipOptions = {}): Promise<ZipContents> {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  const limits: ZipLimits = { ...DEFAULT_ZIP_LIMITS, ...options.limits };
  const include = options.include ?? (() => true);
  const central = readCentralDirectory(bytes, name, limits);

  const picked: CentralEntry[] = [];
  const skipped: string[] = [];
  for (const entry of central) {
    if (entry.directory || entry.path === '' || isJunkPath(entry.path)) continue;
    if (include(entry.path)) picked.push(entry);
    else skipped.push(entry.path);
  }

  const mb = (n: number): string => `${(n / 1024 ** 2).toLocaleString('en-US', { maximumFractionDigits: 0 })} MB`;
  const declared = picked.reduce((sum, e) => sum + e.size, 0);
  if (declared > limits.maxTotalBytes) {
    throw new DataError('zip-bomb', `${name} says it unpacks to ${mb(declared)}, more than the ${mb(limits.maxTotalBytes)} Sweeplab will unpack in a browser tab. Zip a smaller subset of the images (or smaller images).`);
  }
  for (const entry of picked) {
    if (entry.flags & 0x1 || entry.method === 99) {
      throw invalid(name, `is password-protected ("${entry.path}" is encrypted). Unzip it with the password and zip the folder again without one.`);
    }
    if (entry.method !== 0 && entry.method !== 8) {
      const method = METHOD_NAMES[entry.method] ?? `method ${entry.method}`;
      throw invalid(name, `compresses "${entry.path}" with ${method}, which browsers cannot unpack. ${REZIP_HINT}`);
    }
  }
  const starts = picked.map((e) => dataStart(bytes, e, name));
  checkOverlaps(picked, starts, name);

  const entries: ZipEntry[] = [];
  let total = 0;
  for (let i = 0; i < picked.length; i++) {
    if (options.signal?.aborted) throw cancelled();
    const entry = picked[i]!;
    const packed = bytes.subarray(starts[i]!, starts[i]! + entry.packedSize);
    const entryBudget = Math.max(limits.ratioFloorBytes, entry.packedSize * limits.maxRatio);
    const budget = Math.min(entryBudget, limits.maxTotalBytes - total);
    const tooBig = (): DataError =>
      budget < entryBudget
        ? new DataError('zip-bomb', `${name} unpacks to more than ${mb(limits.maxTotalBytes)} (reached at "${entry.path}"), more than Sweeplab will unpack in a browser tab. Zip a smaller subset of the images.`)
        : new DataError('zip-bomb', `"${entry.path}" in ${name} expands more than ${limits.maxRatio}-fold, which real images do not; the zip looks like a zip bomb. Sweeplab stopped unpacking it; use a zip you trust.`);
    let content: Uint8Array;
    if (entry.method === 0) {
      if (entry.packedSize > budget) throw tooBig();
      content = packed;
    } else {
      content = await inflateMetered(packed, budget, tooBig, () => invalid(name, `is damaged: "${entry.path}" does not unpack. Download or copy it again.`));
    }
    if (content.length !== entry.size) {
      throw invalid(name, `is damaged: "${entry.path}" unpacks to ${content.length} bytes but its header says ${entry.size}. Download or copy it again.`);
    }
    if (crc32(content) !== entry.crc) throw invalid(name, `is damaged: "${entry.path}" fails its checksum (CRC-32). Download or copy it again.`);
    total += content.length;
    entries.push({ path: entry.path, bytes: content });
    options.onProgress?.(i + 1, picked.length);
  }
  return { entries, skipped };
}
