/** The time source of every rule that depends on "now", so tests can move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until moved; for tests and simulations. */
export class ManualClock implements Clock {
  constructor(private current: Date = new Date()) {}
  now() {
    return new Date(this.current);
  }
  set(at: Date) {
    this.current = new Date(at);
  }
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** A new row's creation and update stamps, both the same instant from the clock. */
export function createdNow(at: Date): { created_at: Date; updated_at: Date } {
  return { created_at: at, updated_at: at };
}
