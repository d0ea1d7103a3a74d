import type { Updateable } from 'kysely';
import type { z } from 'zod';
import { requireActor, type Actor } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, invalid, isUniqueViolation, type ErrorDetail } from '../../platform/errors.ts';
import { normalizeIdNumber, normalizePhone } from '../../platform/personal-data.ts';
import { handlesPlace, isStaff, managesPlace, placeOf } from './access.ts';
import { illegal, requireOpen, type CaseKeeping, type CaseOpenedEvent, type MediationDeps } from './case-keeping.ts';
import { CATEGORY_LABELS, categoryForMatter, label, PARTY_ROLE_LABELS, TASK_FORCE_ROLE_LABELS } from './catalogue.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import type { CaseTable } from './tables.ts';
import { CASE_DAYS, UNDER_MEDIATION } from './workflow.ts';

const DAY_MS = 86_400_000;
/** An organisation's unified social credit code (统一社会信用代码, GB 32100-2015). */
const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/**
 * A case accepted (受理) and set up: its parties, corrections, who takes it, who is put
 * in charge with which task force, and its time limit extended.
 */
export class Intake {
  constructor(
    private readonly d: MediationDeps,
    private readonly cases: CaseKeeping,
  ) {}

  /**
   * Opens a case (受理): directly, or from a matter the caller can read. Staff of the area
   * and mediators open cases; a mediator who opens one takes it.
   */
  async open(ctx: RequestContext, body: z.infer<typeof S.CaseBody>): Promise<number> {
    const actor = requireActor(ctx.actor);
    // Reads first: inside the transaction every query must go through it.
    const matter = body.matterId !== undefined ? await this.d.matters.get(ctx, body.matterId) : null;
    const problems: ErrorDetail[] = [];
    const communityId = body.communityId ?? matter?.community?.id;
    if (communityId === undefined) problems.push({ path: 'body.communityId', key: 'field.required' });
    if (!body.category && !matter) problems.push({ path: 'body.category', key: 'field.required' });
    if (!body.summary && !matter) problems.push({ path: 'body.summary', key: 'field.required' });
    if (problems.length || communityId === undefined) throw new AppError('validation_failed', {}, problems);
    let gridId = body.gridId ?? (body.communityId === undefined ? (matter?.grid?.id ?? null) : null);
    if (body.gridId !== undefined) {
      const at = await this.d.org.placeOfGrid(body.gridId);
      if (!at || at.divisionId !== communityId) throw invalid('body.gridId', 'mediation.grid_not_in_community');
      gridId = body.gridId;
    }
    const place = { divisionId: communityId, gridId };
    const manage = managesPlace(actor, place);
    if (!manage && !handlesPlace(actor, place)) throw new AppError('forbidden');
    const division = await this.d.org.getDivision(ctx, communityId);
    if (division.level !== 'community')
      throw invalid(body.communityId !== undefined ? 'body.communityId' : 'body.matterId', 'mediation.not_community');

    const checked = await this.checkParties(ctx, body.parties, (i) => `body.parties.${i}`);
    problems.push(...checked.problems);
    if (!body.parties.some((p) => p.role === 'applicant'))
      problems.push({ path: 'body.parties', key: 'mediation.applicant_required' });

    const serving = await this.cases.servingStudios(communityId);
    const servingIds = serving.map((s) => s.id);
    let studioId: number | null = null;
    if (body.studioId !== undefined) {
      if (!servingIds.includes(body.studioId))
        problems.push({ path: 'body.studioId', key: 'mediation.studio_elsewhere' });
      studioId = body.studioId;
    }
    let mediator: Actor | null = null;
    if (body.mediatorUserId !== undefined && body.mediatorUserId !== actor.userId) {
      if (!manage) throw new AppError('forbidden');
      mediator = await this.cases.canMediate(body.mediatorUserId, place, servingIds);
      if (!mediator) problems.push({ path: 'body.mediatorUserId', key: 'mediation.bad_mediator' });
    } else if (body.mediatorUserId === actor.userId || !manage) {
      // A mediator at the desk takes the case they open.
      mediator = actor;
    }
    if (problems.length) throw new AppError('validation_failed', {}, problems);
    if (studioId === null && mediator) {
      const theirs = await repo.studiosOfUser(this.d.db, mediator.userId);
      studioId = servingIds.find((s) => theirs.includes(s)) ?? null;
    }
    const studio = serving.find((s) => s.id === studioId) ?? null;

    const now = this.d.clock.now();
    const category = body.category ?? categoryForMatter(matter!.category.code);
    const summary = body.summary ?? matter!.description.slice(0, 200);
    return this.d.db.transaction().execute(async (trx) => {
      const day = this.cases.localDate(now).replaceAll('-', '');
      const code = `TJ${day}${String(await repo.nextCaseNumber(trx)).padStart(6, '0')}`;
      let c: repo.CaseRow;
      try {
        c = await repo.insertCase(trx, {
          code,
          community_id: communityId,
          grid_id: gridId,
          studio_id: studioId,
          matter_id: matter?.id ?? null,
          source: body.source ?? (matter ? 'matter' : 'walk_in'),
          category,
          summary,
          facts: body.facts,
          issues: body.issues,
          amount_fen: body.amountFen,
          people_count: body.peopleCount ?? Math.max(body.parties.length, 1),
          group_dispute: body.groupDispute,
          risk: body.risk,
          mediator_user_id: mediator?.userId ?? null,
          mediator_name: mediator?.displayName ?? null,
          accepted_at: now,
          due_at: new Date(now.getTime() + CASE_DAYS * DAY_MS),
          created_by: actor.userId,
          updated_at: now,
        });
      } catch (error) {
        if (isUniqueViolation(error, 'cases_open_matter'))
          throw new AppError('conflict', { reason: 'matter' }, [
            { path: 'body.matterId', key: 'mediation.matter_has_case' },
          ]);
        throw error;
      }
      await repo.insertParties(
        trx,
        checked.rows.map((p, i) => ({ ...p, case_id: c.id, position: i + 1 })),
      );
      const details: Record<string, unknown> = { category, source: c.source };
      if (matter) details.matter = matter.code;
      if (mediator) details.mediator = mediator.displayName;
      if (studio) details.studio = studio.name;
      await this.cases.timeline(trx, ctx, c.id, { action: 'open', from: null, to: 'accepted', note: summary, details });
      await this.d.audit.record(trx, ctx, {
        action: 'mediation.case.open',
        entityType: 'case',
        entityId: c.id,
        place: placeOf(c),
        details: { code, category, matterId: matter?.id ?? null, parties: checked.rows.length },
      });
      await this.d.jobs.publish<CaseOpenedEvent>(
        trx,
        'case.opened',
        { caseId: c.id, code, matterId: matter?.id ?? null, communityId: c.community_id },
        actor.userId,
      );
      const told = mediator && mediator.userId !== actor.userId ? [mediator.userId] : [];
      if (!mediator && studio)
        told.push(
          ...(await repo.studioMemberIds(trx, studio.id)),
          ...(studio.manager_user_id !== null ? [studio.manager_user_id] : []),
        );
      await this.d.notifications.notify(
        trx,
        told.filter((u) => u !== actor.userId),
        {
          kind: mediator ? 'mediation.assigned' : 'mediation.new_case',
          title: { key: 'notify.mediation.new_case', params: { code, summary: summary.slice(0, 30) } },
          body: {
            key: 'notify.text',
            params: {
              text: { 'zh-CN': label(CATEGORY_LABELS[category], 'zh-CN'), en: label(CATEGORY_LABELS[category], 'en') },
            },
          },
          link: `/mediation/cases/${c.id}`,
          entityType: 'case',
          entityId: c.id,
        },
      );
      return c.id;
    });
  }

