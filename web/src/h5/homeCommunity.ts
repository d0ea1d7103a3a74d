/** The home community of the signed-in user from their roles (residents, merchants), if it is one place. */
export function homeCommunityOf(roles: { divisionId: number | null }[]): number | undefined {
  return roles.find((r) => r.divisionId !== null)?.divisionId ?? undefined;
}
