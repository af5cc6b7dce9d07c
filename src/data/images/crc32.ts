/**
 * CRC-32 (the IEEE polynomial used by ZIP, PNG and gzip), to check unpacked zip entries and PNG chunks.
 * Table-driven: one 1 KiB table built on first use, then a byte per step.
 */
let table: Uint32Array | null = null;

function makeTable(): Uint32Array {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
}

/** CRC-32 of `bytes`, optionally continuing from a previous result so data can be checked in pieces. */
export function crc32(bytes: Uint8Array, previous = 0): number {
  table ??= makeTable();
  let crc = ~previous >>> 0;
  for (let i = 0; i < bytes.length; i++) crc = table[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}