  /** Checks the parties and puts their numbers in one form; the problems, all at once, or the rows. */
  private async checkParties(
    ctx: RequestContext,
    parties: z.infer<typeof S.PartyBody>[],
    pathOf: (i: number) => string,
  ) {
    const problems: ErrorDetail[] = [];
    const today = this.cases.localDate(this.d.clock.now());
    const rows = [];
    for (const [i, p] of parties.entries()) {
      const at = pathOf(i);
      let idNumber: string | null = null;
      if (p.idNumber) {
        const raw = p.idNumber.trim().toUpperCase();
        idNumber = p.kind === 'person' ? normalizeIdNumber(raw, today) : CREDIT_CODE.test(raw) ? raw : null;
        if (!idNumber)
          problems.push({
            path: `${at}.idNumber`,
            key: p.kind === 'person' ? 'mediation.bad_id_number' : 'mediation.bad_credit_code',
          });
      }
      let phone: string | null = null;
      if (p.phone) {
        phone = normalizePhone(p.phone);
        if (!phone) problems.push({ path: `${at}.phone`, key: 'mediation.bad_phone' });
      }
      if (p.personId !== undefined) {
        try {
          await this.d.org.getPerson(ctx, p.personId);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          problems.push({ path: `${at}.personId`, key: 'mediation.unknown_person' });
        }
      }
      if (p.userId !== undefined && !(await this.d.auth.actorOf(p.userId)))
        problems.push({ path: `${at}.userId`, key: 'mediation.unknown_user' });
      rows.push({
        role: p.role,
        kind: p.kind,
        name: p.name,
        id_number: idNumber,
        phone,
        address: p.address,
        representative: p.representative,
        person_id: p.personId ?? null,
        user_id: p.userId ?? null,
      });
    }
    return { problems, rows };
  }

