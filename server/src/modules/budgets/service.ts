import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { type Actor, assertCanWrite, requireActor, scopeFor } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import { maskName } from '../../platform/personal-data.ts';
import type { AuditService } from '../audit/service.ts';
import type { DeliberationService } from '../deliberation/service.ts';
import type { OrgService } from '../org/service.ts';
import { allocate } from './allocation.ts';
import { publicFundedRounds } from './public-reads.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import type { Phase } from './tables.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

export interface BudgetsDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: AuditService;
  org: OrgService;
  deliberation: DeliberationService;
}

const toFen = (yuan: number) => Math.round(yuan * 100);
const toYuan = (fen: number) => fen / 100;
const placeOf = (r: { community_id: number }) => ({ divisionId: r.community_id, gridId: null });

export function phaseOf(r: repo.RoundRow, now: Date): Phase {
  if (r.counted_at) return 'counted';
  if (now < r.proposals_close_at) return 'proposing';
  if (now < r.voting_opens_at) return 'reviewing';
  if (now < r.voting_closes_at) return 'voting';
  return 'closed';
}

/**
 * Participatory budgets (微实事, 微创投): community staff (budgets.manage) open a round with its
 * budget and times; residents propose projects with their cost while proposals are open; staff
 * judge each feasible or not before voting opens; each resident of the community casts one
 * knapsack ballot (feasible projects costing no more than the budget in all, changeable until
 * voting closes); after it closes staff count once (allocation.ts), and every funded project
 * becomes a tracked decision of the community whose spending is recorded here.
 */
export class BudgetsService {
  constructor(private readonly d: BudgetsDeps) {}

  /** A community's counted rounds and funded projects, for its public page (public-reads.ts). */
  publicFundedRounds(communityId: number) {
    return publicFundedRounds(this.d.db, communityId);
  }

  private managed(actor: Actor | null) {
    return scopeFor(actor, 'budgets.manage').divisionIds;
  }

  /** The community one votes in: where one's registered home is, else the community of a resident grant. */
  private async voterCommunity(actor: Actor): Promise<number | null> {
    if (actor.personId !== null) {
      const home = await this.d.org.personPlace(actor.personId);
      if (home) return home.communityId;
    }
    return actor.grants.find((g) => g.role === 'resident' && g.divisionId !== null)?.divisionId ?? null;
  }

  private async communitiesOf(actor: Actor) {
    const home = await this.voterCommunity(actor);
    return [...new Set([...this.managed(actor), ...(home === null ? [] : [home])])];
  }

  /** A round the caller may see (404 otherwise), with whether they manage it and may vote in it. */
  private async seen(ctx: RequestContext, id: number) {
    const actor = requireActor(ctx.actor);
    const r = await repo.roundById(this.d.db, id);
    if (!r || !(await this.communitiesOf(actor)).includes(r.community_id)) throw new AppError('not_found');
    return {
      r,
      actor,
      manages: this.managed(actor).includes(r.community_id),
      votes: (await this.voterCommunity(actor)) === r.community_id,
    };
  }

  private async summaries(actor: Actor, rows: repo.RoundRow[]): Promise<View<typeof S.RoundSummary>[]> {
    const names = await this.d.org.names({ divisionIds: rows.map((r) => r.community_id) });
    const counts = await repo.countsOf(
      this.d.db,
      rows.map((r) => r.id),
    );
    const now = this.d.clock.now();
    const managed = this.managed(actor);
    const home = await this.voterCommunity(actor);
    return rows.map((r) => ({
      id: r.id,
      community: { id: r.community_id, name: names.divisions.get(r.community_id) ?? '' },
      kind: r.kind,
      title: r.title,
      budgetYuan: toYuan(r.budget_fen),
      phase: phaseOf(r, now),
      proposalsCloseAt: r.proposals_close_at.toISOString(),
      votingOpensAt: r.voting_opens_at.toISOString(),
      votingClosesAt: r.voting_closes_at.toISOString(),
      proposals: counts.proposals.get(r.id) ?? 0,
      ballots: counts.ballots.get(r.id) ?? 0,
      mayManage: managed.includes(r.community_id),
      mayVote: home === r.community_id,
    }));
  }

