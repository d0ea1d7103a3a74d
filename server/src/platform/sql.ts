/** A text for LIKE / ILIKE with its wildcards (%, _) and the escape character (\) taken literally. */
export function escapeLike(text: string): string {
  return text.replace(/[%_\\]/g, '\\$&');
}

/** "%text%": contains the text, wildcards in it taken literally. */
export const containsLike = (text: string) => `%${escapeLike(text)}%`;
