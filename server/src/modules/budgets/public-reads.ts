import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import * as repo from './repository.ts';

/** 微实事 / 微创投 on a community's public page: counted rounds and the projects they fund, without proposers. */
export async function publicFundedRounds(db: Kysely<DB>, communityId: number) {
  const rounds = (await repo.listRounds(db, [communityId], null, 20)).filter((r) => r.counted_at !== null);
  return Promise.all(
    rounds.slice(0, 10).map(async (r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      budgetYuan: r.budget_fen / 100,
      countedAt: r.counted_at!.toISOString(),
      projects: (await repo.proposalsOf(db, r.id))
        .filter((p) => p.funded === true)
        .map((p) => ({ id: p.id, title: p.title, costYuan: p.cost_fen / 100, votes: p.votes ?? 0 })),
    })),
  );
}
