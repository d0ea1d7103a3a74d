/** A text for LIKE / ILIKE with its wildcards (%, _) and the escape character (\) taken literally. */
export function escapeLike(text: string): string {
  return text.replace(/[%_\\]/g, '\\$&');
}

/** "%text%": contains the text, wildcards in it taken literally. */
export const containsLike = (text: string) => `%${escapeLike(text)}%`;

/** Whether an update's patch sets anything: an empty PATCH is a no-op, not `update … set` with nothing. */
export function hasChanges(patch: object): boolean {
  return Object.values(patch).some((v) => v !== undefined);
}