  async update(ctx: RequestContext, id: number, body: z.infer<typeof S.CasePatch>) {
    const actor = requireActor(ctx.actor);
    const fields = Object.keys(body);
    if (fields.length === 0) throw invalid('body', 'mediation.nothing_to_change');
    const current = await repo.caseById(this.d.db, id);
    if (!current) throw new AppError('not_found');
    if (body.studioId) {
      const serving = (await this.cases.servingStudios(current.community_id)).map((s) => s.id);
      if (!serving.includes(body.studioId)) throw invalid('body.studioId', 'mediation.studio_elsewhere');
    }
    await this.d.db.transaction().execute(async (trx) => {
      const { c } = await this.cases.lockForWork(trx, actor, id);
      requireOpen(c, 'edit');
      const patch: Updateable<CaseTable> = {};
      if (body.category !== undefined) patch.category = body.category;
      if (body.summary !== undefined) patch.summary = body.summary;
      if (body.facts !== undefined) patch.facts = body.facts;
      if (body.issues !== undefined) patch.issues = body.issues;
      if (body.amountFen !== undefined) patch.amount_fen = body.amountFen;
      if (body.peopleCount !== undefined) patch.people_count = body.peopleCount;
      if (body.groupDispute !== undefined) patch.group_dispute = body.groupDispute;
      if (body.risk !== undefined) patch.risk = body.risk;
      if (body.studioId !== undefined) patch.studio_id = body.studioId;
      const shown = Object.fromEntries(Object.entries(body).filter(([k]) => !['facts', 'issues'].includes(k)));
      await this.cases.note(trx, ctx, c, 'edit', patch, { details: { fields, ...shown } });
    });
  }

  async addParty(ctx: RequestContext, id: number, body: z.infer<typeof S.PartyBody>) {
    const actor = requireActor(ctx.actor);
    const checked = await this.checkParties(ctx, [body], () => 'body');
    if (checked.problems.length) throw new AppError('validation_failed', {}, checked.problems);
    await this.d.db.transaction().execute(async (trx) => {
      const { c } = await this.cases.lockForWork(trx, actor, id);
      requireOpen(c, 'party');
      const existing = await repo.partiesOf(trx, [id]);
      if (existing.length >= 50) throw invalid('body', 'mediation.too_many_parties');
      await repo.insertParties(trx, [
        { ...checked.rows[0]!, case_id: id, position: Math.max(0, ...existing.map((p) => p.position)) + 1 },
      ]);
      await this.cases.note(
        trx,
        ctx,
        c,
        'party',
        {},
        { note: `${PARTY_ROLE_LABELS[body.role].zh}：${body.name}`, details: { role: body.role, kind: body.kind } },
      );
    });
  }

  /** A mediator of the case's studio takes an unassigned case; of two at once, one wins and the other gets 409. */
  async take(ctx: RequestContext, id: number) {
    const actor = requireActor(ctx.actor);
    await this.d.db.transaction().execute(async (trx) => {
      const c = await repo.caseForUpdate(trx, id);
      if (!c) throw new AppError('not_found');
      const access = await this.cases.accessTo(actor, c, trx);
      if (!access.viewer) throw new AppError('not_found');
      if (!(access.manage || access.studioMember)) throw new AppError('forbidden');
      requireOpen(c, 'take');
      if (c.mediator_user_id !== null)
        throw new AppError('conflict', { reason: 'taken' }, [
          { key: 'mediation.already_taken', params: { name: c.mediator_name ?? '' } },
        ]);
      await this.cases.note(
        trx,
        ctx,
        c,
        'take',
        { mediator_user_id: actor.userId, mediator_name: actor.displayName },
        { details: { mediator: actor.displayName } },
      );
    });
  }

