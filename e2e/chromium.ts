/**
 * How tests and benchmarks start Chromium. $SWEEPLAB_CHROMIUM overrides the browser; otherwise Debian's
 * /usr/bin/chromium when present, else Playwright's own download.
 */
import { existsSync } from 'node:fs';

export const chromiumExecutable: string | undefined = process.env['SWEEPLAB_CHROMIUM'] ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

/** Flags this sandbox needs (no sandboxing, no background traffic), plus WebGPU; harmless elsewhere. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--enable-unsafe-webgpu',
];
