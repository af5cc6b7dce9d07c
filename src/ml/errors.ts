/** Typed errors raised while training; the dispatcher turns them into protocol error codes. */
export class CancelledError extends Error {
  readonly code = 'cancelled' as const;
  constructor() {
    super('Cancelled');
    this.name = 'CancelledError';
  }
}

export class TrainingError extends Error {
  readonly code = 'training-failed' as const;
  constructor(message: string) {
    super(message);
    this.name = 'TrainingError';
  }
}
