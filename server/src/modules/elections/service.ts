import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';
import { type Actor, assertCanWrite, requireActor, scopeFor } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { localParts } from '../../platform/local-time.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import { maskName } from '../../platform/personal-data.ts';
import type { AuditService } from '../audit/service.ts';
import type { OrgService } from '../org/service.ts';
import { areaToCenti, countElection, type ElectionCount } from './count.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import type { Phase } from './tables.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

export interface ElectionsDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: AuditService;
  org: OrgService;
  timeZone: string;
}

/** Owners' committee elections are run by the staff who run the community's owners' votes. */
const PERMISSION = 'deliberation.manage';
const placeOf = (r: { community_id: number }) => ({ divisionId: r.community_id, gridId: null });
const m2 = (centi: number) => centi / 100;

export function phaseOf(e: repo.ElectionRow, now: Date): Phase {
  if (e.counted_at) return 'counted';
  if (now < e.nominations_open_at) return 'upcoming';
  if (now < e.nominations_close_at) return 'nominating';
  if (now < e.voting_opens_at) return 'reviewing';
  if (now < e.voting_closes_at) return 'voting';
  return 'closed';
}

/**
 * 业委会选举 (Civil Code art. 278 item 3). Staff (deliberation.manage) open an election of a
 * community or some of its buildings; its electorate of owner households, with their exclusive
 * area, is fixed then from the org module. Owners nominate themselves or another owner while
 * nominations are open, staff nominate until voting opens and review each nomination. Each
 * owner household casts one ballot marking up to `seats` approved candidates, online or on
 * paper entered by staff. Staff count once voting has closed (count.ts); a tie at the last seat
 * under the lot rule waits for staff to record the drawing.
 */
export class ElectionsService {
  constructor(private readonly d: ElectionsDeps) {}

  private managed(actor: Actor | null) {
    return scopeFor(actor, PERMISSION).divisionIds;
  }

  private async homeCommunity(actor: Actor): Promise<number | null> {
    if (actor.personId !== null) {
      const home = await this.d.org.personPlace(actor.personId);
      if (home) return home.communityId;
    }
    return actor.grants.find((g) => g.role === 'resident' && g.divisionId !== null)?.divisionId ?? null;
  }

  private async communitiesOf(actor: Actor) {
    const home = await this.homeCommunity(actor);
    return [...new Set([...this.managed(actor), ...(home === null ? [] : [home])])];
  }

  /** An election the caller may see (404 otherwise), whether they run it, and their household in it. */
  private async seen(ctx: RequestContext, id: number, db: Executor = this.d.db) {
    const actor = requireActor(ctx.actor);
    const e = await repo.electionById(db, id);
    if (!e || !(await this.communitiesOf(actor)).includes(e.community_id)) throw new AppError('not_found');
    const elector = actor.personId === null ? undefined : await repo.electorOfPerson(db, id, actor.personId);
    return { e, actor, manages: this.managed(actor).includes(e.community_id), elector };
  }

  private async managedElection(ctx: RequestContext, id: number) {
    const s = await this.seen(ctx, id);
    if (!s.manages) throw new AppError('forbidden');
    return s;
  }

  private async summaries(actor: Actor, rows: repo.ElectionRow[]): Promise<View<typeof S.ElectionSummary>[]> {
    const names = await this.d.org.names({ divisionIds: rows.map((r) => r.community_id) });
    const counts = await repo.countsOf(
      this.d.db,
      rows.map((r) => r.id),
    );
    const now = this.d.clock.now();
    const managed = this.managed(actor);
    const out: View<typeof S.ElectionSummary>[] = [];
    for (const r of rows) {
      const elector = actor.personId === null ? undefined : await repo.electorOfPerson(this.d.db, r.id, actor.personId);
      out.push({
        id: r.id,
        community: { id: r.community_id, name: names.divisions.get(r.community_id) ?? '' },
        buildingIds: r.building_ids,
        title: r.title,
        seats: r.seats,
        tieRule: r.tie_rule,
        phase: phaseOf(r, now),
        nominationsOpenAt: r.nominations_open_at.toISOString(),
        nominationsCloseAt: r.nominations_close_at.toISOString(),
        votingOpensAt: r.voting_opens_at.toISOString(),
        votingClosesAt: r.voting_closes_at.toISOString(),
        electors: r.electors,
        totalAreaM2: m2(Number(r.total_area_centi)),
        candidates: counts.candidates.get(r.id) ?? 0,
        ballots: counts.ballots.get(r.id) ?? 0,
        mayManage: managed.includes(r.community_id),
        mayVote: elector !== undefined,
      });
    }
    return out;
  }

