import type { Actor } from './access.ts';
import type { Locale } from './i18n.ts';

/** Who is asking and from where; passed from a route to every service call. */
export interface RequestContext {
  actor: Actor | null;
  locale: Locale;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

/** For work the system does on its own behalf (jobs, the scheduler, seeding). */
export function systemContext(locale: Locale = 'zh-CN'): RequestContext {
  return { actor: null, locale, ip: null, userAgent: 'system', requestId: null };
}
