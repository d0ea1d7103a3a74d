import type { SendOutcome } from './types.ts';

export type HttpReply = { ok: true; status: number; body: unknown; text: string } | { ok: false; outcome: SendOutcome };

/**
 * One POST with a deadline. Network failures and timeouts come back as 'retryable' outcomes, so
 * provider code only has to read the provider's answer. A body that is not JSON is kept as text.
 */
export async function postForJson(
  url: string,
  init: { headers: Record<string, string>; body: string; timeoutMs: number },
): Promise<HttpReply> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: init.headers,
      body: init.body,
      signal: AbortSignal.timeout(init.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'TimeoutError' || name === 'AbortError') {
      return {
        ok: false,
        outcome: { status: 'retryable', code: 'TIMEOUT', detail: `no answer within ${init.timeoutMs} ms` },
      };
    }
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, outcome: { status: 'retryable', code: 'NETWORK', detail: `${message}${cause}` } };
  }
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  return { ok: true, status: response.status, body, text };
}

/** An HTTP status alone, when the body says nothing we can read: 5xx and 429 may pass, the rest will not. */
export function outcomeOfStatus(status: number, text: string): SendOutcome {
  const detail = `HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ''}`;
  return status >= 500 || status === 429
    ? { status: 'retryable', code: `HTTP_${status}`, detail }
    : { status: 'refused', code: `HTTP_${status}`, detail };
}
