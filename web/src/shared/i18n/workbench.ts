/**
 * Strings of the staff workbench on the phone (工作台) and its offline outbox (弱网待发送).
 * index.ts adds them to both languages as `workbench`.
 */
export const workbenchZh = {
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
