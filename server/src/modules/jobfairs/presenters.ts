import type { z } from 'zod';
import { addDays } from '../../platform/local-time.ts';
import { maskName, maskPhone } from '../../platform/personal-data.ts';
import type { BoothRow, FairRow, InterviewRow, PositionRow, SignupRow } from './repository.ts';
import type * as S from './schema.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

/** Days after a hire when the follow-up falls due. */
export const FOLLOW_UP_DAYS = 30;

export function presentFair(f: FairRow, divisionName: string, signedUp: number): View<typeof S.FairView> {
  return {
    id: f.id,
    division: { id: f.division_id, name: divisionName },
    title: f.title,
    description: f.description,
    placeName: f.place_name,
    startsAt: f.starts_at.toISOString(),
    endsAt: f.ends_at.toISOString(),
    capacity: f.capacity,
    signedUp,
    status: f.status,
    createdAt: f.created_at.toISOString(),
  };
}

export function presentPosition(p: PositionRow): View<typeof S.PositionView> {
  return {
    id: p.id,
    boothId: p.booth_id,
    title: p.title,
    headcount: p.headcount,
    wageFen: p.wage_fen,
    wageUnit: p.wage_unit,
    minimumFen: p.minimum_fen,
  };
}

export function presentBooth(b: BoothRow, positions: readonly PositionRow[]): View<typeof S.BoothView> {
  return {
    id: b.id,
    fairId: b.fair_id,
    employer: { id: b.employer_id, name: b.employer_name },
    positions: positions.filter((p) => p.booth_id === b.id).map(presentPosition),
    createdAt: b.created_at.toISOString(),
  };
}

/** A sign-up: whole to the seeker, name and phone masked to staff. */
export function presentSignup(s: SignupRow, own: boolean): View<typeof S.SignupView> {
  return {
    id: s.id,
    fairId: s.fair_id,
    name: own ? s.name : maskName(s.name),
    phone: own ? (s.phone ?? '') : (maskPhone(s.phone) ?? ''),
    code: s.code,
    signedInAt: s.signed_in_at?.toISOString() ?? null,
    signedInVia: s.signed_in_via,
    createdAt: s.created_at.toISOString(),
  };
}

export interface InterviewFacts {
  fair: FairRow | undefined;
  booth: BoothRow | undefined;
  position: PositionRow | undefined;
  signup: SignupRow | undefined;
  followedUp: boolean;
}

/** An interview with its offer: the seeker's name whole to the seeker only. */
export function presentInterview(i: InterviewRow, x: InterviewFacts, own: boolean): View<typeof S.InterviewView> {
  const name = x.signup?.name ?? '';
  return {
    id: i.id,
    fair: { id: i.fair_id, title: x.fair?.title ?? '' },
    employer: { id: x.booth?.employer_id ?? 0, name: x.booth?.employer_name ?? '' },
    position: {
      id: i.position_id,
      title: x.position?.title ?? '',
      wageFen: x.position?.wage_fen ?? 0,
      wageUnit: x.position?.wage_unit ?? 'hour',
    },
    seekerName: own ? name : maskName(name),
    outcome: i.outcome,
    response: i.response,
    hiredAt: i.hired_at?.toISOString() ?? null,
    hiredOn: i.hired_on,
    followUpDue: i.hired_on ? addDays(i.hired_on, FOLLOW_UP_DAYS) : null,
    followedUp: x.followedUp,
    createdAt: i.created_at.toISOString(),
  };
}
