/** What a loaded image set looks like: size, classes with their counts, and a few thumbnails per class. */
import { useEffect, useRef } from 'react';
import type { LoadedImages } from '../../data/images/loadImageSet';

const THUMBNAILS_PER_CLASS = 6;
const CLASSES_SHOWN = 10;

/** Draws one image (HWC floats in [0, 1]) onto a canvas, scaled up without smoothing so pixels stay crisp. */
function Thumbnail({ images, row }: { images: LoadedImages; row: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { size, channels, data } = images;
  useEffect(() => {
    const context = ref.current?.getContext('2d');
    if (!context) return;
    const pixels = context.createImageData(size, size);
    const offset = row * size * size * channels;
    for (let p = 0; p < size * size; p++) {
      for (let c = 0; c < 3; c++) pixels.data[p * 4 + c] = Math.round(255 * data.features[offset + p * channels + (channels === 3 ? c : 0)]!);
      pixels.data[p * 4 + 3] = 255;
    }
    context.putImageData(pixels, 0, 0);
  }, [size, channels, data, row]);
  return <canvas ref={ref} width={size} height={size} className="thumbnail" />;
}

export function ImageSummary({ images }: { images: LoadedImages }) {
  const { data, size, channels, classCounts } = images;
  const examples = data.task.classNames.slice(0, CLASSES_SHOWN).map((name, k) => {
    const rows: number[] = [];
    for (let r = 0; r < data.numRows && rows.length < THUMBNAILS_PER_CLASS; r++) if (data.targets[r] === k) rows.push(r);
    return { name, rows };
  });
  return (
    <div className="summary">
      <p>
        <strong>{images.name}</strong>: {data.numRows.toLocaleString('en')} images, {size}×{size} {channels === 1 ? 'grey' : 'colour'}
        {' · '}task: <strong data-testid="task-kind">{data.task.kind}</strong> ({data.task.classNames.length} classes)
        {images.testRows && ` · ${images.testRows.length.toLocaleString('en')} official test images kept for the final score`}
      </p>
      <p className="muted">Class balance: {data.task.classNames.map((name, k) => `${name} ${classCounts[k]}`).join(' · ')}</p>
      <div className="thumbnails" aria-label="Example images">
        {examples.map(({ name, rows }) => (
          <div key={name} className="thumbnail-row">
            <span className="thumbnail-label">{name}</span>
            {rows.map((r) => (
              <Thumbnail key={r} images={images} row={r} />
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}
