import { useEffect, useState } from 'react';
import { outbox } from './outbox.ts';
import type { QueuedAction } from './queue.ts';

/**
 * What the phone still holds, in the order taken; follows every change (kept, sent, failed).
 * Undefined until first read from the phone's storage.
 */
export function useOutboxItems(): QueuedAction[] | undefined {
  const [items, setItems] = useState<QueuedAction[]>();
  useEffect(() => {
    let live = true;
    void outbox.items().then((found) => live && setItems(found));
    const stop = outbox.subscribe(setItems);
    return () => {
      live = false;
      stop();
    };
  }, []);
  return items;
}

/** Called with each item the server took (now, or when the network came back) and its answer. */
export function useOutboxSent(listener: (item: QueuedAction, data: unknown) => void, deps: unknown[]) {
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what the listener reads
  useEffect(() => outbox.onSent(listener), deps);
}
