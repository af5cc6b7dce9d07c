/**
 * Data errors carry a code and a message written for the person who supplied the file: what is wrong,
 * where, and what to do about it. The UI shows the message as it is.
 */
export type DataErrorCode =
  | 'empty-file'
  | 'header-only'
  | 'ragged-row'
  | 'unterminated-quote'
  | 'binary-content'
  | 'duplicate-column'
  | 'no-features'
  | 'bad-target'
  | 'too-few-rows'
  | 'invalid-json'
  | 'not-records'
  | 'bad-encoding'
  | 'too-large'
  | 'too-many-columns'
  | 'cancelled'
  | 'unsupported-file'
  | 'no-images'
  | 'one-class'
  | 'too-many-classes'
  | 'image-decode-failed'
  | 'image-too-large'
  | 'invalid-zip'
  | 'zip-bomb'
  | 'unsafe-path'
  | 'no-text-column'
  | 'too-deep';

export class DataError extends Error {
  constructor(
    readonly code: DataErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DataError';
  }
}