  async list(ctx: RequestContext, q: z.infer<typeof S.ElectionListQuery>): Promise<View<typeof S.ElectionList>> {
    const actor = requireActor(ctx.actor);
    const mine = await this.communitiesOf(actor);
    const communityIds = q.communityId ? mine.filter((c) => c === q.communityId) : mine;
    // Phases come from the clock, so the filter is applied to what is read.
    const rows = await repo.listElections(this.d.db, communityIds, decodeCursor(q.cursor)?.id ?? null, 500);
    const now = this.d.clock.now();
    const matching = q.phase ? rows.filter((r) => phaseOf(r, now) === q.phase) : rows;
    const page = matching.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      items: await this.summaries(actor, page),
      nextCursor: matching.length > q.limit && last ? encodeCursor({ sort: null, id: last.id }) : null,
    };
  }

  async get(ctx: RequestContext, id: number): Promise<View<typeof S.ElectionView>> {
    const { e, actor, manages, elector } = await this.seen(ctx, id);
    const [summary] = await this.summaries(actor, [e]);
    const candidates = await repo.candidatesOf(this.d.db, id);
    const mine = elector ? await repo.ballotOf(this.d.db, id, elector.household_id) : undefined;
    const phase = phaseOf(e, this.d.clock.now());
    const result =
      phase === 'counted' ? e.result : phase === 'closed' ? await this.reckon(this.d.db, e, candidates) : null;
    return {
      ...summary!,
      description: e.description,
      items: candidates
        .filter((c) => manages || c.status === 'approved' || c.person_id === actor.personId)
        .map((c) => ({
          id: c.id,
          name: c.name,
          statement: c.statement,
          photoUrl: c.photo_url,
          nominatedBy: c.nominated_by,
          status: c.status,
          reviewNote: c.review_note,
          mine: c.person_id === actor.personId,
        })),
      myBallot: mine
        ? { candidateIds: mine.candidate_ids, source: mine.source, castAt: mine.cast_at.toISOString() }
        : null,
      result: result ? await this.present(result, candidates, e.counted_at, e.lot_note) : null,
    };
  }

  private async reckon(db: Executor, e: repo.ElectionRow, candidates: repo.CandidateRow[]) {
    const [electors, ballots] = await Promise.all([repo.electorsOf(db, e.id), repo.ballotsOf(db, e.id)]);
    return countElection({
      seats: e.seats,
      tieRule: e.tie_rule,
      electors: electors.map((x) => ({
        householdId: x.household_id,
        areaCenti: Number(x.area_centi),
        buildingId: x.building_id,
      })),
      candidateIds: candidates.filter((c) => c.status === 'approved').map((c) => c.id),
      ballots: ballots.map((b) => ({ householdId: b.household_id, candidateIds: b.candidate_ids })),
      lotWinners: e.lot_winners,
    });
  }

  private async present(
    r: ElectionCount,
    candidates: repo.CandidateRow[],
    countedAt: Date | null,
    lotNote: string,
  ): Promise<View<typeof S.ResultView>> {
    const name = new Map(candidates.map((c) => [c.id, c.name]));
    const buildings = new Map<number, string>();
    for (const b of r.byBuilding)
      if (b.buildingId !== null)
        buildings.set(b.buildingId, (await this.d.org.placeOfBuilding(b.buildingId))?.name ?? '');
    return {
      seats: r.seats,
      electors: r.electors,
      totalAreaM2: m2(r.totalAreaCenti),
      ballots: r.ballots,
      blankBallots: r.blankBallots,
      ballotsAreaM2: m2(r.ballotsAreaCenti),
      participationByCount: r.participationByCount,
      participationByArea: r.participationByArea,
      quorumMet: r.quorumMet,
      candidates: r.candidates.map((c) => ({
        candidateId: c.candidateId,
        name: name.get(c.candidateId) ?? '',
        ballots: c.ballots,
        areaM2: m2(c.areaCenti),
        byCount: c.byCount,
        byArea: c.byArea,
        eligible: c.eligible,
        rank: c.rank,
      })),
      elected: r.elected.map((x) => ({ ...x, name: name.get(x.candidateId) ?? '' })),
      pendingSeats: r.pendingSeats,
      vacantSeats: r.vacantSeats,
      tie: r.tie,
      byBuilding: r.byBuilding.map((b) => ({
        buildingId: b.buildingId,
        name: b.buildingId === null ? '' : (buildings.get(b.buildingId) ?? ''),
        households: b.households,
        areaM2: m2(b.areaCenti),
        ballots: b.ballots,
        ballotsAreaM2: m2(b.ballotsAreaCenti),
        candidates: b.candidates.map((c) => ({
          candidateId: c.candidateId,
          ballots: c.ballots,
          areaM2: m2(c.areaCenti),
        })),
      })),
      countedAt: countedAt?.toISOString() ?? null,
      lotNote,
    };
  }

  async create(ctx: RequestContext, body: z.infer<typeof S.ElectionBody>): Promise<View<typeof S.ElectionView>> {
    assertCanWrite(ctx.actor, PERMISSION, { divisionId: body.communityId, gridId: null });
    if (!(await this.d.org.divisionsAtLevels(['community'])).some((d) => d.id === body.communityId))
      throw invalid('body.communityId', 'elections.not_community');
    const buildingIds = [...new Set(body.buildingIds)];
    if (buildingIds.length && !(await this.d.org.liesIn(body.communityId, { buildingIds })))
      throw invalid('body.buildingIds', 'elections.bad_buildings');
    const nOpen = new Date(body.nominationsOpenAt);
    const nClose = new Date(body.nominationsCloseAt);
    const vOpen = new Date(body.votingOpensAt);
    const vClose = new Date(body.votingClosesAt);
    if (nClose <= nOpen) throw invalid('body.nominationsCloseAt', 'elections.bad_times');
    if (vOpen < nClose) throw invalid('body.votingOpensAt', 'elections.bad_times');
    if (vClose <= vOpen) throw invalid('body.votingClosesAt', 'elections.bad_times');
    if (vClose <= this.d.clock.now()) throw invalid('body.votingClosesAt', 'elections.bad_times');
    // The electorate: owner households of the scope on the day voting opens, each with its exclusive area.
    const people = await this.d.org.electorateOf(
      { communityId: body.communityId, ...(buildingIds.length ? { buildingIds } : {}) },
      localParts(vOpen, this.d.timeZone).date,
    );
    const households = new Map<number, { building_id: number | null; area_centi: number; person_ids: number[] }>();
    for (const p of people) {
      if (!p.isOwner || p.householdId === null) continue;
      const h = households.get(p.householdId) ?? {
        building_id: p.buildingId,
        area_centi: areaToCenti(p.floorAreaM2),
        person_ids: [],
      };
      h.person_ids.push(p.personId);
      households.set(p.householdId, h);
    }
    if (households.size === 0) throw invalid('body.communityId', 'elections.no_electorate');
    const row = await this.d.db.transaction().execute(async (trx) => {
      const e = await repo.insertElection(trx, {
        community_id: body.communityId,
        building_ids: buildingIds,
        title: body.title,
        description: body.description,
        seats: body.seats,
        tie_rule: body.tieRule,
        nominations_open_at: nOpen,
        nominations_close_at: nClose,
        voting_opens_at: vOpen,
        voting_closes_at: vClose,
        electors: households.size,
        total_area_centi: [...households.values()].reduce((a, h) => a + h.area_centi, 0),
        created_by: ctx.actor!.userId,
        created_at: this.d.clock.now(),
        counted_at: null,
        result: null,
        lot_winners: null,
      });
      await repo.insertElectors(
        trx,
        [...households].map(([household_id, h]) => ({ election_id: e.id, household_id, ...h })),
      );
      await this.d.audit.record(trx, ctx, {
        action: 'elections.election.create',
        entityType: 'election',
        entityId: e.id,
        place: placeOf(e),
        details: { title: e.title, seats: e.seats, tieRule: e.tie_rule, electors: households.size },
      });
      return e;
    });
    return this.get(ctx, row.id);
  }

  /**
   * 提名: staff nominate any owner of the electorate until voting opens (approved at once: they
   * reviewed it by nominating); an owner nominates themselves or another owner while nominations
   * are open, for staff to review.
   */
  async nominate(ctx: RequestContext, id: number, body: z.infer<typeof S.NominationBody>) {
    const { e, actor, manages, elector } = await this.seen(ctx, id);
    const phase = phaseOf(e, this.d.clock.now());
    const kind = manages && body.personId !== undefined ? 'staff' : body.personId === undefined ? 'self' : 'owner';
    if (kind === 'staff') {
      if (phase !== 'nominating' && phase !== 'reviewing')
        throw new AppError('conflict', {}, [{ key: 'elections.not_nominating' }]);
    } else {
      if (!elector) throw new AppError('forbidden', {}, [{ key: 'elections.not_owner' }]);
      if (phase !== 'nominating') throw new AppError('conflict', {}, [{ key: 'elections.not_nominating' }]);
    }
    const personId = body.personId ?? actor.personId!;
    const household = kind === 'self' ? elector! : await repo.electorOfPerson(this.d.db, e.id, personId);
    if (!household) throw invalid('body.personId', 'elections.candidate_not_owner');
    const person = await this.d.org.personPlace(personId);
    if (!person) throw invalid('body.personId', 'elections.candidate_not_owner');
    const now = this.d.clock.now();
    await this.d.db.transaction().execute(async (trx) => {
      const c = await repo.insertCandidate(trx, {
        election_id: e.id,
        person_id: personId,
        household_id: household.household_id,
        name: person.name,
        statement: body.statement,
        photo_url: body.photoUrl ?? null,
        nominated_by: kind,
        nominator_user_id: actor.userId,
        ...(kind === 'staff' ? { status: 'approved' as const, reviewed_by: actor.userId, reviewed_at: now } : {}),
        created_at: now,
      });
      if (!c) throw new AppError('conflict', {}, [{ key: 'elections.already_candidate' }]);
      await this.d.audit.record(trx, ctx, {
        action: 'elections.candidate.nominate',
        entityType: 'election_candidate',
        entityId: c.id,
        place: placeOf(e),
        details: { electionId: e.id, nominatedBy: kind },
      });
    });
    return this.get(ctx, id);
  }

  async review(ctx: RequestContext, candidateId: number, body: z.infer<typeof S.ReviewBody>) {
    const c = await repo.candidateById(this.d.db, candidateId);
    if (!c) throw new AppError('not_found');
    const { e } = await this.managedElection(ctx, c.election_id);
    const phase = phaseOf(e, this.d.clock.now());
    if (phase !== 'nominating' && phase !== 'reviewing')
      throw new AppError('conflict', {}, [{ key: 'elections.review_closed' }]);
    if (!body.approve && !body.note) throw invalid('body.note', 'elections.reason_required');
    await this.d.db.transaction().execute(async (trx) => {
      await repo.updateCandidate(trx, c.id, {
        status: body.approve ? 'approved' : 'rejected',
        review_note: body.note,
        reviewed_by: ctx.actor!.userId,
        reviewed_at: this.d.clock.now(),
      });
      await this.d.audit.record(trx, ctx, {
        action: 'elections.candidate.review',
        entityType: 'election_candidate',
        entityId: c.id,
        place: placeOf(e),
        details: { approve: body.approve, note: body.note },
      });
    });
    return this.get(ctx, e.id);
  }

  /** The marks must name distinct approved candidates, at most `seats` of them (400 otherwise). */
  private async checkMarks(e: repo.ElectionRow, ids: readonly number[]) {
    if (ids.length > e.seats)
      throw invalid('body.candidateIds', 'elections.too_many_marks', { seats: String(e.seats) });
    if (new Set(ids).size !== ids.length) throw invalid('body.candidateIds', 'elections.duplicate_mark');
    const approved = new Set(
      (await repo.candidatesOf(this.d.db, e.id)).filter((c) => c.status === 'approved').map((c) => c.id),
    );
    if (ids.some((c) => !approved.has(c))) throw invalid('body.candidateIds', 'elections.unknown_candidate');
    return [...ids].sort((a, b) => a - b);
  }

  private async store(
    ctx: RequestContext,
    e: repo.ElectionRow,
    householdId: number,
    candidateIds: number[],
    source: 'online' | 'paper',
    phases: readonly Phase[],
  ) {
    const result = await this.d.db.transaction().execute(async (trx) => {
      // Checked again under the row lock: the election may have been counted since.
      const held = (await repo.electionById(trx, e.id, true))!;
      if (!phases.includes(phaseOf(held, this.d.clock.now())))
        throw new AppError('conflict', {}, [{ key: 'elections.not_voting' }]);
      const r = await repo.insertBallot(trx, {
        election_id: e.id,
        household_id: householdId,
        candidate_ids: candidateIds,
        source,
        cast_by: ctx.actor!.userId,
        cast_at: this.d.clock.now(),
      });
      if (r === 'exists') return r;
      // Who voted is on record; whom they marked stays with the ballot (a secret ballot).
      await this.d.audit.record(trx, ctx, {
        action: source === 'paper' ? 'elections.ballot.paper' : 'elections.ballot.cast',
        entityType: 'election',
        entityId: e.id,
        place: placeOf(e),
        ...(source === 'paper' ? { details: { householdId } } : {}),
      });
      return r;
    });
    if (result === 'exists') throw new AppError('conflict', {}, [{ key: 'elections.already_voted' }]);
  }

  /** An owner's ballot for their household: once; up to `seats` marks, none for a blank ballot. */
  async cast(ctx: RequestContext, id: number, body: z.infer<typeof S.BallotBody>) {
    const { e, elector } = await this.seen(ctx, id);
    if (!elector) throw new AppError('forbidden', {}, [{ key: 'elections.not_owner' }]);
    if (phaseOf(e, this.d.clock.now()) !== 'voting')
      throw new AppError('conflict', {}, [{ key: 'elections.not_voting' }]);
    const marks = await this.checkMarks(e, body.candidateIds);
    await this.store(ctx, e, elector.household_id, marks, 'online', ['voting']);
    return this.get(ctx, id);
  }

  /** Staff enter a household's paper ballot, while voting is open or before the count. */
  async castPaper(ctx: RequestContext, id: number, body: z.infer<typeof S.PaperBallotBody>) {
    const { e } = await this.managedElection(ctx, id);
    const phase = phaseOf(e, this.d.clock.now());
    if (phase !== 'voting' && phase !== 'closed') throw new AppError('conflict', {}, [{ key: 'elections.not_voting' }]);
    if (!(await repo.electorOfHousehold(this.d.db, e.id, body.householdId)))
      throw invalid('body.householdId', 'elections.not_elector');
    const marks = await this.checkMarks(e, body.candidateIds);
    await this.store(ctx, e, body.householdId, marks, 'paper', ['voting', 'closed']);
    return this.get(ctx, id);
  }

  /** The electorate's households for staff (entering paper ballots, nominating): names masked. */
  async owners(ctx: RequestContext, id: number, q: z.infer<typeof S.OwnersQuery>): Promise<View<typeof S.OwnerList>> {
    const { e } = await this.managedElection(ctx, id);
    const [electors, ballots] = await Promise.all([repo.electorsOf(this.d.db, e.id), repo.ballotsOf(this.d.db, e.id)]);
    const voted = new Set(ballots.map((b) => b.household_id));
    const labels = await this.d.org.personLabels([...new Set(electors.flatMap((x) => x.person_ids))]);
    const words = q.q?.toLowerCase();
    const all = electors
      .map((x) => {
        const people = x.person_ids.flatMap((pid) => {
          const l = labels.get(pid);
          return l ? [{ personId: pid, ...l }] : [];
        });
        return {
          householdId: x.household_id,
          address: people[0]?.address ?? '',
          areaM2: m2(Number(x.area_centi)),
          people,
          voted: voted.has(x.household_id),
        };
      })
      .filter(
        (h) =>
          !words ||
          h.address.toLowerCase().includes(words) ||
          h.people.some((p) => p.name.toLowerCase().includes(words)),
      );
    // The roll is fixed and small (a community's households), so it is read whole and paged here.
    const start = Number(decodeCursor(q.cursor)?.id ?? 0);
    const page = all.slice(start, start + q.limit);
    return {
      items: page.map((h) => ({
        householdId: h.householdId,
        address: h.address,
        areaM2: h.areaM2,
        owners: h.people.map((p) => ({ personId: p.personId, name: maskName(p.name) })),
        voted: h.voted,
      })),
      nextCursor: start + q.limit < all.length ? encodeCursor({ sort: null, id: start + q.limit }) : null,
      total: all.length,
    };
  }

  /** Counts once, after voting has closed; the result is kept with the election. */
  async count(ctx: RequestContext, id: number) {
    await this.managedElection(ctx, id);
    await this.d.db.transaction().execute(async (trx) => {
      const e = (await repo.electionById(trx, id, true))!;
      const phase = phaseOf(e, this.d.clock.now());
      if (phase === 'counted') throw new AppError('conflict', {}, [{ key: 'elections.already_counted' }]);
      if (phase !== 'closed') throw new AppError('conflict', {}, [{ key: 'elections.still_open' }]);
      const result = await this.reckon(trx, e, await repo.candidatesOf(trx, id));
      await repo.updateElection(trx, id, { result: JSON.stringify(result), counted_at: this.d.clock.now() });
      await this.d.audit.record(trx, ctx, {
        action: 'elections.election.count',
        entityType: 'election',
        entityId: id,
        place: placeOf(e),
        details: {
          ballots: result.ballots,
          quorumMet: result.quorumMet,
          elected: result.elected.map((x) => x.candidateId),
          pendingSeats: result.pendingSeats,
        },
      });
    });
    return this.get(ctx, id);
  }

  /** 抽签: under the lot rule, staff record whom the drawing picked for the tied seats; the result is recounted. */
  async recordLot(ctx: RequestContext, id: number, body: z.infer<typeof S.LotBody>) {
    await this.managedElection(ctx, id);
    await this.d.db.transaction().execute(async (trx) => {
      const e = (await repo.electionById(trx, id, true))!;
      const tie = e.result?.tie;
      if (!e.counted_at || !tie || tie.rule !== 'lot' || tie.resolved)
        throw new AppError('conflict', {}, [{ key: 'elections.no_lot_pending' }]);
      const winners = [...new Set(body.winnerIds)];
      if (winners.length !== tie.seats || winners.some((w) => !tie.candidateIds.includes(w)))
        throw invalid('body.winnerIds', 'elections.bad_lot', { seats: String(tie.seats) });
      const result = await this.reckon(trx, { ...e, lot_winners: winners }, await repo.candidatesOf(trx, id));
      await repo.updateElection(trx, id, { result: JSON.stringify(result), lot_winners: winners, lot_note: body.note });
      await this.d.audit.record(trx, ctx, {
        action: 'elections.lot.record',
        entityType: 'election',
        entityId: id,
        place: placeOf(e),
        details: { tied: tie.candidateIds, winners, note: body.note },
      });
    });
    return this.get(ctx, id);
  }
}
