/**
 * A Vite build plugin with two jobs at the end of a production build:
 * 1. write `precache.json`, the list of every file the site needs (emitted chunks, wasm, styles, the
 *    built-in datasets), which the service worker (public/sw.js) caches on install so the app works
 *    offline after its first visit;
 * 2. print the gzipped size of the page's initial JavaScript (the entry chunk and what it imports
 *    statically; worker chunks and tfjs are excluded), which must stay under 300 KB.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin, Rollup } from 'vite';

type OutputBundle = Rollup.OutputBundle;
type OutputChunk = Rollup.OutputChunk;

const INITIAL_BUDGET_KB = 300;

function initialChunks(bundle: OutputBundle, entry: OutputChunk): OutputChunk[] {
  const seen = new Set<string>();
  const visit = (chunk: OutputChunk) => {
    if (seen.has(chunk.fileName)) return;
    seen.add(chunk.fileName);
    for (const name of chunk.imports) {
      const next = bundle[name];
      if (next?.type === 'chunk') visit(next);
    }
  };
  visit(entry);
  return [...seen].map((name) => bundle[name] as OutputChunk);
}

export function offlinePlugin(publicDir = 'public'): Plugin {
  return {
    name: 'sweeplab-offline',
    apply: 'build',
    generateBundle(_options, bundle) {
      const entry = Object.values(bundle).find((c): c is OutputChunk => c.type === 'chunk' && c.isEntry && c.name === 'main');
      if (entry) {
        const chunks = initialChunks(bundle, entry);
        const gzipped = chunks.reduce((sum, c) => sum + gzipSync(c.code).length, 0);
        const kb = gzipped / 1024;
        const verdict = kb <= INITIAL_BUDGET_KB ? 'within' : 'OVER';
        this.info(`initial page JavaScript: ${kb.toFixed(1)} KB gzipped in ${chunks.length} chunk(s), ${verdict} the ${INITIAL_BUDGET_KB} KB budget`);
      }
      const datasets = readdirSync(join(publicDir, 'datasets')).map((f) => `datasets/${f}`);
      // bench.html and its chunk (built only in the bench mode, build-tools/pages.ts) are benchmark tooling, not part of the app a visitor keeps offline.
      const files = Object.keys(bundle).filter((f) => !/(^|\/)bench[.-]/.test(f));
      const precache = ['./', ...files, ...datasets].sort();
      this.emitFile({ type: 'asset', fileName: 'precache.json', source: JSON.stringify(precache, null, 1) });
    },
  };
}
