/**
 * Loads dropped images (a zip, or a folder's files) in the image worker: progress comes back per stage, an
 * AbortSignal cancels by terminating the worker, and the decoded pixels arrive as transferred buffers.
 */
import type { ImageWorkerRequest, ImageWorkerSource } from '../data/images/imageWorkerMessages';
import type { ImageLoadOptions, ImageLoadProgress, LoadedImages } from '../data/images/loadImageSet';
import { runOneShotWorker } from './oneShotWorker';

export interface ImageLoadCallbacks {
  readonly onProgress?: (progress: ImageLoadProgress) => void;
  readonly signal?: AbortSignal;
}

export function loadImagesInWorker(source: ImageWorkerSource, options: ImageLoadOptions, callbacks: ImageLoadCallbacks = {}): Promise<LoadedImages> {
  const worker = new Worker(new URL('../worker/image.worker.ts', import.meta.url), { type: 'module', name: 'sweeplab-images' });
  const request: ImageWorkerRequest = { id: 1, source, options };
  return runOneShotWorker(worker, request, (done: { images: LoadedImages }) => done.images, {
    ...callbacks,
    crashMessage: 'The image worker failed',
    crashHint: 'Try a smaller image size or fewer images.',
  });
}
