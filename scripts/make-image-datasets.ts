/**
 * Writes the built-in image datasets as Sweeplab image bundles (format: src/data/images/imageBuiltins.ts)
 * into public/datasets. Run with `npx tsx scripts/make-image-datasets.ts`; the output is deterministic.
 *
 * - Digits: public/datasets/digits.csv (8×8, values 0–16) → digits-images.bin.gz, all 1,797 rows, no test split.
 * - Fashion-MNIST: the IDX files of Debian's dataset-fashion-mnist package
 *   (`apt-get install dataset-fashion-mnist`, /usr/share/datasets/fashion-mnist, or a folder given as the
 *   first argument) → fashion-mnist-9k.bin.gz: the first 800 images of each class in the official training
 *   file, then the first 100 of each class in the official test file (the designated test rows). 10,000 +
 *   2,000 would be 5.2 MB compressed; 8,000 + 1,000 keeps the download under 4 MB.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { encodeImageBundle, parseImageBundle } from '../src/data/images/imageBuiltins';

const OUT = new URL('../public/datasets/', import.meta.url);
const FASHION_DIR = process.argv[2] ?? '/usr/share/datasets/fashion-mnist';
const FASHION_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
const TRAIN_PER_CLASS = 800;
const TEST_PER_CLASS = 100;

function write(file: string, bundle: Uint8Array): void {
  parseImageBundle(bundle); // refuse to write anything the app could not read back
  // mtime 0 in the gzip header (Node writes none) keeps the file byte-for-byte reproducible.
  const packed = gzipSync(bundle, { level: 9 });
  writeFileSync(new URL(file, OUT), packed);
  console.log(`${file}: ${bundle.length.toLocaleString('en-US')} bytes → ${packed.length.toLocaleString('en-US')} gzipped`);
}

function makeDigits(): void {
  const lines = readFileSync(new URL('digits.csv', OUT), 'utf8').trim().split('\n');
  const header = lines[0]!.split(',');
  if (header.length !== 65 || header[64] !== 'target') throw new Error('digits.csv: expected 64 pixel columns and a target');
  const rows = lines.slice(1);
  const labels = new Uint8Array(rows.length);
  const pixels = new Uint8Array(rows.length * 64);
  rows.forEach((line, r) => {
    const values = line.split(',').map(Number);
    for (let j = 0; j < 64; j++) {
      const v = values[j]!;
      if (!Number.isInteger(v) || v < 0 || v > 16) throw new Error(`digits.csv row ${r + 2}: pixel ${v} is not an integer 0–16`);
      pixels[r * 64 + j] = v;
    }
    labels[r] = values[64]!;
  });
  const classNames = Array.from({ length: 10 }, (_, d) => String(d));
  write('digits-images.bin.gz', encodeImageBundle({ channels: 1, height: 8, width: 8, pixelMax: 16, classNames, numRows: rows.length, numTest: 0 }, labels, pixels));
}

interface Idx {
  readonly count: number;
  readonly itemSize: number;
  readonly data: Uint8Array;
}

/** Reads a gzipped IDX file (big-endian magic 0x0000080N, N dimensions as u32, then uint8 data). */
function readIdx(file: string): Idx {
  const bytes = gunzipSync(readFileSync(join(FASHION_DIR, file)));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  if (magic >>> 8 !== 0x08) throw new Error(`${file}: not an unsigned-byte IDX file`);
  const dims = Array.from({ length: magic & 0xff }, (_, i) => view.getUint32(4 + 4 * i));
  const itemSize = dims.slice(1).reduce((a, b) => a * b, 1);
  const data = bytes.subarray(4 + 4 * dims.length);
  if (data.length !== dims[0]! * itemSize) throw new Error(`${file}: size does not match its dimensions`);
  return { count: dims[0]!, itemSize, data };
}

/** The first `perClass` indices of each class, in file order (so the pick is reproducible without a seed). */
function firstOfEachClass(labels: Uint8Array, perClass: number): number[] {
  const taken = new Array<number>(10).fill(0);
  const picked: number[] = [];
  labels.forEach((label, i) => {
    if (taken[label]! < perClass) {
      taken[label]!++;
      picked.push(i);
    }
  });
  if (taken.some((t) => t < perClass)) throw new Error('not enough images of every class');
  return picked;
}

function makeFashion(): void {
  if (!existsSync(FASHION_DIR)) {
    console.log(`skipping Fashion-MNIST: ${FASHION_DIR} not found (apt-get install dataset-fashion-mnist)`);
    return;
  }
  const parts = [
    { images: readIdx('train-images-idx3-ubyte.gz'), labels: readIdx('train-labels-idx1-ubyte.gz'), perClass: TRAIN_PER_CLASS },
    { images: readIdx('t10k-images-idx3-ubyte.gz'), labels: readIdx('t10k-labels-idx1-ubyte.gz'), perClass: TEST_PER_CLASS },
  ];
  const picks = parts.map((p) => firstOfEachClass(p.labels.data, p.perClass));
  const numRows = picks[0]!.length + picks[1]!.length;
  const labels = new Uint8Array(numRows);
  const pixels = new Uint8Array(numRows * 784);
  let row = 0;
  parts.forEach((part, k) => {
    if (part.images.itemSize !== 784) throw new Error('Fashion-MNIST images should be 28×28');
    for (const i of picks[k]!) {
      labels[row] = part.labels.data[i]!;
      pixels.set(part.images.data.subarray(i * 784, (i + 1) * 784), row * 784);
      row++;
    }
  });
  const header = { channels: 1 as const, height: 28, width: 28, pixelMax: 255, classNames: FASHION_CLASSES, numRows, numTest: picks[1]!.length };
  write('fashion-mnist-9k.bin.gz', encodeImageBundle(header, labels, pixels));
}

makeDigits();
makeFashion();
