/**
 * Loads dropped images (a zip, or a folder's files) in the image worker: progress comes back per stage, an
 * AbortSignal cancels by terminating the worker (which frees its memory at once), and the decoded pixels
 * arrive as transferred buffers.
 */
import { DataError } from '../data/errors';
import type { ImageWorkerRequest, ImageWorkerResponse, ImageWorkerSource } from '../data/images/imageWorkerMessages';
import type { ImageLoadOptions, ImageLoadProgress, LoadedImages } from '../data/images/loadImageSet';

export interface ImageLoadCallbacks {
  readonly onProgress?: (progress: ImageLoadProgress) => void;
  readonly signal?: AbortSignal;
}

export function loadImagesInWorker(source: ImageWorkerSource, options: ImageLoadOptions, callbacks: ImageLoadCallbacks = {}): Promise<LoadedImages> {
  const { onProgress, signal } = callbacks;
  const cancelled = () => new DataError('cancelled', 'Loading was cancelled.');
  if (signal?.aborted) return Promise.reject(cancelled());
  const worker = new Worker(new URL('../worker/image.worker.ts', import.meta.url), { type: 'module', name: 'sweeplab-images' });
  const id = 1;
  return new Promise<LoadedImages>((resolve, reject) => {
    const finish = () => {
      worker.terminate();
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      finish();
      reject(cancelled());
    };
    signal?.addEventListener('abort', onAbort);
    worker.addEventListener('message', (event: MessageEvent<ImageWorkerResponse>) => {
      const message = event.data;
      if (message.id !== id) return;
      if (message.type === 'progress') return onProgress?.(message.progress);
      finish();
      if (message.type === 'done') resolve(message.images);
      else reject(message.code ? new DataError(message.code, message.message) : new Error(message.message));
    });
    worker.addEventListener('error', (event: ErrorEvent) => {
      finish();
      reject(new Error(`The image worker failed${event.message ? `: ${event.message}` : ''}. Try a smaller image size or fewer images.`));
    });
    const request: ImageWorkerRequest = { id, source, options };
    worker.postMessage(request);
  });
}
