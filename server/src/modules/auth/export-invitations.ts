import type { z } from 'zod';
import { word, type Words } from '../exports/cell-words.ts';
import { exportSource } from '../exports/source.ts';
import type { InvitationsService } from './invitations.ts';
import * as S from './schema-invitations.ts';

const KIND: Words = {
  person: { 'zh-CN': '居民邀请码', en: 'Resident invitation' },
  mobile_grid: { 'zh-CN': '骑手入网码', en: 'Courier join code' },
  merchant: { 'zh-CN': '商户绑定码', en: 'Merchant code' },
};
const STATUS: Words = {
  open: { 'zh-CN': '可使用', en: 'Open' },
  used: { 'zh-CN': '已用完', en: 'Used' },
  expired: { 'zh-CN': '已过期', en: 'Expired' },
  revoked: { 'zh-CN': '已撤销', en: 'Revoked' },
};

/**
 * Invitations (GET /api/invitations, 邀请码) as an export, with its filters and area. A person's
 * name is written masked (林*梅) as the list shows it; the codes themselves are never kept.
 */
export function invitationExportSource(invitations: InvitationsService) {
  return exportSource<z.infer<typeof S.InvitationListQuery>, S.InvitationView>({
    kind: 'invitations',
    title: { 'zh-CN': '邀请码', en: 'Invitations' },
    filters: S.InvitationListQuery,
    page: (ctx, filters, page) => invitations.list(ctx, { ...filters, ...page }),
    columns: [
      {
        key: 'kind',
        header: { 'zh-CN': '类型', en: 'Kind' },
        width: 14,
        value: (i, f) => word(KIND, i.kind, f.locale),
      },
      { key: 'target', header: { 'zh-CN': '对象', en: 'For' }, width: 16, value: (i) => i.targetName },
      { key: 'community', header: { 'zh-CN': '社区', en: 'Community' }, value: (i) => i.communityName },
      {
        key: 'status',
        header: { 'zh-CN': '状态', en: 'Status' },
        width: 8,
        value: (i, f) => word(STATUS, i.status, f.locale),
      },
      { key: 'uses', header: { 'zh-CN': '已使用', en: 'Used' }, width: 8, value: (i) => i.uses },
      { key: 'maxUses', header: { 'zh-CN': '可用次数', en: 'Uses allowed' }, width: 8, value: (i) => i.maxUses },
      { key: 'expiresAt', header: { 'zh-CN': '有效期至', en: 'Valid until' }, value: (i, f) => f.time(i.expiresAt) },
      { key: 'createdBy', header: { 'zh-CN': '发放人', en: 'Issued by' }, value: (i) => i.createdByName },
      { key: 'createdAt', header: { 'zh-CN': '发放时间', en: 'Issued' }, value: (i, f) => f.time(i.createdAt) },
      { key: 'revokedAt', header: { 'zh-CN': '撤销时间', en: 'Revoked' }, value: (i, f) => f.time(i.revokedAt) },
    ],
  });
}
