import type { z } from 'zod';
import { word, type Words } from '../exports/cell-words.ts';
import { exportSource } from '../exports/source.ts';
import type { OrgService } from '../org/service.ts';
import * as S from './schema.ts';
import type { VolunteerService } from './service.ts';

type Activity = z.infer<typeof S.ActivityView>;
type Team = z.infer<typeof S.TeamSummary> & { communityName: string };

const STATUS: Words = {
  open: { 'zh-CN': '报名中', en: 'Open' },
  closed: { 'zh-CN': '已截止', en: 'Closed' },
  cancelled: { 'zh-CN': '已取消', en: 'Cancelled' },
};

/** Hours approved on an activity, from the sign-ups the list shows to those who lead it; else empty. */
const approvedHours = (a: Activity) =>
  a.signups ? Math.round(a.signups.reduce((sum, s) => sum + (s.approvedMinutes ?? 0), 0) / 6) / 10 : null;

/** Volunteer activities (GET /api/volunteer/activities, 志愿活动) as an export, with its filters and area. */
export function volunteerActivityExportSource(volunteer: VolunteerService) {
  return exportSource<z.infer<typeof S.ActivityListQuery>, Activity>({
    kind: 'volunteer-activities',
    title: { 'zh-CN': '志愿活动', en: 'Volunteer activities' },
    filters: S.ActivityListQuery,
    page: (ctx, filters, page) => volunteer.listActivities(ctx, { ...filters, ...page }),
    columns: [
      { key: 'title', header: { 'zh-CN': '活动名称', en: 'Activity' }, width: 30, value: (a) => a.title },
      { key: 'team', header: { 'zh-CN': '志愿队伍', en: 'Team' }, width: 18, value: (a) => a.teamName },
      { key: 'startsAt', header: { 'zh-CN': '开始时间', en: 'Starts' }, value: (a, f) => f.time(a.startsAt) },
      { key: 'endsAt', header: { 'zh-CN': '结束时间', en: 'Ends' }, value: (a, f) => f.time(a.endsAt) },
      { key: 'place', header: { 'zh-CN': '地点', en: 'Place' }, width: 24, value: (a) => a.place },
      { key: 'capacity', header: { 'zh-CN': '名额', en: 'Places' }, width: 6, value: (a) => a.capacity },
      { key: 'signedUp', header: { 'zh-CN': '已报名', en: 'Signed up' }, width: 8, value: (a) => a.signedUp },
      {
        key: 'status',
        header: { 'zh-CN': '状态', en: 'Status' },
        width: 8,
        value: (a, f) => word(STATUS, a.status, f.locale),
      },
      {
        key: 'approvedHours',
        header: { 'zh-CN': '认定时长合计（小时）', en: 'Approved hours' },
        width: 12,
        value: approvedHours,
      },
      {
        key: 'description',
        header: { 'zh-CN': '活动内容', en: 'Description' },
        width: 40,
        value: (a) => a.description,
      },
    ],
  });
}

/**
 * Volunteer teams (GET /api/volunteer/teams, 志愿队伍) as an export, with its filters and area.
 * The list is not paged (it answers every team of the area at once), so neither is the export;
 * the list gives a community's id only, so its name is looked up as the console does.
 */
export function volunteerTeamExportSource(volunteer: VolunteerService, org: OrgService) {
  return exportSource<z.infer<typeof S.TeamListQuery>, Team>({
    kind: 'volunteer-teams',
    title: { 'zh-CN': '志愿队伍', en: 'Volunteer teams' },
    filters: S.TeamListQuery,
    page: async (ctx, filters, page) => {
      const { items } = await volunteer.listTeams(ctx, filters);
      const names = await org.names({ divisionIds: items.map((team) => team.communityId) });
      return {
        items: items.map((team) => ({ ...team, communityName: names.divisions.get(team.communityId) ?? '' })),
        nextCursor: null,
        ...(page.withTotal ? { total: items.length } : {}),
      };
    },
    columns: [
      { key: 'name', header: { 'zh-CN': '队伍名称', en: 'Team' }, width: 24, value: (team) => team.name },
      { key: 'community', header: { 'zh-CN': '社区', en: 'Community' }, value: (team) => team.communityName },
      { key: 'members', header: { 'zh-CN': '成员数', en: 'Members' }, width: 8, value: (team) => team.members },
      {
        key: 'description',
        header: { 'zh-CN': '队伍简介', en: 'Description' },
        width: 40,
        value: (team) => team.description,
      },
    ],
  });
}
