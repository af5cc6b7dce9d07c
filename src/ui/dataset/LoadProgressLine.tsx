/** A load in progress, in words and as a bar: bytes and rows for tables, images unpacked or decoded for image sets. */
import type { ImageLoadProgress } from '../../data/images/loadImageSet';
import type { LoadProgress } from '../../data/table/readBlob';

export function LoadProgressLine({ name, progress }: { name: string; progress: LoadProgress | ImageLoadProgress | undefined }) {
  if (!progress) return <p className="muted">Loading {name}…</p>;
  const [done, total, words] =
    'stage' in progress
      ? [progress.done, progress.total, `${progress.stage === 'unpacking' ? 'unpacking' : 'decoding'} image ${progress.done.toLocaleString('en')} of ${progress.total.toLocaleString('en')}`]
      : [progress.bytesRead, progress.totalBytes, `${(progress.bytesRead / 1e6).toFixed(1)} of ${(progress.totalBytes / 1e6).toFixed(1)} MB, ${progress.rows.toLocaleString('en')} rows`];
  return (
    <p className="muted">
      Loading {name}: {words}{' '}
      <progress max={Math.max(1, total)} value={done} aria-label={`Loading ${name}`} />
    </p>
  );
}
