/**
 * The HTML pages `vite build` writes. The production build holds the app alone: bench.html reads unbounded
 * query values (rounds, suite, backend…) and runs heavy measurements, tooling that has no place on a
 * hosted site. It is built only in the bench mode, `vite build --mode bench`, which `npm run bench` and
 * `npm run bench:throughput` (and the device benchmark, scripts/device) use; otherwise that build is
 * the production build, same code and settings.
 */
export const BENCH_MODE = 'bench';

export function buildPages(mode: string): Record<string, string> {
  return mode === BENCH_MODE ? { main: 'index.html', bench: 'bench.html' } : { main: 'index.html' };
}
