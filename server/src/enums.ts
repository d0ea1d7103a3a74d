/**
 * The API's enumerations as values, for the web: one home for each list (the server's), so
 * the web's selects and filters offer exactly what the server accepts. Only plain `as const`
 * arrays from files without runtime imports belong here, since the web bundles this file.
 */
export { PERMISSIONS, ROLES, STAFF_ROLES } from './platform/roles.ts';
export { CHECK_KINDS, CHECK_STATUSES, HELPER_RELATIONS, TARGET_KINDS, VISIT_METHODS } from './modules/care/tables.ts';
export { BAND_KINDS } from './modules/charging/tables.ts';
export {
  BALLOT_CHANNELS,
  DECISION_STATUSES,
  MEETING_KINDS,
  SECOND_BALLOT_RULES,
  TOPIC_STATUSES,
  VOTE_PHASES,
} from './modules/deliberation/tables.ts';
export { ACTIVE_STATUSES, ALARM_STATUSES, DEVICE_TYPES, RULE_KINDS, SEVERITIES } from './modules/devices/tables.ts';
export {
  DEPARTMENT_CODES as DEPARTMENTS,
  DURATION_UNITS,
  FACILITIES,
  FIELD_TYPES,
  KIND_SERVICES,
  MATTER_KINDS,
  MATTER_LEVELS,
  MATTER_QUEUES,
  MATTER_STATUSES,
  SERVICE_KINDS,
  STATION_KINDS,
  URGENCIES,
} from './modules/matters/tables.ts';
export {
  CASE_STATUSES,
  CATEGORIES as MEDIATION_CATEGORIES,
  PARTY_ROLES,
  REFERRALS,
  RISKS,
  SOURCES as MEDIATION_SOURCES,
  STUDIO_KINDS,
  TASK_FORCE_ROLES,
} from './modules/mediation/tables.ts';
export {
  ASSIGNMENT_KINDS,
  BUILDING_KINDS,
  DIVISION_LEVELS,
  GENDERS,
  GRID_KINDS,
  IMPORT_KINDS,
} from './modules/org/tables.ts';
export { EARNING_EVENT_TYPES, POSTING_KINDS } from './modules/points/tables.ts';
export { WISH_STATUSES } from './modules/volunteer/tables.ts';
export { OPEN_STATUSES as OPEN_MATTER_STATUSES } from './modules/matters/workflow.ts';
export { AUDIT_ACTIONS } from './modules/audit/actions.ts';
export {
  APPEAL_STATUSES as ASSESSMENT_APPEAL_STATUSES,
  INDICATOR_CATALOGUE,
  INDICATORS as ASSESSMENT_INDICATORS,
  SUBJECT_KINDS as ASSESSMENT_SUBJECT_KINDS,
} from './modules/assessment/tables.ts';
