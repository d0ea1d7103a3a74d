import type { Card } from './tables.ts';

/**
 * The three-colour card (三色预警, after 瓯海's 督考 system) as a pure rule.
 *
 * While the gap is open the card follows the clock — green until the deadline, yellow once it
 * has passed, red once it is more than redAfterHours late — but never goes down: a card
 * given stays given, whatever time passes or wherever the deadline is moved. When the gap
 * closes the order ends: on time it stays green; late (yellow or red) it ends yellow, so a red
 * card turns yellow only then.
 */

const RANK: Record<Card, number> = { green: 0, yellow: 1, red: 2 };

export const worse = (a: Card, b: Card): Card => (RANK[a] >= RANK[b] ? a : b);

/** The card the clock gives at a moment. */
export function cardAt(now: Date, deadline: Date, redAfterHours: number): Card {
  const late = now.getTime() - deadline.getTime();
  if (late > redAfterHours * 3_600_000) return 'red';
  if (late > 0) return 'yellow';
  return 'green';
}

/** The card of an open order with its gap still open. */
export function openCard(current: Card, now: Date, deadline: Date, redAfterHours: number): Card {
  return worse(current, cardAt(now, deadline, redAfterHours));
}

/** The card an order ends with when its gap closes at a moment. */
export function closingCard(current: Card, closedAt: Date, deadline: Date, redAfterHours: number): Card {
  return openCard(current, closedAt, deadline, redAfterHours) === 'green' ? 'green' : 'yellow';
}
