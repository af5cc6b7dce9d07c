/** Serves the built site with `vite preview` for benchmarks and scripts, and drives it with Chromium. */
import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, type Browser } from 'playwright';
import { CHROMIUM_ARGS, chromiumExecutable } from '../e2e/chromium';

export interface PreviewServer {
  readonly url: string;
  stop(): void;
}

/** Serves dist/ on `port`, under the sub-path `base` (e.g. '/lab/') to check the build works from any path. */
export async function startPreview(port: number, base = '/'): Promise<PreviewServer> {
  const child: ChildProcess = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1', '--base', base], {
    stdio: 'ignore',
    detached: true,
  });
  const url = `http://127.0.0.1:${port}${base}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      process.kill(-child.pid!, 'SIGTERM');
      throw new Error(`vite preview did not start on ${url}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    stop: () => {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
    },
  };
}

/** Builds nothing: serves the existing dist/ on `port`, launches Chromium, runs `work`, and always cleans up. */
export async function withServedApp<T>(port: number, work: (session: { browser: Browser; url: string }) => Promise<T>): Promise<T> {
  const server = await startPreview(port);
  const browser = await chromium.launch({ ...(chromiumExecutable ? { executablePath: chromiumExecutable } : {}), args: CHROMIUM_ARGS });
  try {
    return await work({ browser, url: server.url });
  } finally {
    await browser.close();
    server.stop();
  }
}

/** Runs a script's main function, printing any error and exiting non-zero on failure. */
export function runScript(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
