/**
 * Coalesces per-epoch records into at most one message per interval, so a tiny model training hundreds of
 * epochs a second does not flood the main thread. `flush()` sends whatever is pending (at the end of a job).
 */
export function createProgressBuffer<T>(send: (items: T[]) => void, intervalMs = 100, now: () => number = () => performance.now()) {
  let pending: T[] = [];
  let lastSent = Number.NEGATIVE_INFINITY;
  const flush = () => {
    if (pending.length === 0) return;
    const items = pending;
    pending = [];
    lastSent = now();
    send(items);
  };
  return {
    push(item: T) {
      pending.push(item);
      if (now() - lastSent >= intervalMs) flush();
    },
    flush,
  };
}
