/// <reference types="vitest/config" />
// Build and unit-test configuration. `base: './'` makes the built site work from any sub-path.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { offlinePlugin } from './build-tools/offlinePlugin.ts';

export default defineConfig({
  base: './',
  plugins: [react(), offlinePlugin()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    // tfjs lives only in the worker chunk; it is large by nature, the page bundle is what must stay small.
    chunkSizeWarningLimit: 4000,
    // bench.html is the throughput benchmark page driven by scripts/bench.ts.
    rollupOptions: { input: { main: 'index.html', bench: 'bench.html' } },
  },
  preview: { port: 4173, strictPort: true },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    pool: 'forks',
  },
});
