import type { z } from 'zod';
import { exportSource, joined } from '../exports/source.ts';
import * as S from './schema.ts';
import type { UsersService } from './users.ts';

const ROLE_WORDS: Record<string, string> = {
  resident: '居民',
  courier: '骑手',
  grid_worker: '网格员',
  mediator: '调解员',
  safety_officer: '综治专干',
  merchant: '商户',
  dept_staff: '部门人员',
  station_staff: '站点值班',
  community_admin: '社区管理员',
  street_admin: '街道管理员',
  district_admin: '区管理员',
};

/** Accounts (GET /api/users) as an export: phones masked as the list shows them. */
export function userExportSource(users: UsersService) {
  return exportSource<z.infer<typeof S.UserListQuery>, S.UserView>({
    kind: 'users',
    title: { 'zh-CN': '用户列表', en: 'Users' },
    filters: S.UserListQuery,
    page: (ctx, filters, page) => users.list(ctx, { ...filters, ...page }),
    columns: [
      { key: 'username', header: { 'zh-CN': '账号', en: 'Username' }, value: (u) => u.username },
      { key: 'displayName', header: { 'zh-CN': '姓名', en: 'Name' }, value: (u) => u.displayName },
      { key: 'phone', header: { 'zh-CN': '手机号码', en: 'Phone' }, width: 14, value: (u) => u.phone },
      {
        key: 'status',
        header: { 'zh-CN': '状态', en: 'Status' },
        width: 8,
        value: (u, f) => (f.locale === 'en' ? u.status : u.status === 'active' ? '正常' : '已停用'),
      },
      {
        key: 'grants',
        header: { 'zh-CN': '角色', en: 'Roles' },
        width: 40,
        value: (u, f) =>
          joined(
            u.grants.map((g) => `${f.locale === 'en' ? g.role : (ROLE_WORDS[g.role] ?? g.role)}（${g.unitName}）`),
          ),
      },
      {
        key: 'lastLoginAt',
        header: { 'zh-CN': '最近登录', en: 'Last sign-in' },
        value: (u, f) => f.time(u.lastLoginAt),
      },
      { key: 'createdAt', header: { 'zh-CN': '创建时间', en: 'Created' }, value: (u, f) => f.time(u.createdAt) },
    ],
  });
}
