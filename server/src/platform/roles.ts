/** Roles and permissions: plain values, imported by the web too (through src/enums.ts). */

export const ROLES = [
  'resident',
  'courier',
  'grid_worker',
  'mediator',
  'safety_officer',
  'merchant',
  'dept_staff',
  'community_admin',
  'street_admin',
  'district_admin',
] as const;
export type Role = (typeof ROLES)[number];

export const STAFF_ROLES: readonly Role[] = [
  'grid_worker',
  'mediator',
  'safety_officer',
  'dept_staff',
  'community_admin',
  'street_admin',
  'district_admin',
];

/**
 * What a role may do. A permission holds only inside the org unit the role was
 * granted over; anything not listed is denied.
 */
export const PERMISSIONS = [
  'org.read', // divisions, grids, buildings, households
  'org.board.read', // the public board (三亮一做)
  'org.person.read', // people, personal data masked
  'org.person.reveal', // whole ID and phone numbers, each read audited
  'org.person.write',
  'org.structure.write', // grids, buildings, units, households
  'org.division.write',
  'org.assignment.write',
  'org.import',
  'audit.read',
  'auth.user.manage',
  'matters.report', // report, ask for help, suggest; follow and rate one's own
  'matters.read', // matters of the area, with their timelines
  'matters.handle', // accept, start, resolve, escalate, reject, merge at one's own level
  'matters.manage', // dispatch to others, verify and close, log on someone's behalf, service stations
  'matters.configure', // categories and deadlines, Open311 clients
  'points.read', // ledgers, statements, stats of the area
  'points.manage', // earning rules, corrections, honours, merchants
  'volunteer.manage', // teams, activities, verifying good deeds, wishes and projects
  'deliberation.manage', // topics onto the agenda, meetings and minutes, votes, consultation desks, moderation, follow-through
  'mediation.read', // dispute cases of the area, parties' numbers masked
  'mediation.handle', // take cases, hold sessions, record agreements, payments and follow-up visits
  'mediation.manage', // studios and mediators, assignment, task forces, extensions, statistics
  'devices.read', // devices, readings, rules and alarms of the area
  'devices.handle', // acknowledge and clear alarms
  'devices.manage', // register devices, rotate secrets, rules, gateway statistics
  'care.read', // care targets of the area, the daily-check board, visits
  'care.manage', // take people into care, set helpers, checks and visit plans
  'charging.read', // charging stations, sessions, receipts and statistics of the area
  'charging.manage', // stations, ports, tariffs; start and stop sessions by hand
  'field.patrol', // patrol (trail, check-ins, findings) and visit in the field, and read one's own work log
  'field.read', // patrols and visits of the area, the day's trails on the map, visits due
  'field.manage', // the work logs of the area's staff, how often each kind of person is visited
  'supervision.read', // supervision orders (督办) of the area, their cards and counts per unit
  'supervision.manage', // put matters and units under supervision, remind (催办), move deadlines, close
  'reports.read', // monthly reports (月度通报) of the area's streets and districts, and of those it lies in
  'reports.generate', // generate a street's or district's monthly report again, on demand
  'assessment.read', // assessment scores (考核) of the area with their records, and the district's schemes
  'assessment.review', // decide appeals (申诉) on scores of the area
  'assessment.configure', // the district's schemes (versions) and running a month's scoring
  'servicemap.read', // the service map (服务一张图) of the area: 15-minute coverage, gaps, what-if stations
  'warnings.read', // early warnings (预警) of the area with their explanations
  'warnings.judge', // give a warning its verdict: confirmed, already known, false
  'rights.read', // rights cases (维权) of the area with their deadlines and routes, workers' numbers masked
  'rights.reveal', // a rights case's worker's whole name, phone and ID number, each read audited
  'rights.handle', // take intakes from hotlines and desks, route cases again, record what was recovered
  'rights.manage', // the duty rota of lawyers and counsellors whose slots workers book
  'oddjobs.read', // the odd-job market (零工市场) of the area: employers, postings, applicants
  'oddjobs.review', // approve or reject employers before their first posting
  'jobfairs.read', // job fairs (招聘会) of the area: sign-ups and sign-ins, interviews, follow-ups due, reports
  'jobfairs.manage', // set up, publish and close fairs, show the door code, sign seekers in, record follow-ups
  'courses.read', // courses (骑士学院, 党群夜校) of the area with their figures and certificates, holders' names masked
  'courses.manage', // create courses and sessions, show the check-in code at a session, revoke certificates
  'special.read', // the restricted register of people who need special attention (重点人群), each read audited; not for admins
  'special.manage', // register people in it, record visits
  'welfare.manage', // courier welfare: offers at partner canteens and shops of the area, and their figures
  'credit.read', // merchant credit (商户信用分) of the area: scores with their evidence, appeals, the inspection-priority list
  'credit.manage', // record credit evidence, the regulator's grades and pledges; decide appeals and credit repair
  'access.read', // 智慧平安小区: people, vehicles, visitor passes, entry search (audited), hourly entries, watch list and alarms of the area
  'access.manage', // register people and vehicles at the gates, revoke passes, keep the watch list
  'party.read', // party organisations (党建) of the area, their members (流动党员 in both branches), 报到 and figures
  'party.manage', // add organisations and members, enrol a 流动党员 where they live, confirm 报到
  'campaigns.read', // inspection campaigns (专项整治) of the area: progress, findings, rectification notices
  'campaigns.manage', // set up campaigns with checklist, targets and task force; record inspections and re-checks
  'compounds.read', // compounds (小区) of the area and their file: committee, property company, meetings, matters
  'compounds.manage', // create and change compounds, their committee members, property contracts and meeting links
  'legal.manage', // 普法与反诈: write the library's articles, read residents' reports of suspicious numbers and links
  'budgets.manage', // participatory budgets (微实事, 微创投): open rounds, judge proposals, count, record spending
  'notices.read', // notices (通知公告, 反诈预警) of the area with their recipients' sent, delivered, read and acknowledged
  'notices.publish', // publish notices to the people of the area, record acknowledgements after a call or visit, resend
  'notices.visit', // visit tasks (走访) for elders who did not acknowledge an anti-fraud alert, and closing them
  'alliance.read', // alliance units (联建单位: 红色蜂巢, 零工市场联盟, 党建联建) of the area, members' phones masked
  'alliance.manage', // register and change units, their members and contacts; claim wishes and projects as a unit
  'alliance.reveal', // a unit member's whole phone number, each read audited
  'surveys.manage', // surveys (问卷) of the area: write, publish, read results and export them
  'cockpit.read', // the cockpit (驾驶舱) of the area: indicator tiles of every module the role reads, each opening its list
] as const;
export type Permission = (typeof PERMISSIONS)[number];
