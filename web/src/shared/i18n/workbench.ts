/**
 * Strings of the staff workbench on the phone (工作台) and its offline outbox (弱网待发送).
 * index.ts adds them to both languages as `workbench`.
 */
export const workbenchZh = {
  title: '工作台',
  counts: { mine: '我的待办', grid: '辖区待办', overdue: '已超期' },
  field: '外勤',
  patrol: '巡查',
  visits: '走访',
  today: '今日工作（超期优先）',
  empty: '暂无待办',
  overdue: '超期',
  due: '{{at}} 前',
  outbox: {
    title: '待发送',
    waiting: '待发送 {{count}} 项：网络恢复后自动发送',
    failedCount: '{{count}} 项发送失败（共 {{total}} 项待发送）',
    show: '查看',
    pending: '等待网络',
    failed: '发送失败',
    retry: '重试',
    discard: '放弃',
    sendNow: '立即发送',
  },
};

export const workbenchEn: typeof workbenchZh = {
  title: 'Workbench',
  counts: { mine: 'Mine', grid: 'In my area', overdue: 'Overdue' },
  field: 'Field work',
  patrol: 'Patrol',
  visits: 'Visits',
  today: "Today's work (overdue first)",
  empty: 'Nothing to do',
  overdue: 'Overdue',
  due: 'by {{at}}',
  outbox: {
    title: 'Waiting to send',
    waiting: '{{count}} waiting to send: they go when the network returns',
    failedCount: '{{count}} failed to send ({{total}} waiting)',
    show: 'Show',
    pending: 'Waiting for the network',
    failed: 'Failed',
    retry: 'Retry',
    discard: 'Discard',
    sendNow: 'Send now',
  },
};