  /** Admins put a mediator (or nobody) in charge, and name the task force (专班). */
  async assign(ctx: RequestContext, id: number, body: z.infer<typeof S.AssignBody>) {
    const actor = requireActor(ctx.actor);
    if (body.mediatorUserId === undefined && body.taskForce === undefined)
      throw invalid('body', 'mediation.nothing_to_change');
    const current = await repo.caseById(this.d.db, id);
    if (!current) throw new AppError('not_found');
    // The caller first (404 unseen, 403 not theirs to assign), then what the body names.
    const access = await this.cases.accessTo(actor, current, this.d.db);
    if (!access.viewer) throw new AppError('not_found');
    if (!access.manage) throw new AppError('forbidden');
    // Checked before the transaction (reads outside it), and the case rechecked inside.
    let mediator: Actor | null = null;
    const problems: ErrorDetail[] = [];
    if (body.mediatorUserId) {
      const serving = (await this.cases.servingStudios(current.community_id)).map((s) => s.id);
      mediator = await this.cases.canMediate(body.mediatorUserId, placeOf(current), serving);
      if (!mediator) problems.push({ path: 'body.mediatorUserId', key: 'mediation.bad_mediator' });
    }
    const members: Array<{
      user_id: number | null;
      name: string;
      role: z.infer<typeof S.TaskForceRole>;
      organisation: string;
    }> = [];
    for (const [i, m] of (body.taskForce ?? []).entries()) {
      if (m.userId !== undefined) {
        const user = await this.d.auth.actorOf(m.userId);
        if (!user || !isStaff(user)) {
          problems.push({ path: `body.taskForce.${i}.userId`, key: 'mediation.not_staff' });
          continue;
        }
        members.push({
          user_id: user.userId,
          name: m.name || user.displayName,
          role: m.role,
          organisation: m.organisation,
        });
      } else if (!m.name) {
        problems.push({ path: `body.taskForce.${i}.name`, key: 'field.required' });
      } else {
        members.push({ user_id: null, name: m.name, role: m.role, organisation: m.organisation });
      }
    }
    if (problems.length) throw new AppError('validation_failed', {}, problems);
    await this.d.db.transaction().execute(async (trx) => {
      const { c } = await this.cases.lockForWork(trx, actor, id, 'manage');
      requireOpen(c, 'assign');
      const patch: Updateable<CaseTable> = {};
      const details: Record<string, unknown> = {};
      if (body.mediatorUserId !== undefined) {
        patch.mediator_user_id = mediator?.userId ?? null;
        patch.mediator_name = mediator?.displayName ?? null;
        details.mediator = mediator?.displayName ?? null;
      }
      if (body.taskForce !== undefined) {
        const now = this.d.clock.now();
        await repo.replaceTaskForce(
          trx,
          id,
          members.map((m) => ({ ...m, case_id: id, added_at: now })),
        );
        details.taskForce = members.map((m) => `${m.name}（${TASK_FORCE_ROLE_LABELS[m.role].zh}）`);
      }
      await this.cases.note(trx, ctx, c, 'assign', patch, { note: body.note, details });
      const told = [
        ...(mediator ? [mediator.userId] : []),
        ...members.map((m) => m.user_id).filter((u): u is number => u !== null),
      ].filter((u) => u !== actor.userId);
      await this.d.notifications.notify(trx, told, {
        kind: 'mediation.assigned',
        title: { key: 'notify.mediation.assigned', params: { code: c.code } },
        body: c.summary.slice(0, 80),
        link: `/mediation/cases/${id}`,
        entityType: 'case',
        entityId: id,
      });
    });
  }

  /** Admins extend the time limit, with a reason; the case is no longer overdue if the new limit lies ahead. */
  async extend(ctx: RequestContext, id: number, body: z.infer<typeof S.ExtendBody>) {
    const actor = requireActor(ctx.actor);
    await this.d.db.transaction().execute(async (trx) => {
      const { c } = await this.cases.lockForWork(trx, actor, id, 'manage');
      if (!UNDER_MEDIATION.includes(c.status)) throw illegal('extend', c.status);
      const due = new Date(c.due_at.getTime() + body.days * DAY_MS);
      const stillLate = due <= this.d.clock.now();
      await this.cases.note(
        trx,
        ctx,
        c,
        'extend',
        { due_at: due, extended_days: c.extended_days + body.days, overdue: stillLate && c.overdue },
        { note: body.reason, details: { days: body.days, from: c.due_at.toISOString(), dueAt: due.toISOString() } },
      );
    });
  }
}
