/** Messages between the page and the image worker (src/worker/image.worker.ts). */
import type { DataErrorCode } from '../errors';
import type { ImageLoadOptions, ImageLoadProgress, LoadedImages } from './loadImageSet';

export type ImageWorkerSource =
  | { readonly kind: 'zip'; readonly name: string; readonly file: Blob }
  | { readonly kind: 'files'; readonly name: string; readonly files: readonly { readonly path: string; readonly file: Blob }[] };

export interface ImageWorkerRequest {
  readonly id: number;
  readonly source: ImageWorkerSource;
  readonly options: ImageLoadOptions;
}

export type ImageWorkerResponse =
  | { readonly type: 'progress'; readonly id: number; readonly progress: ImageLoadProgress }
  | { readonly type: 'done'; readonly id: number; readonly images: LoadedImages }
  | { readonly type: 'error'; readonly id: number; readonly code: DataErrorCode | null; readonly message: string };
