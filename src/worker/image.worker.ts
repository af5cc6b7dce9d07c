/**
 * The image worker: unpacks, labels and decodes dropped images off the page's thread (70,000 small images
 * take tens of seconds to decode), posting progress as it goes. One load per worker; the page terminates it
 * to cancel.
 */
import { DataError } from '../data/errors';
import { decodeInBrowser } from '../data/images/browserDecoder';
import { loadImageSet } from '../data/images/loadImageSet';
import type { ImageWorkerRequest, ImageWorkerResponse } from '../data/images/imageWorkerMessages';

const post = (message: ImageWorkerResponse, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(message, transfer);

self.addEventListener('message', (event: MessageEvent<ImageWorkerRequest>) => {
  void handle(event.data);
});

async function handle(request: ImageWorkerRequest): Promise<void> {
  const { id } = request;
  try {
    const source =
      request.source.kind === 'zip'
        ? { kind: 'zip' as const, name: request.source.name, bytes: new Uint8Array(await request.source.file.arrayBuffer()) }
        : { kind: 'files' as const, name: request.source.name, entries: await Promise.all(request.source.files.map(async (f) => ({ path: f.path, bytes: new Uint8Array(await f.file.arrayBuffer()) }))) };
    let lastPost = 0;
    const images = await loadImageSet(source, request.options, decodeInBrowser, (progress) => {
      // Progress after every image would flood the page; ten times a second is plenty for a progress bar.
      const now = performance.now();
      if (now - lastPost < 100 && progress.done < progress.total) return;
      lastPost = now;
      post({ type: 'progress', id, progress });
    });
    post({ type: 'done', id, images }, [images.data.features.buffer as ArrayBuffer, images.data.targets.buffer as ArrayBuffer]);
  } catch (error) {
    post({ type: 'error', id, code: error instanceof DataError ? error.code : null, message: error instanceof Error ? error.message : String(error) });
  }
}
