/**
 * A small promise wrapper over IndexedDB: open with an upgrade callback, await a request, and run one
 * transaction as one promise. Every failure comes out as a StudyDbError with words for the person, so
 * callers never see raw DOMExceptions (a full disk in particular reads "Browser storage is full").
 *
 * Transactions are all-or-nothing: if the body throws (our own refusal, an invalid value, a quota error)
 * the transaction is aborted and nothing it wrote survives. Bodies must only await IndexedDB requests of
 * their own transaction; awaiting anything else lets the transaction auto-commit half done.
 */

export type StudyDbErrorCode =
  | 'quota-exceeded'
  | 'trial-finished'
  | 'not-found'
  | 'already-exists'
  | 'invalid-data'
  | 'closed'
  | 'unavailable'
  | 'failed';

export class StudyDbError extends Error {
  constructor(
    readonly code: StudyDbErrorCode,
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'StudyDbError';
  }
}

export const QUOTA_MESSAGE =
  'Browser storage is full: Sweeplab could not save this study. Delete old studies (or free up space for this site in the browser settings) and try again.';

const errorName = (error: unknown): string => (typeof error === 'object' && error !== null && 'name' in error ? String((error as { name: unknown }).name) : '');
const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Maps whatever IndexedDB threw or aborted with onto our typed error. */
export function toStudyDbError(error: unknown): StudyDbError {
  if (error instanceof StudyDbError) return error;
  switch (errorName(error)) {
    case 'QuotaExceededError':
      return new StudyDbError('quota-exceeded', QUOTA_MESSAGE, error);
    case 'ConstraintError':
      return new StudyDbError('already-exists', `That record is already saved (${errorText(error)}).`, error);
    case 'DataError':
    case 'DataCloneError':
      return new StudyDbError('invalid-data', `A value could not be saved: ${errorText(error)}`, error);
    case 'InvalidStateError':
    case 'TransactionInactiveError':
      // Usually the connection was closed: another tab upgraded the database, or the page is unloading.
      return new StudyDbError('closed', 'The study database was closed (perhaps another tab updated Sweeplab); reload the page to save again.', error);
    case 'VersionError':
      return new StudyDbError('unavailable', 'Saved studies were written by a newer version of Sweeplab; reload the page to get it.', error);
    default:
      return new StudyDbError('failed', `Saving studies failed: ${errorText(error)}`, error);
  }
}

/** Resolves with the request's result; an error also aborts its transaction (we never preventDefault). */
export function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('request failed'));
  });
}

export type Upgrade = (db: IDBDatabase, oldVersion: number, tx: IDBTransaction) => void;

export function openDatabase(factory: Pick<IDBFactory, 'open'>, name: string, version: number, upgrade: Upgrade): Promise<IDBDatabase> {
  return new Promise<IDBDatabase>((resolve, reject) => {
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(name, version);
    } catch (error) {
      reject(new StudyDbError('unavailable', `IndexedDB refused to open (${errorText(error)})`, error));
      return;
    }
    request.onupgradeneeded = (event) => {
      try {
        upgrade(request.result, event.oldVersion, request.transaction!);
      } catch (error) {
        request.transaction?.abort();
        reject(toStudyDbError(error));
      }
    };
    request.onblocked = () => {
      // An older tab holds the database open; its versionchange handler closes it, after which we proceed.
    };
    request.onsuccess = () => {
      const db = request.result;
      // A newer Sweeplab in another tab wants to upgrade: step aside rather than block it forever.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    request.onerror = () => reject(toStudyDbError(request.error));
  });
}

/**
 * Runs `body` in one transaction and resolves with its result once the transaction has committed. If the
 * body throws, or the commit fails (e.g. quota), the whole transaction is aborted and the error is typed.
 * `durability: 'strict'` makes the commit wait until the data is flushed to disk (Chromium's default,
 * 'relaxed', may lose the last commits in a power cut or OS crash); browsers without the option ignore it.
 */
export async function transact<T>(
  db: IDBDatabase,
  stores: readonly string[],
  mode: IDBTransactionMode,
  body: (tx: IDBTransaction) => Promise<T>,
  durability?: IDBTransactionDurability,
): Promise<T> {
  let tx: IDBTransaction;
  try {
    tx = durability ? db.transaction([...stores], mode, { durability }) : db.transaction([...stores], mode);
  } catch (error) {
    throw toStudyDbError(error);
  }
  const settled = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new StudyDbError('failed', 'The save was cancelled.'));
  });
  let result: T;
  try {
    result = await body(tx);
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // already aborting because a request failed: nothing more to undo
    }
    await settled.catch(() => undefined);
    throw toStudyDbError(error);
  }
  try {
    await settled;
  } catch (error) {
    throw toStudyDbError(error);
  }
  return result;
}
