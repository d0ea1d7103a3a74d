import type { z } from 'zod';
import { maskName, maskPhone } from '../../platform/personal-data.ts';
import type { ApplicationRow, EmployerRow, PostingRow, SeekerRow } from './repository.ts';
import { weekdaysOf } from './matching.ts';
import type * as S from './schema.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

/** An employer: the contact masked unless the reader is the employer. */
export function presentEmployer(e: EmployerRow, communityName: string, own: boolean): View<typeof S.EmployerView> {
  return {
    id: e.id,
    name: e.name,
    creditCode: e.credit_code,
    community: { id: e.community_id, name: communityName },
    contactName: own ? e.contact_name : maskName(e.contact_name),
    contactPhone: own ? e.contact_phone : (maskPhone(e.contact_phone) ?? ''),
    status: e.status,
    reviewNote: e.review_note,
    createdAt: e.created_at.toISOString(),
  };
}

export function presentPosting(p: PostingRow, employerName: string, communityName: string): View<typeof S.PostingView> {
  return {
    id: p.id,
    employer: { id: p.employer_id, name: employerName },
    community: { id: p.community_id, name: communityName },
    title: p.title,
    description: p.description,
    kind: p.kind,
    wageFen: p.wage_fen,
    wageUnit: p.wage_unit,
    hourlyFen: p.hourly_fen,
    city: p.city,
    minimumFen: p.minimum_fen,
    placeName: p.place_name,
    lat: p.lat,
    lng: p.lng,
    startsAt: p.starts_at.toISOString(),
    endsAt: p.ends_at.toISOString(),
    skills: p.skills,
    certificates: p.certificates,
    headcount: p.headcount,
    hiredCount: p.hired_count,
    status: p.status,
    createdAt: p.created_at.toISOString(),
  };
}

export function presentSeeker(s: SeekerRow): View<typeof S.SeekerView> {
  return {
    id: s.id,
    communityId: s.community_id,
    skills: s.skills,
    certificates: s.certificates,
    lat: s.lat,
    lng: s.lng,
    radiusM: s.radius_m,
    expectedHourlyFen: s.expected_hourly_fen,
    weekdays: weekdaysOf(s.weekdays),
    birthYear: s.birth_year,
    disabled: s.declared_disabled,
  };
}

const HIRED = new Set(['hired', 'checked_in', 'checked_out', 'paid']);

/**
 * An application. The seeker reads their own whole; the employer reads the seeker's name and
 * phone masked until they hire them (隐私保护: numbers only after mutual acceptance).
 */
export function presentApplication(
  a: ApplicationRow,
  posting: { id: number; title: string; employerName: string },
  seeker: { name: string; phone: string | null; skills: string[] },
  reader: 'seeker' | 'employer' | 'staff',
): View<typeof S.ApplicationView> {
  const whole = reader === 'seeker' || (reader === 'employer' && HIRED.has(a.status));
  return {
    id: a.id,
    posting,
    seekerName: whole ? seeker.name : maskName(seeker.name),
    seekerPhone: whole ? (seeker.phone ?? '') : (maskPhone(seeker.phone) ?? ''),
    seekerSkills: seeker.skills,
    status: a.status,
    note: a.note,
    checkInAt: a.check_in_at?.toISOString() ?? null,
    checkOutAt: a.check_out_at?.toISOString() ?? null,
    dueFen: a.due_fen,
    employerPayFen: a.employer_pay_fen,
    seekerPayFen: a.seeker_pay_fen,
    employerRating: a.employer_rating,
    seekerRating: a.seeker_rating,
    rightsCaseId: a.rights_case_id,
    createdAt: a.created_at.toISOString(),
  };
}
