import { api } from '../../shared/api.ts';
import type { Team, TeamSummary } from '../../shared/types.ts';
import { useAsync } from '../../shared/useAsync.ts';

/**
 * The teams the signed-in user leads (they may announce activities for them). The
 * list does not say one's role, so each team of the area is asked; an area has few.
 */
export function useLedTeams(): Team[] | undefined {
  const teams = useAsync(async (signal) => {
    const { items } = await api.get<{ items: TeamSummary[] }>('/api/volunteer/teams', undefined, signal);
    const details = await Promise.all(items.map((team) => api.get<Team>(`/api/volunteer/teams/${team.id}`, undefined, signal).catch(() => null)));
    return details.filter((team): team is Team => team?.myRole === 'leader');
  }, []);
  return teams.data;
}
