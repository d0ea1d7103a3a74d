// The media module's own access rules. A photo is read by its token, which is
// unguessable and given only to those who may see the record it is attached to; any
// signed-in caller holding it may read it (the route's service checks sign-in).

/** The tokens among those attached that the attaching user did not upload (or that do not exist). */
export function tokensNotOwnedBy(
  userId: number,
  tokens: readonly string[],
  files: ReadonlyArray<{ token: string; owner_user_id: number }>,
): string[] {
  const owned = new Set(files.filter((f) => f.owner_user_id === userId).map((f) => f.token));
  return tokens.filter((t) => !owned.has(t));
}
