/**
 * Turns a folder of images (dropped as a directory, or packed in a zip) into labelled images: the class
 * of an image is the name of the folder that directly holds it, the usual "one folder per class" layout
 * (Keras `image_dataset_from_directory`, torchvision `ImageFolder`). A single folder wrapping the class
 * folders (`pets/cats/…`, `pets/dogs/…`) is recognised as a root and looked through.
 */
import { DataError } from '../errors';
import { hasImageExtension } from './imageHeader';
import { isJunkPath, readZip, type ReadZipOptions } from './zip';

export interface FileEntry {
  /** '/'-separated path relative to what was dropped, e.g. a File's webkitRelativePath or a zip entry name. */
  readonly path: string;
  readonly bytes: Uint8Array;
}

export interface LabelledImage {
  readonly path: string;
  readonly bytes: Uint8Array;
  /** Index into `classNames`. */
  readonly label: number;
}

export interface LabelledImages {
  /** Where the images came from (the zip or folder name), for messages. */
  readonly source: string;
  /** The folder wrapping all class folders, '' when there is none. */
  readonly root: string;
  /** Class folder names, sorted, in label order. */
  readonly classNames: readonly string[];
  /** Sorted by path, so the row order does not depend on the order files were listed in. */
  readonly images: readonly LabelledImage[];
  /** Files without an image extension, left out (the count, and a few names to show). */
  readonly skippedFiles: number;
  readonly skippedExamples: readonly string[];
  /** Images lying in the root itself rather than in a class folder, left out. */
  readonly unlabelled: readonly string[];
}

/** More classes than this is almost always a wrong root (e.g. one folder per image). */
export const MAX_CLASSES = 100;

const LAYOUT_HINT = 'Put each class in its own folder, e.g. pets/cats/1.png and pets/dogs/2.png, and drop the folder above them (or a zip of it).';

function describeSkipped(skipped: number, examples: readonly string[]): string {
  if (skipped === 0) return '';
  const names = examples.map((e) => `"${e}"`).join(', ');
  return ` ${skipped.toLocaleString('en-US')} other file${skipped === 1 ? ' was' : 's were'} skipped (${names}${skipped > examples.length ? ', …' : ''}).`;
}

function commonFolder(folders: readonly string[][]): string[] {
  const first = folders[0] ?? [];
  let length = first.length;
  for (const folder of folders) {
    let i = 0;
    while (i < length && i < folder.length && folder[i] === first[i]) i++;
    length = i;
  }
  return first.slice(0, length);
}

/**
 * Labels images by their folder. `alreadySkipped` adds files a zip reader left out (by extension) to the
 * count shown. Throws 'no-images', 'one-class' or 'too-many-classes' with the layout that works.
 */
export function labelImageFolder(entries: readonly FileEntry[], source: string, alreadySkipped: readonly string[] = []): LabelledImages {
  const skipped = [...alreadySkipped];
  const images: FileEntry[] = [];
  for (const entry of entries) {
    const path = entry.path.replace(/\\/g, '/').replace(/^\/+/, '');
    if (isJunkPath(path)) continue;
    if (hasImageExtension(path)) images.push({ path, bytes: entry.bytes });
    else skipped.push(path);
  }
  const skippedExamples = skipped.slice(0, 3);
  if (images.length === 0) {
    const what = entries.length === 0 && skipped.length === 0 ? 'is empty' : 'contains no images (PNG, JPEG, GIF, BMP or WebP files)';
    throw new DataError('no-images', `${source} ${what}.${describeSkipped(skipped.length, skippedExamples)} ${LAYOUT_HINT}`);
  }

  const folders = images.map((image) => image.path.split('/').slice(0, -1));
  const root = commonFolder(folders);
  const byClass = new Map<string, FileEntry[]>();
  const unlabelled: string[] = [];
  images.forEach((image, i) => {
    const folder = folders[i]!;
    if (folder.length === root.length) {
      unlabelled.push(image.path);
      return;
    }
    const className = folder[folder.length - 1]!;
    const members = byClass.get(className) ?? [];
    members.push(image);
    byClass.set(className, members);
  });

  const classNames = [...byClass.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const where = root.length > 0 ? `in the folder "${root.join('/')}"` : 'at the top level';
  if (classNames.length === 0) {
    throw new DataError('one-class', `All ${images.length.toLocaleString('en-US')} images in ${source} are ${where}, so there is only one class. ${LAYOUT_HINT}`);
  }
  if (classNames.length === 1) {
    const loose = unlabelled.length > 0 ? ` (${unlabelled.length} more lie directly ${where})` : '';
    throw new DataError('one-class', `${source} has a single class folder, "${classNames[0]}"${loose}; a classifier needs at least two. ${LAYOUT_HINT}`);
  }
  if (classNames.length > MAX_CLASSES) {
    throw new DataError(
      'too-many-classes',
      `${source} has ${classNames.length.toLocaleString('en-US')} class folders (e.g. ${classNames.slice(0, 3).join(', ')}); Sweeplab trains on at most ${MAX_CLASSES}. Check that each folder is a class and not, say, one folder per image, or merge classes.`,
    );
  }

  const labelled: LabelledImage[] = [];
  classNames.forEach((className, label) => {
    for (const image of byClass.get(className)!) labelled.push({ path: image.path, bytes: image.bytes, label });
  });
  labelled.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { source, root: root.join('/'), classNames, images: labelled, skippedFiles: skipped.length, skippedExamples, unlabelled };
}

/** Reads a zip of class folders and labels its images; only image files are unpacked. */
export async function loadImageZip(data: Uint8Array | ArrayBuffer, source: string, options: Omit<ReadZipOptions, 'include'> = {}): Promise<LabelledImages> {
  const { entries, skipped } = await readZip(data, source, { ...options, include: hasImageExtension });
  return labelImageFolder(entries, source, skipped);
}
