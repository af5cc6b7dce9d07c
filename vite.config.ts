/// <reference types="vitest/config" />
// Build and unit-test configuration. `base: './'` makes the built site work from any sub-path.
// The mode picks the pages: bench.html only under `--mode bench` (build-tools/pages.ts).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { offlinePlugin } from './build-tools/offlinePlugin.ts';
import { buildPages } from './build-tools/pages.ts';

export default defineConfig(({ mode }) => ({
  base: './',
  plugins: [react(), offlinePlugin()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    // tfjs lives only in the worker chunk; it is large by nature, the page bundle is what must stay small.
    chunkSizeWarningLimit: 4000,
    // bench.html (the throughput benchmark page driven by scripts/bench.ts) only in the bench mode.
    rollupOptions: { input: buildPages(mode) },
  },
  preview: { port: 4173, strictPort: true },
  test: {
    include: ['src/**/*.test.ts', 'build-tools/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    pool: 'forks',
  },
}));
