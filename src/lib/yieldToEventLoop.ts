/**
 * Resolves after pending messages and timers have had a turn, without the
 * 4 ms clamp of nested setTimeout(0): setImmediate in Node, a MessageChannel
 * in browsers and workers. Long loops (training, evaluation) await it so that
 * a worker can still answer pause, abort and decode requests.
 */
let channel: MessageChannel | null = null;
const waiting: Array<() => void> = [];

const nodeSetImmediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;

export function yieldToEventLoop(): Promise<void> {
  if (nodeSetImmediate) return new Promise((resolve) => nodeSetImmediate(resolve));
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
  }
  const port = channel.port2;
  return new Promise((resolve) => {
    waiting.push(resolve);
    port.postMessage(null);
  });
}
