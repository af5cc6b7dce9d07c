/**
 * The browser's storage for this site: ask for it to be persistent (so the browser does not evict saved
 * studies under pressure) and how much is used. Both degrade to null where the API is missing (older
 * Safari, insecure contexts, tests) instead of throwing, since saving still works without them.
 */

export type StorageManagerLike = Partial<Pick<StorageManager, 'persist' | 'persisted' | 'estimate'>>;

const defaultManager = (): StorageManagerLike | undefined => (typeof navigator === 'undefined' ? undefined : navigator.storage);

/**
 * Asks for persistent storage. True: granted (now or earlier); false: refused; null: not supported.
 * Chrome grants it silently to sites the person engages with; Firefox may show a prompt, so call this on a
 * user action such as starting the first study.
 */
export async function requestPersistentStorage(manager: StorageManagerLike | undefined = defaultManager()): Promise<boolean | null> {
  if (!manager?.persist) return null;
  try {
    if (manager.persisted && (await manager.persisted())) return true;
    return await manager.persist();
  } catch {
    return null;
  }
}

export interface StorageUse {
  readonly usageBytes: number;
  readonly quotaBytes: number;
  /** usage / quota, 0–1; null when the browser reports no quota. */
  readonly fraction: number | null;
}

export async function storageEstimate(manager: StorageManagerLike | undefined = defaultManager()): Promise<StorageUse | null> {
  if (!manager?.estimate) return null;
  try {
    const { usage = 0, quota = 0 } = await manager.estimate();
    return { usageBytes: usage, quotaBytes: quota, fraction: quota > 0 ? Math.min(1, usage / quota) : null };
  } catch {
    return null;
  }
}
