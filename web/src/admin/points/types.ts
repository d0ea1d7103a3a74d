import type { PointsStats, VolunteerStats } from '../../shared/types.ts';

export type { PersonAccount } from '../../shared/types.ts';
/** The stats as the server gives them to staff: with what people hold now, and hours per team. */
export type AdminPointsStats = PointsStats;
export type AdminVolunteerStats = VolunteerStats;
