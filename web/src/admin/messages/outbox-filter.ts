import type { OutboxMessage } from '../../shared/query/self-service.ts';
import { formatDateTime } from '../../shared/time.ts';

export interface OutboxFilter {
  /** Digits of the (masked) number or words of the text. */
  q?: string;
  channel?: OutboxMessage['channel'];
  kind?: string;
  /** Local dates (YYYY-MM-DD in the place's zone), both ends included. */
  from?: string;
  to?: string;
}

/** The outbox's messages that pass the filter; the server keeps the last 200 and filters none. */
export function filterOutbox(items: readonly OutboxMessage[], filter: OutboxFilter): OutboxMessage[] {
  const q = filter.q?.trim();
  return items.filter((m) => {
    const day = formatDateTime(m.at).slice(0, 10);
    return (
      (!q || m.phone.includes(q) || m.text.includes(q)) &&
      (!filter.channel || m.channel === filter.channel) &&
      (!filter.kind || m.kind === filter.kind) &&
      (!filter.from || day >= filter.from) &&
      (!filter.to || day <= filter.to)
    );
  });
}
