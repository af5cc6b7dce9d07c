/**
 * Lets queued messages (a cancel, say) reach a busy worker. A MessageChannel round trip is a macrotask
 * without setTimeout's 4 ms clamp, so yielding every epoch costs microseconds, not milliseconds.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
