import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { type Actor, assertCanWrite, requireActor, scopeFor } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor, type Page } from '../../platform/pagination.ts';
import { maskName } from '../../platform/personal-data.ts';
import type { AuditService } from '../audit/service.ts';
import type { AuthService } from '../auth/service.ts';
import type { NotificationsService } from '../notifications/service.ts';
import type { OrgService } from '../org/service.ts';
import { checkAnswers, questionProblems, tally } from './answers.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import type { Phase, Question } from './tables.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

export interface SurveysDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: AuditService;
  org: OrgService;
  auth: AuthService;
  notifications: NotificationsService;
  /** The kept server key the respondent hashes are keyed with (platform/secrets keptKey). */
  respondentKey: () => Promise<Buffer>;
}

/** At most this many people are told of one survey, and counted as its audience. */
const AUDIENCE_CAP = 50_000;
const placeOf = (s: { community_id: number }) => ({ divisionId: s.community_id, gridId: null });
const audienceOf = (s: repo.SurveyRow) => ({
  communityId: s.community_id,
  gridIds: s.grid_ids,
  buildingIds: s.building_ids,
  tags: s.audience_tags,
});

export function phaseOf(s: Pick<repo.SurveyRow, 'published_at' | 'opens_at' | 'closes_at'>, now: Date): Phase {
  if (!s.published_at) return 'draft';
  if (now < s.opens_at) return 'scheduled';
  if (now < s.closes_at) return 'open';
  return 'closed';
}

/**
 * Surveys (问卷): community staff (surveys.manage) write a survey — its audience (the whole
 * community, some grids or buildings, narrowed by person tags, as the org module finds them),
 * its questions and its window — and publish it, which tells the audience in the app. Each
 * person of the audience answers once while it is open; answers are checked against the
 * questions. An anonymous survey's responses keep only a keyed hash of (survey, person), which
 * stops a second response and leads back to nobody; a named one keeps who answered. Staff
 * read the results (counts and percents per option, ratings' mean and spread, texts) and
 * export them (export-source.ts).
 */
export class SurveysService {
  constructor(private readonly d: SurveysDeps) {}

  private managed(actor: Actor | null) {
    return scopeFor(actor, 'surveys.manage').divisionIds;
  }

  private async hashOf(surveyId: number, personId: number) {
    return createHmac('sha256', await this.d.respondentKey())
      .update(`survey:${surveyId}:person:${personId}`)
      .digest('base64url');
  }

  /** The community a resident answers in: where their registered person is filed. */
  private async homeOf(actor: Actor): Promise<number | null> {
    if (actor.personId === null) return null;
    return (await this.d.org.personPlace(actor.personId))?.communityId ?? null;
  }

  private async mayAnswer(actor: Actor, s: repo.SurveyRow) {
    return actor.personId !== null && (await this.d.org.inAudience(audienceOf(s), actor.personId));
  }

  /** A survey the caller may see (404 otherwise): managers see theirs, residents the published ones they are asked. */
  private async seen(ctx: RequestContext, id: number) {
    const actor = requireActor(ctx.actor);
    const s = await repo.surveyById(this.d.db, id);
    if (!s) throw new AppError('not_found');
    const manages = this.managed(actor).includes(s.community_id);
    const asked = s.published_at !== null && (await this.mayAnswer(actor, s));
    if (!manages && !asked) throw new AppError('not_found');
    return { s, actor, manages, asked };
  }

  private async summaries(actor: Actor, rows: repo.SurveyRow[]): Promise<View<typeof S.SurveySummary>[]> {
    const names = await this.d.org.names({ divisionIds: rows.map((r) => r.community_id) });
    const counts = await repo.responseCounts(
      this.d.db,
      rows.map((r) => r.id),
    );
    const now = this.d.clock.now();
    const managed = this.managed(actor);
    return rows.map((s) => ({
      id: s.id,
      community: { id: s.community_id, name: names.divisions.get(s.community_id) ?? '' },
      title: s.title,
      phase: phaseOf(s, now),
      anonymous: s.anonymous,
      opensAt: s.opens_at.toISOString(),
      closesAt: s.closes_at.toISOString(),
      publishedAt: s.published_at?.toISOString() ?? null,
      questions: s.questions.length,
      responses: counts.get(s.id) ?? 0,
      notified: s.notified,
      mayManage: managed.includes(s.community_id),
    }));
  }

