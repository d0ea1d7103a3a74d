import type { TFunction } from 'i18next';
import { DEPARTMENTS, type AssignmentKind, type Department, type GridKind, type Role } from './types.ts';

export const KNOWN_TAGS = [
  'elderly_alone',
  'elderly',
  'disabled',
  'serious_illness',
  'migrant',
  'party_member',
  'low_income',
  'veteran',
  'courier',
  'volunteer',
  'minor',
  'key_care',
] as const;
export type KnownTag = (typeof KNOWN_TAGS)[number];

export function isKnownTag(tag: string): tag is KnownTag {
  return (KNOWN_TAGS as readonly string[]).includes(tag);
}

/** Colours (antd presets) chosen so that the tags that call for care stand out. */
const TAG_COLORS: Record<KnownTag, string> = {
  elderly_alone: 'volcano',
  elderly: 'orange',
  disabled: 'purple',
  serious_illness: 'magenta',
  migrant: 'cyan',
  party_member: 'red',
  low_income: 'gold',
  veteran: 'green',
  courier: 'blue',
  volunteer: 'geekblue',
  minor: 'lime',
  key_care: 'volcano',
};

/** A tag's label in the UI language; tags a community made up itself are shown as written. */
export function tagLabel(t: TFunction, tag: string): string {
  return isKnownTag(tag) ? t(`tags.${tag}`) : tag;
}

export function tagColor(tag: string): string | undefined {
  return isKnownTag(tag) ? TAG_COLORS[tag] : undefined;
}

export const GRID_KIND_COLORS: Record<GridKind, string> = {
  resident: '#1f6fd1',
  special: '#d46b08',
  mobile: '#389e0d',
};

export function gridKindLabel(t: TFunction, kind: GridKind): string {
  return t(`gridKinds.${kind}`);
}

export function assignmentKindLabel(t: TFunction, kind: AssignmentKind): string {
  return t(`assignmentKinds.${kind}`);
}

export function roleLabel(t: TFunction, role: Role): string {
  return t(`roles.${role}`);
}

/** Highest first, so the header shows the role that reaches furthest. */
const ROLE_RANK: Role[] = [
  'district_admin',
  'street_admin',
  'community_admin',
  'dept_staff',
  'grid_worker',
  'mediator',
  'safety_officer',
  'merchant',
  'courier',
  'resident',
];

export function primaryRole(roles: readonly { role: Role }[]): Role | undefined {
  return ROLE_RANK.find((role) => roles.some((r) => r.role === role));
}

/** 综合行政执法（城管）: a department (职能部门) by its code; an unknown code as it is. */
export function departmentName(t: TFunction, code: string | null): string {
  if (!code) return '—';
  return (DEPARTMENTS as readonly string[]).includes(code) ? t(`departments.${code as Department}`) : code;
}

/**
 * The role the header names, and for department staff the department they work for:
 * 网格员, or 职能部门 · 综合行政执法（城管）.
 */
export function primaryRoleLabel(
  t: TFunction,
  roles: readonly { role: Role; department?: string | null }[],
): string | undefined {
  const role = primaryRole(roles);
  if (!role) return undefined;
  const departments = new Set(
    roles.filter((r) => r.role === role && r.department).map((r) => departmentName(t, r.department!)),
  );
  return [roleLabel(t, role), [...departments].join(t('common.listSeparator'))].filter(Boolean).join(' · ');
}
