import { maskPhone } from '../../../platform/personal-data.ts';
import type { Channel, MessageProvider } from './types.ts';

/** The part of a pino logger this needs. */
export interface MessageLogger {
  info(obj: object, msg?: string): void;
}

export interface LoggedMessage {
  id: string;
  /** ISO 8601. */
  at: string;
  channel: Channel;
  phone: string;
  template: string;
  params: Record<string, string>;
}

export interface LogProvider extends MessageProvider {
  readonly name: 'log';
  /** The last messages, newest first, for a development page. */
  recent(): LoggedMessage[];
}

/**
 * The provider for development and for installations without an SMS contract: nothing leaves the
 * machine. The log line masks the number (logs are kept and shipped); the in-memory list keeps it
 * whole, since a developer reads verification codes from it.
 */
export function createLogProvider(options: {
  logger: MessageLogger;
  capacity?: number;
  now?: () => Date;
}): LogProvider {
  const capacity = Math.max(1, options.capacity ?? 200);
  const now = options.now ?? (() => new Date());
  const ring: (LoggedMessage | undefined)[] = new Array(capacity);
  let written = 0;

  return {
    name: 'log',
    async send(message) {
      written += 1;
      const entry: LoggedMessage = {
        id: `log-${written}`,
        at: now().toISOString(),
        channel: message.channel,
        phone: message.phone,
        template: message.template,
        params: { ...message.params },
      };
      ring[(written - 1) % capacity] = entry;
      options.logger.info(
        {
          channel: entry.channel,
          phone: maskPhone(entry.phone),
          template: entry.template,
          params: entry.params,
          id: entry.id,
        },
        message.channel === 'sms' ? 'sms (log provider, not sent)' : 'voice call (log provider, not placed)',
      );
      return { status: 'sent', providerMessageId: entry.id };
    },
    recent() {
      const out: LoggedMessage[] = [];
      for (let i = 0; i < Math.min(written, capacity); i++) {
        const entry = ring[(written - 1 - i) % capacity];
        if (entry) out.push({ ...entry, params: { ...entry.params } });
      }
      return out;
    },
  };
}
