import type { z } from 'zod';
import type { DeliberationDeps } from './communities.ts';
import * as repo from './repository.ts';
import * as votesRepo from './repository-votes.ts';
import type * as S from './schema.ts';
import { votePhase } from './tally.ts';

/** How many votes and decisions a community's public page (公示) shows, newest first. */
const PUBLIC_LIMIT = 20;

/**
 * What anyone may read of a community's deliberation, with no session: each vote's notice (公示:
 * title, question, times, rule) and, once counted, its result — counts by option and by area and
 * the reckoning — and the decisions with their progress. Never who voted, who wrote, or who may vote.
 */
export class DeliberationPublicReads {
  constructor(private readonly d: DeliberationDeps) {}

  async votes(communityId: number) {
    const now = this.d.clock.now();
    const rows = await votesRepo.listVotes(this.d.db, [communityId], null, PUBLIC_LIMIT * 2);
    return rows
      .filter((v) => v.status !== 'cancelled' && v.notice_at <= now)
      .slice(0, PUBLIC_LIMIT)
      .map((v) => {
        const phase = votePhase(v, now);
        // Tallies only once counted, as for residents: no running count sways anyone.
        const result = v.status === 'counted' ? (v.result as z.infer<typeof S.VoteView>['result']) : null;
        return {
          id: v.id,
          title: v.title,
          question: v.question,
          options: v.options.map((o) => ({ key: o.key, label: o.label })),
          electorate: v.electorate,
          ballotUnit: v.ballot_unit,
          rule: v.rule,
          phase,
          noticeAt: v.notice_at.toISOString(),
          opensAt: v.opens_at.toISOString(),
          closesAt: v.closes_at.toISOString(),
          voters: v.voters,
          totalAreaM2: Number(v.total_area_centi) / 100,
          result: result
            ? {
                tallies: result.tallies.map((x) => ({
                  key: x.key,
                  label: x.label,
                  ballots: x.ballots,
                  areaM2: x.areaM2,
                })),
                reckoning: result.reckoning,
                countedAt: result.countedAt,
              }
            : null,
        };
      });
  }

  async decisions(communityId: number) {
    const rows = await repo.listDecisions(this.d.db, { communityIds: [communityId] }, null, PUBLIC_LIMIT);
    return Promise.all(
      rows.slice(0, PUBLIC_LIMIT).map(async (r) => ({
        id: r.id,
        title: r.title,
        text: r.text,
        status: r.status,
        progress: r.progress,
        createdAt: r.created_at.toISOString(),
        updatedAt: r.updated_at.toISOString(),
        // The progress written by staff, without who wrote it.
        updates: (await repo.updatesOf(this.d.db, r.id)).map((u) => ({
          status: u.status,
          progress: u.progress,
          note: u.note,
          at: u.created_at.toISOString(),
        })),
      })),
    );
  }
}