  async rounds(ctx: RequestContext, q: z.infer<typeof S.RoundListQuery>): Promise<View<typeof S.RoundList>> {
    const actor = requireActor(ctx.actor);
    const mine = await this.communitiesOf(actor);
    const communityIds = q.communityId ? mine.filter((c) => c === q.communityId) : mine;
    // Phases come from the clock, so the filter is applied to what is read, a page at a time.
    const rows = await repo.listRounds(this.d.db, communityIds, decodeCursor(q.cursor)?.id ?? null, 500);
    const now = this.d.clock.now();
    const matching = q.phase ? rows.filter((r) => phaseOf(r, now) === q.phase) : rows;
    const page = matching.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      items: await this.summaries(actor, page),
      nextCursor: matching.length > q.limit && last ? encodeCursor({ sort: null, id: last.id }) : null,
    };
  }

  async round(ctx: RequestContext, id: number): Promise<View<typeof S.RoundView>> {
    const { r, actor } = await this.seen(ctx, id);
    const [summary] = await this.summaries(actor, [r]);
    const proposals = await repo.proposalsOf(this.d.db, id);
    const spent = await repo.spentByProposal(
      this.d.db,
      proposals.map((p) => p.id),
    );
    const counted = r.counted_at !== null;
    const fundedFen = proposals.filter((p) => p.funded).reduce((sum, p) => sum + p.cost_fen, 0);
    return {
      ...summary!,
      description: r.description,
      items: proposals.map((p) => ({
        id: p.id,
        title: p.title,
        description: p.description,
        costYuan: toYuan(p.cost_fen),
        proposerName: maskName(p.proposer_name),
        review: p.review,
        reviewNote: p.review_note,
        votes: counted ? p.votes : null,
        funded: counted ? p.funded : null,
        decisionId: p.decision_id,
        spentYuan: toYuan(spent.get(p.id) ?? 0),
      })),
      result: counted
        ? {
            spentYuan: toYuan(fundedFen),
            leftYuan: toYuan(r.budget_fen - fundedFen),
            countedAt: r.counted_at!.toISOString(),
          }
        : null,
    };
  }

  async createRound(ctx: RequestContext, body: z.infer<typeof S.RoundBody>): Promise<View<typeof S.RoundView>> {
    assertCanWrite(ctx.actor, 'budgets.manage', { divisionId: body.communityId, gridId: null });
    if (!(await this.d.org.divisionsAtLevels(['community'])).some((d) => d.id === body.communityId))
      throw invalid('body.communityId', 'budgets.not_community');
    const proposalsClose = new Date(body.proposalsCloseAt);
    const opens = new Date(body.votingOpensAt);
    const closes = new Date(body.votingClosesAt);
    if (opens < proposalsClose) throw invalid('body.votingOpensAt', 'budgets.voting_before_proposals_close');
    if (closes <= opens) throw invalid('body.votingClosesAt', 'budgets.closes_before_opens');
    if (closes <= this.d.clock.now()) throw invalid('body.votingClosesAt', 'budgets.closes_in_past');
    const row = await this.d.db.transaction().execute(async (trx) => {
      const r = await repo.insertRound(trx, {
        community_id: body.communityId,
        kind: body.kind,
        title: body.title,
        description: body.description,
        budget_fen: toFen(body.budgetYuan),
        proposals_close_at: proposalsClose,
        voting_opens_at: opens,
        voting_closes_at: closes,
        created_by: ctx.actor!.userId,
        created_at: this.d.clock.now(),
        counted_at: null,
      });
      await this.d.audit.record(trx, ctx, {
        action: 'budgets.round.create',
        entityType: 'budget_round',
        entityId: r.id,
        place: placeOf(r),
        details: { title: r.title, budgetYuan: body.budgetYuan },
      });
      return r;
    });
    return this.round(ctx, row.id);
  }

  async propose(ctx: RequestContext, roundId: number, body: z.infer<typeof S.ProposalBody>) {
    const { r, actor, manages, votes } = await this.seen(ctx, roundId);
    if (!manages && !votes) throw new AppError('forbidden', {}, [{ key: 'budgets.not_voter' }]);
    if (phaseOf(r, this.d.clock.now()) !== 'proposing')
      throw new AppError('conflict', {}, [{ key: 'budgets.not_proposing' }]);
    if (toFen(body.costYuan) > r.budget_fen) throw invalid('body.costYuan', 'budgets.cost_over_budget');
    await this.d.db.transaction().execute(async (trx) => {
      const p = await repo.insertProposal(trx, {
        round_id: r.id,
        title: body.title,
        description: body.description,
        cost_fen: toFen(body.costYuan),
        proposer_user_id: actor.userId,
        proposer_name: actor.displayName,
        votes: null,
        funded: null,
        decision_id: null,
        reviewed_by: null,
        reviewed_at: null,
        created_at: this.d.clock.now(),
      });
      await this.d.audit.record(trx, ctx, {
        action: 'budgets.proposal.create',
        entityType: 'budget_proposal',
        entityId: p.id,
        place: placeOf(r),
        details: { roundId: r.id, title: p.title, costYuan: body.costYuan },
      });
    });
    return this.round(ctx, roundId);
  }

  async review(ctx: RequestContext, proposalId: number, body: z.infer<typeof S.ReviewBody>) {
    const p = await repo.proposalById(this.d.db, proposalId);
    if (!p) throw new AppError('not_found');
    const { r, manages } = await this.seen(ctx, p.round_id);
    if (!manages) throw new AppError('forbidden');
    const phase = phaseOf(r, this.d.clock.now());
    if (phase !== 'proposing' && phase !== 'reviewing')
      throw new AppError('conflict', {}, [{ key: 'budgets.review_closed' }]);
    if (!body.feasible && !body.note) throw invalid('body.note', 'budgets.reason_required');
    await this.d.db.transaction().execute(async (trx) => {
      await repo.updateProposal(trx, p.id, {
        review: body.feasible ? 'feasible' : 'infeasible',
        review_note: body.note,
        reviewed_by: ctx.actor!.userId,
        reviewed_at: this.d.clock.now(),
      });
      await this.d.audit.record(trx, ctx, {
        action: 'budgets.proposal.review',
        entityType: 'budget_proposal',
        entityId: p.id,
        place: placeOf(r),
        details: { feasible: body.feasible, note: body.note },
      });
    });
    return this.round(ctx, r.id);
  }

  async castBallot(
    ctx: RequestContext,
    roundId: number,
    body: z.infer<typeof S.BallotBody>,
  ): Promise<View<typeof S.BallotView>> {
    const { r, actor, votes } = await this.seen(ctx, roundId);
    if (!votes) throw new AppError('forbidden', {}, [{ key: 'budgets.not_voter' }]);
    if (phaseOf(r, this.d.clock.now()) !== 'voting')
      throw new AppError('conflict', {}, [{ key: 'budgets.not_voting' }]);
    if (new Set(body.proposalIds).size !== body.proposalIds.length)
      throw invalid('body.proposalIds', 'budgets.duplicate_choice');
    const proposals = new Map((await repo.proposalsOf(this.d.db, r.id)).map((p) => [p.id, p]));
    for (const id of body.proposalIds)
      if (proposals.get(id)?.review !== 'feasible') throw invalid('body.proposalIds', 'budgets.not_feasible');
    const total = body.proposalIds.reduce((sum, id) => sum + proposals.get(id)!.cost_fen, 0);
    if (total > r.budget_fen)
      throw invalid('body.proposalIds', 'budgets.over_budget', {
        total: String(toYuan(total)),
        budget: String(toYuan(r.budget_fen)),
      });
    const at = this.d.clock.now();
    await this.d.db.transaction().execute(async (trx) => {
      await repo.upsertBallot(trx, {
        round_id: r.id,
        voter_user_id: actor.userId,
        proposal_ids: [...body.proposalIds].sort((a, b) => a - b),
        total_fen: total,
        cast_at: at,
      });
      // The choices are not audited: who voted is, what they chose stays with the ballot.
      await this.d.audit.record(trx, ctx, {
        action: 'budgets.ballot.cast',
        entityType: 'budget_round',
        entityId: r.id,
        place: placeOf(r),
      });
    });
    return {
      proposalIds: [...body.proposalIds].sort((a, b) => a - b),
      totalYuan: toYuan(total),
      castAt: at.toISOString(),
    };
  }

  async myBallot(ctx: RequestContext, roundId: number): Promise<View<typeof S.BallotView> | null> {
    const { r, actor } = await this.seen(ctx, roundId);
    const b = await repo.ballotOf(this.d.db, r.id, actor.userId);
    return b ? { proposalIds: b.proposal_ids, totalYuan: toYuan(b.total_fen), castAt: b.cast_at.toISOString() } : null;
  }

  /** Counts once, after voting closed: funds projects as allocation.ts says, each funded one becoming a decision. */
  async count(ctx: RequestContext, roundId: number) {
    const { manages } = await this.seen(ctx, roundId);
    if (!manages) throw new AppError('forbidden');
    await this.d.db.transaction().execute(async (trx) => {
      const r = (await repo.roundById(trx, roundId, true))!;
      const phase = phaseOf(r, this.d.clock.now());
      if (phase === 'counted') throw new AppError('conflict', {}, [{ key: 'budgets.already_counted' }]);
      if (phase !== 'closed') throw new AppError('conflict', {}, [{ key: 'budgets.still_open' }]);
      const proposals = await repo.proposalsOf(trx, r.id);
      const feasible = proposals.filter((p) => p.review === 'feasible');
      const ballots = await repo.ballotsOf(trx, r.id);
      const { allocations, spentFen } = allocate(
        r.budget_fen,
        feasible.map((p) => ({ id: p.id, costFen: p.cost_fen })),
        ballots.map((b) => b.proposal_ids),
      );
      const byId = new Map(proposals.map((p) => [p.id, p]));
      for (const a of allocations) {
        const p = byId.get(a.id)!;
        const decisionId = a.funded
          ? await this.d.deliberation.recordDecision(trx, {
              communityId: r.community_id,
              title: `【${r.title}】${p.title}`.slice(0, 200),
              text: `参与式预算立项：${a.votes} 票，预算 ${toYuan(p.cost_fen)} 元。${p.description}`.slice(0, 4000),
              createdBy: ctx.actor!.userId,
            })
          : null;
        await repo.updateProposal(trx, a.id, { votes: a.votes, funded: a.funded, decision_id: decisionId });
      }
      for (const p of proposals.filter((x) => x.review !== 'feasible'))
        await repo.updateProposal(trx, p.id, { votes: 0, funded: false });
      await repo.setCounted(trx, r.id, this.d.clock.now());
      await this.d.audit.record(trx, ctx, {
        action: 'budgets.round.count',
        entityType: 'budget_round',
        entityId: r.id,
        place: placeOf(r),
        details: {
          ballots: ballots.length,
          funded: allocations.filter((a) => a.funded).map((a) => a.id),
          spentYuan: toYuan(spentFen),
        },
      });
    });
    return this.round(ctx, roundId);
  }

  async recordSpending(ctx: RequestContext, proposalId: number, body: z.infer<typeof S.SpendingBody>) {
    const p = await repo.proposalById(this.d.db, proposalId);
    if (!p) throw new AppError('not_found');
    const { r, manages } = await this.seen(ctx, p.round_id);
    if (!manages) throw new AppError('forbidden');
    if (!p.funded) throw new AppError('conflict', {}, [{ key: 'budgets.not_funded' }]);
    await this.d.db.transaction().execute(async (trx) => {
      const s = await repo.insertSpending(trx, {
        proposal_id: p.id,
        amount_fen: toFen(body.amountYuan),
        spent_on: body.spentOn,
        note: body.note,
        recorded_by: ctx.actor!.userId,
        created_at: this.d.clock.now(),
      });
      await this.d.audit.record(trx, ctx, {
        action: 'budgets.spending.record',
        entityType: 'budget_proposal',
        entityId: p.id,
        place: placeOf(r),
        details: { spendingId: s.id, amountYuan: body.amountYuan },
      });
    });
    return this.spending(ctx, proposalId);
  }

  async spending(ctx: RequestContext, proposalId: number): Promise<View<typeof S.SpendingList>> {
    const p = await repo.proposalById(this.d.db, proposalId);
    if (!p) throw new AppError('not_found');
    await this.seen(ctx, p.round_id);
    const rows = await repo.spendingOf(this.d.db, p.id);
    return {
      items: rows.map((s) => ({
        id: s.id,
        amountYuan: toYuan(s.amount_fen),
        spentOn: s.spent_on,
        note: s.note,
        createdAt: s.created_at.toISOString(),
      })),
      totalYuan: toYuan(rows.reduce((sum, s) => sum + s.amount_fen, 0)),
    };
  }
}
