import type { Updateable } from 'kysely';
import type { z } from 'zod';
import { assertCanRead, assertCanWrite, requireActor, requirePermission } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, isUniqueViolation, type ErrorDetail } from '../../platform/errors.ts';
import { localParts } from '../../platform/local-time.ts';
import { decodeCursor, toPage, type Page } from '../../platform/pagination.ts';
import {
  birthDateFromIdNumber,
  genderFromIdNumber,
  maskPhone,
  normalizeIdNumber,
  normalizePhone,
} from '../../platform/personal-data.ts';
import { assertMayFilePerson, assertMayReveal, personPlace, personSearchScope } from './access.ts';
import { presentPerson } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import type { OrgDeps } from './service.ts';
import type { PersonTable } from './tables.ts';

// People: the register, its searches, and the audited reads of whole numbers.

type View<T extends z.ZodTypeAny> = z.infer<T>;

/** Today's local date ('YYYY-MM-DD') by the clock, in the TIME_ZONE setting. */
function today(deps: OrgDeps) {
  return localParts(deps.clock.now(), deps.timeZone).date;
}

export async function listPersons(deps: OrgDeps, ctx: RequestContext, query: z.infer<typeof S.PersonListQuery>) {
  const numberSearch = Boolean(query.q && repo.isNumberSearch(query.q));
  const scope = personSearchScope(ctx.actor, numberSearch);
  const filter = { ...query, tags: query.tag };
  // A search by a whole number is a read of that number: audited.
  if (numberSearch) {
    await deps.db.transaction().execute((trx) =>
      deps.audit.record(trx, ctx, {
        action: 'org.person.search_number',
        entityType: 'person',
        details: { number: maskPhone(query.q!.trim()) },
      }),
    );
  }
  const rows = await repo.listPersons(deps.db, scope, filter, decodeCursor(query.cursor), query.limit);
  // One clock reading and one local date for the page, not one per row.
  const now = deps.clock.now();
  const day = localParts(now, deps.timeZone).date;
  const page: Page<View<typeof S.PersonView>> = toPage(
    rows,
    query.limit,
    (r) => presentPerson(r, now, deps.timeZone, day),
    (r) => ({ sort: null, id: r.id }),
  );
  if (query.withTotal) page.total = await repo.countPersons(deps.db, scope, filter);
  return page;
}

export async function getPerson(deps: OrgDeps, ctx: RequestContext, id: number) {
  const p = await repo.personById(deps.db, id);
  assertCanRead(ctx.actor, 'org.person.read', personPlace(p));
  return presentPerson(p!, deps.clock.now(), deps.timeZone);
}

/** The whole ID and phone numbers; each call leaves an audit record. */
export async function revealPerson(deps: OrgDeps, ctx: RequestContext, id: number) {
  const p = await repo.personById(deps.db, id);
  const place = personPlace(p);
  assertCanRead(ctx.actor, 'org.person.read', place);
  assertMayReveal(ctx.actor, place!);
  await deps.db.transaction().execute((trx) =>
    deps.audit.record(trx, ctx, {
      action: 'org.person.reveal',
      entityType: 'person',
      entityId: id,
      place,
      details: { fields: ['idNumber', 'phone'] },
    }),
  );
  return { idNumber: p!.id_number, phone: p!.phone };
}

export async function tags(deps: OrgDeps, ctx: RequestContext) {
  const scope = requirePermission(ctx.actor, 'org.person.read');
  const rows = await repo.tagCounts(deps.db, scope);
  return { items: rows.map((r) => ({ tag: r.tag, count: Number(r.n) })) };
}

