/**
 * The real ImageDecoder, for pages and workers: the browser decodes the file (createImageBitmap), we draw
 * it onto a size × size OffscreenCanvas and read the pixels back as floats in [0, 1]. Node has neither
 * API, so this is covered by the end-to-end tests; everything around it is tested with a fake decoder.
 *
 * Resizing centre-crops the largest central square, then scales it: stretching would squash a landscape
 * photo and a portrait photo of the same object into different shapes, while most datasets keep their
 * subject in the middle. Transparent areas are composited over white, as an image viewer shows them.
 */
import type { ImageDecoder } from './decodeImages';

/** ITU-R BT.601 luma weights, as most image libraries use for "convert to greyscale". */
const LUMA = [0.299, 0.587, 0.114] as const;

export const decodeInBrowser: ImageDecoder = async (bytes, mime, size, channels) => {
  const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mime }));
  try {
    const canvas = new OffscreenCanvas(size, size);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('this browser offers no 2D canvas');
    context.fillStyle = '#fff';
    context.fillRect(0, 0, size, size);
    context.imageSmoothingEnabled = true;
    context.imageSmoothingQuality = 'high';
    const side = Math.min(bitmap.width, bitmap.height);
    context.drawImage(bitmap, (bitmap.width - side) / 2, (bitmap.height - side) / 2, side, side, 0, 0, size, size);
    const rgba = context.getImageData(0, 0, size, size).data;
    const out = new Float32Array(size * size * channels);
    for (let p = 0; p < size * size; p++) {
      const r = rgba[p * 4]!;
      const g = rgba[p * 4 + 1]!;
      const b = rgba[p * 4 + 2]!;
      if (channels === 1) {
        out[p] = Math.min(1, (LUMA[0] * r + LUMA[1] * g + LUMA[2] * b) / 255); // the weights sum to 1 only up to rounding
      } else {
        out[p * 3] = r / 255;
        out[p * 3 + 1] = g / 255;
        out[p * 3 + 2] = b / 255;
      }
    }
    return out;
  } finally {
    bitmap.close();
  }
};
