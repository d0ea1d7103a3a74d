/**
 * Strings of exports to Excel (导出): the button on a list, its progress, and the page of one's
 * own exports (导出记录). index.ts adds them to both languages as `exports`.
 */
export const exportsZh = {
  button: '导出 Excel',
  buttonHint: '按当前筛选条件导出为 Excel；个人信息按列表中的显示脱敏',
  started: '正在导出…',
  progress: '已写入 {{written}} / {{total}} 行',
  progressNoTotal: '已写入 {{written}} 行',
  done: '导出完成，共 {{rows}} 行',
  failed: '导出失败',
  download: '下载',
  allExports: '导出记录',
  title: '导出记录',
  subtitle: '我发起的导出。文件在生成后保留一段时间，过期后自动删除；每次导出和下载都记入审计日志。',
  empty: '还没有导出记录',
  kind: {
    matters: '事件列表',
    'matter-statistics': '事项统计',
    persons: '人员名册',
    audit: '审计日志',
    users: '用户列表',
  },
  status: { queued: '排队中', running: '生成中', done: '已完成', failed: '失败', expired: '已过期' },
  columns: {
    kind: '内容',
    fileName: '文件名',
    status: '状态',
    rows: '行数',
    createdAt: '导出时间',
    expiresAt: '到期时间',
  },
  refresh: '刷新',
};

export const exportsEn: typeof exportsZh = {
  button: 'Export to Excel',
  buttonHint: 'Export with the current filters; personal data masked as the list shows it',
  started: 'Exporting…',
  progress: '{{written}} of {{total}} rows written',
  progressNoTotal: '{{written}} rows written',
  done: 'Export ready: {{rows}} rows',
  failed: 'Export failed',
  download: 'Download',
  allExports: 'My exports',
  title: 'My exports',
  subtitle:
    'Exports you asked for. Files are kept for a while and then removed; every export and download is in the audit log.',
  empty: 'No exports yet',
  kind: {
    matters: 'Matters',
    'matter-statistics': 'Matter statistics',
    persons: 'Residents',
    audit: 'Audit log',
    users: 'Users',
  },
  status: { queued: 'Queued', running: 'Writing', done: 'Done', failed: 'Failed', expired: 'Expired' },
  columns: {
    kind: 'List',
    fileName: 'File',
    status: 'Status',
    rows: 'Rows',
    createdAt: 'Exported',
    expiresAt: 'Expires',
  },
  refresh: 'Refresh',
};
