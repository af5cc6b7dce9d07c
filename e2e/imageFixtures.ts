/**
 * Small labelled image sets for the journeys, made on the fly: grey PNGs of two easily told apart classes
 * ("left": the left half is bright, "right": the right half), with seeded noise, as a folder and as a zip.
 */
import { deflateRawSync, deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildZip, pngChunk } from '../src/data/images/testFiles';

/** An 8-bit grey PNG of `pixels` (row-major, size × size). */
export function greyPng(pixels: Uint8Array, size: number): Uint8Array {
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, size);
  new DataView(ihdr.buffer).setUint32(4, size);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const raw = new Uint8Array(size * (size + 1)); // each scanline starts with filter type 0
  for (let y = 0; y < size; y++) raw.set(pixels.subarray(y * size, (y + 1) * size), y * (size + 1) + 1);
  return Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...pngChunk('IHDR', ihdr), ...pngChunk('IDAT', deflateSync(raw)), ...pngChunk('IEND', new Uint8Array(0))]);
}

/** `perClass` images of each class, with paths like "shapes/left/003.png". */
export function halvesImageSet(perClass: number, size = 16): { path: string; bytes: Uint8Array }[] {
  let state = 12345;
  const noise = () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % 60;
  };
  const files: { path: string; bytes: Uint8Array }[] = [];
  for (const cls of ['left', 'right']) {
    for (let i = 0; i < perClass; i++) {
      const pixels = new Uint8Array(size * size);
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) pixels[y * size + x] = ((x < size / 2) === (cls === 'left') ? 180 : 20) + noise();
      }
      files.push({ path: `shapes/${cls}/${String(i).padStart(3, '0')}.png`, bytes: greyPng(pixels, size) });
    }
  }
  return files;
}

export function zipOf(files: readonly { path: string; bytes: Uint8Array }[]): Buffer {
  return Buffer.from(buildZip(files.map((f) => ({ name: f.path, data: f.bytes, packed: deflateRawSync(f.bytes) }))));
}

/** Writes the set under `dir`; returns the path of its top folder. */
export function writeFolder(dir: string, files: readonly { path: string; bytes: Uint8Array }[]): string {
  for (const f of files) {
    const path = join(dir, f.path);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, f.bytes);
  }
  return join(dir, files[0]!.path.split('/')[0]!);
}