  /** Staff: the surveys of the communities they manage, latest first, by title and phase. */
  async list(ctx: RequestContext, q: z.infer<typeof S.SurveyListQuery>): Promise<View<typeof S.SurveyList>> {
    const actor = requireActor(ctx.actor);
    const managed = this.managed(actor);
    if (managed.length === 0) throw new AppError('forbidden');
    const communityIds = q.communityId ? managed.filter((c) => c === q.communityId) : managed;
    const rows = await repo.listSurveys(
      this.d.db,
      communityIds,
      { q: q.q, phase: q.phase, now: this.d.clock.now() },
      decodeCursor(q.cursor)?.id ?? null,
      q.limit + 1,
    );
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      items: await this.summaries(actor, page),
      nextCursor: rows.length > q.limit && last ? encodeCursor({ sort: null, id: last.id }) : null,
    };
  }

  /** A resident: the published surveys of their community they are asked, latest first (open ones first on the page). */
  async mine(ctx: RequestContext, q: z.infer<typeof S.MineQuery>): Promise<View<typeof S.MySurveyList>> {
    const actor = requireActor(ctx.actor);
    const personId = actor.personId;
    const home = await this.homeOf(actor);
    if (personId === null || home === null) return { items: [], nextCursor: null };
    const now = this.d.clock.now();
    let after = decodeCursor(q.cursor)?.id ?? null;
    const asked: repo.SurveyRow[] = [];
    let more = false;
    // Audience is read per survey: a page of a community's surveys at a time, those asking me kept.
    for (;;) {
      const rows = await repo.listSurveys(this.d.db, [home], { publishedOnly: true, now }, after, 100);
      for (const s of rows) {
        if (asked.length > q.limit) break;
        if (await this.mayAnswer(actor, s)) asked.push(s);
      }
      if (asked.length > q.limit) {
        more = true;
        break;
      }
      if (rows.length < 100) break;
      after = rows[rows.length - 1]!.id;
    }
    const page = asked.slice(0, q.limit);
    const last = page[page.length - 1];
    const answered = await repo.surveysAnsweredBy(
      this.d.db,
      page.map((s) => s.id),
      await Promise.all(page.map((s) => this.hashOf(s.id, personId))),
    );
    return {
      items: (await this.summaries(actor, page)).map((s) => ({ ...s, answered: answered.has(s.id) })),
      nextCursor: more && last ? encodeCursor({ sort: null, id: last.id }) : null,
    };
  }

  async get(ctx: RequestContext, id: number): Promise<View<typeof S.SurveyView>> {
    const { s, actor, asked } = await this.seen(ctx, id);
    const [summary] = await this.summaries(actor, [s]);
    const answered =
      asked && actor.personId !== null
        ? (await repo.answeredAmong(this.d.db, s.id, [await this.hashOf(s.id, actor.personId)])).size > 0
        : false;
    return {
      ...summary!,
      description: s.description,
      gridIds: s.grid_ids,
      buildingIds: s.building_ids,
      audienceTags: s.audience_tags,
      items: s.questions,
      mayAnswer: asked && !answered && phaseOf(s, this.d.clock.now()) === 'open',
      answered,
    };
  }

  private async checkBody(body: z.infer<typeof S.SurveyBody>) {
    if (!(await this.d.org.divisionsAtLevels(['community'])).some((d) => d.id === body.communityId))
      throw invalid('body.communityId', 'surveys.not_community');
    if (!(await this.d.org.liesIn(body.communityId, { buildingIds: body.buildingIds })))
      throw invalid('body.buildingIds', 'surveys.outside_community');
    for (const gridId of body.gridIds)
      if (!(await this.d.org.liesIn(body.communityId, { gridId })))
        throw invalid('body.gridIds', 'surveys.outside_community');
    const problem = questionProblems(body.questions as Question[])[0];
    if (problem) throw invalid(`body.questions.${problem.index}`, problem.key);
    if (new Date(body.closesAt) <= new Date(body.opensAt))
      throw invalid('body.closesAt', 'surveys.closes_before_opens');
  }

  private rowOf(body: z.infer<typeof S.SurveyBody>) {
    return {
      community_id: body.communityId,
      title: body.title,
      description: body.description,
      grid_ids: body.gridIds,
      building_ids: body.buildingIds,
      audience_tags: body.audienceTags,
      anonymous: body.anonymous,
      questions: JSON.stringify(body.questions),
      opens_at: new Date(body.opensAt),
      closes_at: new Date(body.closesAt),
    };
  }

  async create(ctx: RequestContext, body: z.infer<typeof S.SurveyBody>): Promise<View<typeof S.SurveyView>> {
    assertCanWrite(ctx.actor, 'surveys.manage', { divisionId: body.communityId, gridId: null });
    await this.checkBody(body);
    const now = this.d.clock.now();
    const row = await this.d.db.transaction().execute(async (trx) => {
      const s = await repo.insertSurvey(trx, {
        ...this.rowOf(body),
        published_at: null,
        created_by: ctx.actor!.userId,
        created_at: now,
        updated_at: now,
      });
      await this.d.audit.record(trx, ctx, {
        action: 'surveys.create',
        entityType: 'survey',
        entityId: s.id,
        place: placeOf(s),
        details: { title: s.title, questions: body.questions.length, anonymous: s.anonymous },
      });
      return s;
    });
    return this.get(ctx, row.id);
  }

  /** Changes a draft (its questions among the rest); a published survey stays as its respondents saw it. */
  async update(ctx: RequestContext, id: number, body: z.infer<typeof S.SurveyBody>) {
    const { s, manages } = await this.seen(ctx, id);
    if (!manages) throw new AppError('forbidden');
    assertCanWrite(ctx.actor, 'surveys.manage', { divisionId: body.communityId, gridId: null });
    if (s.published_at) throw new AppError('conflict', {}, [{ key: 'surveys.already_published' }]);
    await this.checkBody(body);
    await this.d.db.transaction().execute(async (trx) => {
      await repo.updateSurvey(trx, id, { ...this.rowOf(body), updated_at: this.d.clock.now() });
      await this.d.audit.record(trx, ctx, {
        action: 'surveys.update',
        entityType: 'survey',
        entityId: id,
        place: placeOf(s),
        details: { title: body.title, questions: body.questions.length },
      });
    });
    return this.get(ctx, id);
  }

  /** Publishes a draft: the audience's accounts are told in the app, with a link to answer. */
  async publish(ctx: RequestContext, id: number) {
    const { manages } = await this.seen(ctx, id);
    if (!manages) throw new AppError('forbidden');
    const now = this.d.clock.now();
    await this.d.db.transaction().execute(async (trx) => {
      const s = (await repo.surveyById(trx, id, true))!;
      if (s.published_at) throw new AppError('conflict', {}, [{ key: 'surveys.already_published' }]);
      if (s.closes_at <= now) throw new AppError('conflict', {}, [{ key: 'surveys.closes_in_past' }]);
      const persons = await this.d.org.audienceOf(audienceOf(s), AUDIENCE_CAP, trx);
      const users = [...(await this.d.auth.usersOfPersons(persons, trx)).values()];
      await this.d.notifications.notify(trx, users, {
        kind: 'survey',
        title: { key: 'notify.surveys.published', params: { title: s.title } },
        body: s.description.slice(0, 200),
        link: `/surveys/${s.id}`,
        entityType: 'survey',
        entityId: s.id,
      });
      await repo.updateSurvey(trx, id, { published_at: now, notified: users.length, updated_at: now });
      await this.d.audit.record(trx, ctx, {
        action: 'surveys.publish',
        entityType: 'survey',
        entityId: id,
        place: placeOf(s),
        details: { audience: persons.length, notified: users.length },
      });
    });
    return this.get(ctx, id);
  }

  /**
   * A resident's one response, checked against the questions (400 and nothing kept when an
   * answer does not fit). Anonymous: the row holds the answers and the keyed hash only, its
   * time to the hour, and no audit record names the survey for the person.
   */
  async respond(
    ctx: RequestContext,
    id: number,
    body: z.infer<typeof S.ResponseBody>,
  ): Promise<View<typeof S.ResponseView>> {
    const actor = requireActor(ctx.actor);
    const s = await repo.surveyById(this.d.db, id);
    if (!s || s.published_at === null) throw new AppError('not_found');
    if (actor.personId === null || !(await this.mayAnswer(actor, s)))
      throw new AppError('forbidden', {}, [{ key: 'surveys.not_in_audience' }]);
    const now = this.d.clock.now();
    if (phaseOf(s, now) !== 'open') throw new AppError('conflict', {}, [{ key: 'surveys.not_open' }]);
    const { answers, problems } = checkAnswers(s.questions, body.answers);
    if (problems.length > 0)
      throw new AppError(
        'validation_failed',
        {},
        problems.map((p) => ({ path: `body.answers.${p.questionId}`, key: p.key })),
      );
    const hash = await this.hashOf(s.id, actor.personId);
    const at = s.anonymous ? new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000) : now;
    await this.d.db.transaction().execute(async (trx) => {
      const fresh = await repo.insertResponse(trx, {
        survey_id: s.id,
        respondent_hash: hash,
        person_id: s.anonymous ? null : actor.personId,
        user_id: s.anonymous ? null : actor.userId,
        respondent_name: s.anonymous ? null : actor.displayName,
        answers: JSON.stringify(answers),
        submitted_at: at,
      });
      if (!fresh) throw new AppError('conflict', {}, [{ key: 'surveys.already_answered' }]);
      if (!s.anonymous)
        await this.d.audit.record(trx, ctx, {
          action: 'surveys.respond',
          entityType: 'survey',
          entityId: s.id,
          place: placeOf(s),
        });
    });
    return { submittedAt: at.toISOString() };
  }

  private async managedSurvey(ctx: RequestContext, id: number) {
    const actor = requireActor(ctx.actor);
    const s = await repo.surveyById(this.d.db, id);
    if (!s || !this.managed(actor).includes(s.community_id)) throw new AppError('not_found');
    return s;
  }

  /** Staff: counts and percents per option, ratings' spread and mean, numbers' mean. */
  async results(ctx: RequestContext, id: number): Promise<View<typeof S.ResultsView>> {
    const s = await this.managedSurvey(ctx, id);
    const responses = (await repo.answersOf(this.d.db, s.id)).map((r) => r.answers);
    const audience = await this.d.org.audienceOf(audienceOf(s), AUDIENCE_CAP);
    return {
      surveyId: s.id,
      title: s.title,
      responses: responses.length,
      audience: audience.length,
      questions: tally(s.questions, responses),
    };
  }

  /** Staff: the texts given to a question, latest first, searchable; names (named surveys) masked. */
  async texts(
    ctx: RequestContext,
    id: number,
    q: z.infer<typeof S.TextAnswersQuery>,
  ): Promise<Page<View<typeof S.TextAnswer>>> {
    const s = await this.managedSurvey(ctx, id);
    if (!s.questions.some((x) => x.id === q.questionId && x.type === 'text'))
      throw invalid('query.questionId', 'surveys.not_text_question');
    const rows = await repo.textAnswers(
      this.d.db,
      s.id,
      q.questionId,
      q.q,
      decodeCursor(q.cursor)?.id ?? null,
      q.limit + 1,
    );
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        responseId: r.id,
        text: r.text,
        respondent: r.respondent_name === null ? null : maskName(r.respondent_name),
      })),
      nextCursor: rows.length > q.limit && last ? encodeCursor({ sort: null, id: last.id }) : null,
    };
  }
}
