import type { z } from 'zod';
import { type Words, word } from '../exports/cell-words.ts';
import { exportSource } from '../exports/source.ts';
import type { OrgService } from '../org/service.ts';
import * as S from './schema.ts';
import type { PointsService } from './service.ts';

type Account = z.infer<typeof S.PersonAccountView>;
type Merchant = z.infer<typeof S.MerchantView> & { communityName: string };

const MERCHANT_STANDING: Words = {
  active: { 'zh-CN': '合作中', en: 'Active' },
  inactive: { 'zh-CN': '已停用', en: 'Stopped' },
};

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

/**
 * Merchants where points are spent (GET /api/points/merchants, 爱心商户) as an export, with its
 * filters; the list gives a community's id only, so its name is looked up as the console does.
 */
export function pointsMerchantExportSource(points: PointsService, org: OrgService) {
  return exportSource<z.infer<typeof S.MerchantListQuery>, Merchant>({
    kind: 'points-merchants',
    title: { 'zh-CN': '爱心商户', en: 'Merchants' },
    filters: S.MerchantListQuery,
    page: async (ctx, filters, page) => {
      const merchants = await points.listMerchants(ctx, { ...filters, ...page });
      const names = await org.names({ divisionIds: merchants.items.map((m) => m.communityId) });
      return {
        ...merchants,
        items: merchants.items.map((m) => ({ ...m, communityName: names.divisions.get(m.communityId) ?? '' })),
      };
    },
    columns: [
      { key: 'name', header: { 'zh-CN': '商户名称', en: 'Merchant' }, width: 24, value: (m) => m.name },
      { key: 'community', header: { 'zh-CN': '社区', en: 'Community' }, value: (m) => m.communityName },
      { key: 'address', header: { 'zh-CN': '地址', en: 'Address' }, width: 30, value: (m) => m.address },
      { key: 'phone', header: { 'zh-CN': '电话', en: 'Phone' }, width: 14, value: (m) => m.phone },
      { key: 'creditScore', header: { 'zh-CN': '信用分', en: 'Credit score' }, width: 8, value: (m) => m.creditScore },
      {
        key: 'active',
        header: { 'zh-CN': '状态', en: 'Standing' },
        width: 8,
        value: (m, f) => word(MERCHANT_STANDING, m.active ? 'active' : 'inactive', f.locale),
      },
    ],
  });
}
