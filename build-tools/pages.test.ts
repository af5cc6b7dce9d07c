import { describe, expect, it } from 'vitest';
import type { ConfigEnv, UserConfig } from 'vite';
import viteConfig from '../vite.config.ts';
import { BENCH_MODE, buildPages } from './pages.ts';

const inputFor = (mode: string) => {
  const env: ConfigEnv = { command: 'build', mode, isSsrBuild: false, isPreview: false };
  const config = (viteConfig as (env: ConfigEnv) => UserConfig)(env);
  return config.build?.rollupOptions?.input;
};

describe('buildPages', () => {
  it('leaves bench.html out of the production build and keeps it for the bench mode', () => {
    expect(buildPages('production')).toEqual({ main: 'index.html' });
    expect(buildPages(BENCH_MODE)).toEqual({ main: 'index.html', bench: 'bench.html' });
    expect(inputFor('production')).toEqual({ main: 'index.html' });
    expect(inputFor('bench')).toEqual({ main: 'index.html', bench: 'bench.html' });
  });
});
