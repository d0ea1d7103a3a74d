import type { z } from 'zod';
import { exportSource } from '../exports/source.ts';
import * as S from './schema.ts';
import type { PointsService } from './service.ts';

type Account = z.infer<typeof S.PersonAccountView>;

/** People's points accounts (GET /api/points/accounts, 积分账户) as an export, with its filters and area. */
export function pointsAccountExportSource(points: PointsService) {
  return exportSource<z.infer<typeof S.PersonAccountQuery>, Account>({
    kind: 'points-accounts',
    title: { 'zh-CN': '积分账户', en: 'Points accounts' },
    filters: S.PersonAccountQuery,
    page: (ctx, filters, page) => points.listAccounts(ctx, { ...filters, ...page }),
    columns: [
      { key: 'id', header: { 'zh-CN': '账户编号', en: 'Account' }, width: 10, value: (a) => a.id },
      { key: 'name', header: { 'zh-CN': '姓名', en: 'Name' }, width: 14, value: (a) => a.name },
      { key: 'balance', header: { 'zh-CN': '积分余额', en: 'Balance' }, width: 10, value: (a) => a.balance },
    ],
  });
}
