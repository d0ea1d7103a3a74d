/** Polls fn until it gives something truthy, or fails saying what did not come within ms. */
export async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 5000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