/** Checks the links and numbers of a person; returns the columns to store. */
async function personColumns(
  deps: OrgDeps,
  communityId: number,
  body: z.infer<typeof S.UpdatePersonBody>,
  existing?: { id: number; grid_id: number | null; building_id: number | null; household_id: number | null },
) {
  const problems: ErrorDetail[] = [];
  const out: Updateable<PersonTable> & { grid_id: number | null } = { grid_id: null };
  let gridId = body.gridId === undefined ? (existing?.grid_id ?? null) : body.gridId;
  let buildingId = body.buildingId === undefined ? (existing?.building_id ?? null) : body.buildingId;
  const householdId = body.householdId === undefined ? (existing?.household_id ?? null) : body.householdId;
  if (householdId) {
    const h = await repo.householdById(deps.db, householdId);
    if (!h || h.community_id !== communityId)
      problems.push({ path: 'body.householdId', key: 'org.household_not_in_community' });
    else {
      if (buildingId && buildingId !== h.building_id)
        problems.push({ path: 'body.householdId', key: 'org.household_not_in_building' });
      buildingId = h.building_id;
    }
  }
  if (buildingId) {
    const b = await repo.buildingById(deps.db, buildingId);
    if (!b || b.community_id !== communityId)
      problems.push({ path: 'body.buildingId', key: 'org.building_not_in_community' });
    else if (body.gridId === undefined && b.grid_id) gridId = b.grid_id;
  }
  if (gridId) {
    const g = await repo.gridById(deps.db, gridId);
    if (!g || g.community_id !== communityId) problems.push({ path: 'body.gridId', key: 'org.grid_not_in_community' });
  }
  out.grid_id = gridId;
  out.building_id = buildingId;
  out.household_id = householdId;
  if (body.idNumber !== undefined) {
    if (body.idNumber === null || body.idNumber === '') out.id_number = null;
    else {
      const idNumber = normalizeIdNumber(body.idNumber, today(deps));
      if (!idNumber) problems.push({ path: 'body.idNumber', key: 'org.bad_id_number' });
      else {
        out.id_number = idNumber;
        if (!body.birthDate) out.birth_date = birthDateFromIdNumber(idNumber);
        if (!body.gender) out.gender = genderFromIdNumber(idNumber);
      }
    }
  }
  if (body.phone !== undefined) {
    if (body.phone === null || body.phone === '') out.phone = null;
    else {
      const phone = normalizePhone(body.phone);
      if (!phone) problems.push({ path: 'body.phone', key: 'org.bad_phone' });
      else out.phone = phone;
    }
  }
  if (body.birthDate !== undefined) out.birth_date = body.birthDate;
  if (body.birthDate && body.birthDate > today(deps)) {
    problems.push({ path: 'body.birthDate', key: 'org.birth_in_future' });
  }
  if (body.name !== undefined) out.name = body.name;
  if (body.gender !== undefined) out.gender = body.gender;
  if (body.isOwner !== undefined) out.is_owner = body.isOwner;
  if (body.address !== undefined) out.address = body.address;
  if (body.note !== undefined) out.note = body.note;
  if (body.tags !== undefined) out.tags = [...new Set(body.tags)];
  if (problems.length) throw new AppError('validation_failed', {}, problems);
  return out;
}

export async function createPerson(deps: OrgDeps, ctx: RequestContext, body: z.infer<typeof S.CreatePersonBody>) {
  const community = await repo.divisionById(deps.db, body.communityId);
  const place = community ? { divisionId: community.id, gridId: body.gridId ?? null } : undefined;
  const actor = requireActor(ctx.actor);
  if (!place) throw new AppError('not_found');
  if (community!.level !== 'community') {
    throw new AppError('validation_failed', {}, [{ path: 'body.communityId', key: 'org.not_community' }]);
  }
  const columns = await personColumns(deps, community!.id, body);
  assertMayFilePerson(actor, { divisionId: community!.id, gridId: columns.grid_id ?? null });
  try {
    const id = await deps.db.transaction().execute(async (trx) => {
      const now = deps.clock.now();
      const personId = await repo.insertPerson(trx, {
        ...columns,
        community_id: community!.id,
        name: body.name,
        created_at: now,
        updated_at: now,
      });
      await deps.audit.record(trx, ctx, {
        action: 'org.person.create',
        entityType: 'person',
        entityId: personId,
        place: { divisionId: community!.id, gridId: columns.grid_id ?? null },
        details: { name: body.name },
      });
      return personId;
    });
    return getPerson(deps, ctx, id);
  } catch (e) {
    if (isUniqueViolation(e, 'persons_id_number')) {
      throw new AppError('conflict', {
        reason: ctx.locale === 'en' ? 'ID number already registered' : '身份证号码已登记',
      });
    }
    throw e;
  }
}

export async function updatePerson(
  deps: OrgDeps,
  ctx: RequestContext,
  id: number,
  body: z.infer<typeof S.UpdatePersonBody>,
) {
  const p = await repo.personById(deps.db, id);
  const place = personPlace(p);
  assertCanWrite(ctx.actor, 'org.person.write', place);
  const columns = await personColumns(deps, p!.community_id, body, p!);
  // Moving someone to a grid the caller does not hold is not allowed either.
  assertMayFilePerson(ctx.actor, { divisionId: p!.community_id, gridId: columns.grid_id ?? null });
  try {
    await deps.db.transaction().execute(async (trx) => {
      await repo.updatePerson(trx, id, columns, deps.clock.now());
      await deps.audit.record(trx, ctx, {
        action: 'org.person.update',
        entityType: 'person',
        entityId: id,
        place,
        details: { fields: Object.keys(body) },
      });
    });
  } catch (e) {
    if (isUniqueViolation(e, 'persons_id_number')) {
      throw new AppError('conflict', {
        reason: ctx.locale === 'en' ? 'ID number already registered' : '身份证号码已登记',
      });
    }
    throw e;
  }
  return getPerson(deps, ctx, id);
}

export async function deletePerson(deps: OrgDeps, ctx: RequestContext, id: number) {
  const p = await repo.personById(deps.db, id);
  const place = personPlace(p);
  assertCanWrite(ctx.actor, 'org.person.write', place);
  await deps.db.transaction().execute(async (trx) => {
    await repo.deletePerson(trx, id);
    await deps.audit.record(trx, ctx, {
      action: 'org.person.delete',
      entityType: 'person',
      entityId: id,
      place,
      details: { name: p!.name },
    });
  });
}
