/**
 * Files from a drop or a folder picker, with their paths inside the folder the person chose: a dropped
 * folder is walked through the File System entries API (readEntries returns at most 100 entries a call,
 * so it is called until it returns none).
 */

export interface PathedFile {
  readonly path: string;
  readonly file: File;
}

const readBatch = (reader: FileSystemDirectoryReader) => new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
const fileOf = (entry: FileSystemFileEntry) => new Promise<File>((resolve, reject) => entry.file(resolve, reject));

async function walk(entry: FileSystemEntry, prefix: string, out: PathedFile[]): Promise<void> {
  if (entry.isFile) {
    out.push({ path: `${prefix}${entry.name}`, file: await fileOf(entry as FileSystemFileEntry) });
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  for (let batch = await readBatch(reader); batch.length > 0; batch = await readBatch(reader)) {
    for (const child of batch) await walk(child, `${prefix}${entry.name}/`, out);
  }
}

/** The dropped folder's files (null when no folder was dropped: then the drop is a single file). */
export async function droppedFolder(items: DataTransferItemList): Promise<{ name: string; files: PathedFile[] } | null> {
  // Entries must be taken synchronously, before the first await: the list empties after the event.
  const entries = [...items].map((item) => item.webkitGetAsEntry?.() ?? null).filter((e): e is FileSystemEntry => e !== null);
  if (!entries.some((e) => e.isDirectory)) return null;
  const files: PathedFile[] = [];
  for (const entry of entries) await walk(entry, '', files);
  return { name: entries.length === 1 ? entries[0]!.name : 'dropped folders', files };
}

/** Files from an <input webkitdirectory>: webkitRelativePath starts with the chosen folder's name. */
export function pickedFolder(list: FileList): { name: string; files: PathedFile[] } {
  const files = [...list].map((file) => ({ path: file.webkitRelativePath || file.name, file }));
  return { name: files[0]?.path.split('/')[0] ?? 'folder', files };
}
