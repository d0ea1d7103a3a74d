/**
 * The admin console's monthly reports (月度通报): per street and district, made by the job on
 * the 1st or on demand, read as a printable page or downloaded as PDF.
 */
export const reportsNavZh = {
  reports: '月度通报',
};
export const reportsNavEn: typeof reportsNavZh = {
  reports: 'Monthly reports',
};

export const reportsZh = {
  title: '月度通报',
  subtitle:
    '各街道、区每月的事项受理、办结、按期、超期、满意与调解情况，附环比与图表；每月1日自动生成，可打印或下载 PDF',
  filters: { unit: '街道 / 区', month: '月份', allVersions: '含历史版本' },
  unitKind: { street: '街道', district: '区' },
  status: { queued: '排队中', running: '生成中', done: '已生成', failed: '生成失败' },
  trigger: { schedule: '定时生成', manual: '手动生成' },
  columns: {
    unit: '单位',
    month: '月份',
    received: '受理量',
    resolutionRate: '办结率',
    onTimeRate: '按期办结率',
    status: '状态',
    version: '版本',
    finishedAt: '生成时间',
    actions: '操作',
  },
  version: '第 {{version}} 版',
  superseded: '已被新版本替代',
  open: '查看',
  pdf: '下载 PDF',
  noPdf: '无 PDF：{{reason}}',
  empty: '暂无月度通报：每月1日凌晨自动生成上月通报，也可点“立即生成”',
  generate: '立即生成',
  generateTitle: '生成月度通报',
  generateHint: '同一单位同一月份再次生成会新增一个版本，原版本保留。',
  unit: '单位',
  month: '月份',
  generating: '正在生成…',
  generated: '通报已生成',
  failed: '生成失败：{{reason}}',
  duration: '用时 {{seconds}} 秒',
};

export const reportsEn: typeof reportsZh = {
  title: 'Monthly reports',
  subtitle:
    'Each street’s and district’s month: matters received, resolved, on time, overdue, satisfaction and mediation, with the change on the month before and charts; made on the 1st, printable or as PDF',
  filters: { unit: 'Street / district', month: 'Month', allVersions: 'Earlier versions too' },
  unitKind: { street: 'Street', district: 'District' },
  status: { queued: 'Queued', running: 'Generating', done: 'Ready', failed: 'Failed' },
  trigger: { schedule: 'Scheduled', manual: 'On demand' },
  columns: {
    unit: 'Unit',
    month: 'Month',
    received: 'Received',
    resolutionRate: 'Resolved',
    onTimeRate: 'On time',
    status: 'Status',
    version: 'Version',
    finishedAt: 'Generated',
    actions: 'Actions',
  },
  version: 'Version {{version}}',
  superseded: 'Replaced by a later version',
  open: 'Open',
  pdf: 'Download PDF',
  noPdf: 'No PDF: {{reason}}',
  empty: 'No monthly reports yet: last month’s are made early on the 1st, or choose “Generate now”',
  generate: 'Generate now',
  generateTitle: 'Generate a monthly report',
  generateHint: 'Generating a unit’s month again adds a version; the earlier one is kept.',
  unit: 'Unit',
  month: 'Month',
  generating: 'Generating…',
  generated: 'The report is ready',
  failed: 'Generation failed: {{reason}}',
  duration: 'took {{seconds}} s',
};
