import type { MessageProvider, OutgoingMessage, SendOutcome } from './types.ts';

export interface RetryOptions {
  /** Tries in all, the first included. Default 3. */
  attempts?: number;
  /** The cap of the first wait; it doubles each time. Default 1 000 ms. */
  baseDelayMs?: number;
  /** No wait is drawn above this. Default 30 000 ms. */
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** [0, 1); injected so tests can pin the jitter. */
  random?: () => number;
}

export interface RetryResult {
  outcome: SendOutcome;
  attempts: number;
}

/** The wait before try n (n ≥ 2): a random time below min(max, base·2^(n−2)), "full jitter". */
export function backoffDelayMs(
  attempt: number,
  options: { baseDelayMs: number; maxDelayMs: number; random?: () => number },
): number {
  const random = options.random ?? Math.random;
  return Math.floor(random() * Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt - 2)));
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends, and sends again only while the provider answers 'retryable', waiting a random time up to
 * base·2^(n-1) ("full jitter") so that many senders after one outage do not retry in step.
 * 'sent' and 'refused' end it at once.
 */
export async function sendWithRetry(
  provider: MessageProvider,
  message: OutgoingMessage,
  options: RetryOptions = {},
): Promise<RetryResult> {
  const attempts = Math.max(1, Math.floor(options.attempts ?? 3));
  const base = options.baseDelayMs ?? 1_000;
  const cap = options.maxDelayMs ?? 30_000;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;

  let outcome: SendOutcome = { status: 'retryable', code: 'NOT_TRIED', detail: '' };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await sleep(backoffDelayMs(attempt, { baseDelayMs: base, maxDelayMs: cap, random }));
    try {
      outcome = await provider.send(message);
    } catch (error) {
      // Providers answer with outcomes; a throw is a bug or an unforeseen failure, worth one more try.
      outcome = {
        status: 'retryable',
        code: 'EXCEPTION',
        detail: error instanceof Error ? error.message : String(error),
      };
    }
    if (outcome.status !== 'retryable') return { outcome, attempts: attempt };
  }
  return { outcome, attempts };
}
