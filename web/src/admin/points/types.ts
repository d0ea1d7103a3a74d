import type { PointsStats, VolunteerStats } from '../../shared/types.ts';

/** A person's points account as staff see it in the list (GET /api/points/accounts). */
export interface PersonAccount {
  id: number;
  userId: number;
  communityId: number | null;
  name: string;
  balance: number;
}

/** The stats as the server gives them to staff: with what people hold now, and hours per team. */
export type AdminPointsStats = PointsStats & { balance: number };
export type AdminVolunteerStats = VolunteerStats & { teams: { teamId: number; name: string; minutes: number; volunteers: number; activities: number }[] };
