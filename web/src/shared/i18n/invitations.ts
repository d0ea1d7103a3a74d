/**
 * Strings of invitation codes: issuing and printing them in the console (代办注册, 骑手入网码,
 * 商户绑定码), the list of them, and redeeming one on the phone (/h5/join). index.ts adds them
 * to both languages as `invitations`, and the menu entry to `nav`.
 */
export const invitationsNavZh = { invitations: '邀请码' };
export const invitationsNavEn: typeof invitationsNavZh = { invitations: 'Invitation codes' };

export const invitationsZh = {
  subtitle: '工作人员发放的邀请码：居民代办注册、骑手入网码、商户绑定码。邀请码只在发放时显示一次。',
  kind: { person: '居民邀请码', mobile_grid: '骑手入网码', merchant: '商户绑定码' },
  status: { open: '可使用', used: '已用完', expired: '已过期', revoked: '已撤销' },
  issue: {
    person: '发放邀请码（代办注册）',
    mobile_grid: '骑手入网码',
    merchant: '商户绑定码',
    maxUses: '可加入人数',
    maxUsesHint: '同一入网码最多可供多少名骑手使用',
    submit: '生成邀请码',
    personHint:
      '为已登记的居民生成邀请码。居民用手机号登录后输入邀请码或扫码，即可完成实名绑定。重新生成会使之前未使用的邀请码失效。',
    gridHint: '骑手用手机号登录后输入入网码或扫码，即加入「{{name}}」。',
    merchantHint: '商户负责人用手机号登录后输入绑定码或扫码，即成为「{{name}}」的商户账号。',
    issued: '邀请码已生成',
    onceOnly: '邀请码只显示这一次，请当面告知或打印交给对方。',
    print: '打印邀请函',
    close: '完成',
  },
  card: {
    title: { person: '共治居民邀请函', mobile_grid: '流动网格入网邀请', merchant: '爱心商户绑定邀请' },
    greeting: { person: '{{name}}，您好：', mobile_grid: '欢迎加入{{name}}', merchant: '{{name}}：' },
    community: '所属社区',
    code: '邀请码',
    expires: '有效期至',
    steps: {
      person: [
        '用手机扫描右侧二维码，或打开「共治」居民端',
        '输入手机号，收到验证码后登录',
        '输入邀请码，完成实名绑定',
      ],
      mobile_grid: ['用手机扫描右侧二维码，或打开「共治」', '输入手机号，收到验证码后登录', '输入入网码，加入流动网格'],
      merchant: ['用手机扫描右侧二维码，或打开「共治」', '输入手机号，收到验证码后登录', '输入绑定码，绑定商户'],
    },
    keep: {
      person: '邀请码仅限本人使用，请勿转交他人。',
      mobile_grid: '入网码仅供本网格骑手使用，请勿外传。',
      merchant: '绑定码仅限商户负责人使用，请勿转交他人。',
    },
  },
  list: {
    columns: {
      kind: '类型',
      target: '对象',
      community: '社区',
      status: '状态',
      uses: '已使用',
      expires: '有效期至',
      createdBy: '发放人',
      createdAt: '发放时间',
      actions: '操作',
    },
    kindFilter: '类型',
    statusFilter: '状态',
    revoke: '撤销',
    revokeConfirm: '撤销后该邀请码立即失效，确定撤销？',
    revoked: '已撤销',
    empty: '暂无邀请码',
  },
  join: {
    title: '使用邀请码',
    intro: '输入工作人员给您的 8 位邀请码（居民实名绑定、骑手入网、商户绑定均可使用）。',
    code: '邀请码',
    codePlaceholder: '8 位字母或数字',
    submit: '确认使用',
    tooMany: '尝试次数过多，请一小时后再试',
    done: {
      person: '已绑定为{{community}}居民',
      mobile_grid: '已加入流动网格「{{name}}」',
      merchant: '已绑定商户「{{name}}」',
    },
    doneBody: {
      person: '您的账号已与{{name}}的登记信息绑定，可以参与议事表决、志愿服务和积分兑换。',
      mobile_grid: '您可以在「{{community}}」一带随手拍、接收小哥铃求助。',
      merchant: '您可以在「我的商户」核销兑换券、查看结算。',
    },
    home: '返回首页',
    continue: '继续使用邀请码',
    entry: '我有邀请码',
    entryHint: '社区工作人员为您登记时发放了邀请码？直接使用邀请码完成认证。',
  },
};

export const invitationsEn: typeof invitationsZh = {
  subtitle:
    'Codes staff hand out: a registered resident’s, a mobile grid’s for couriers, a merchant’s. A code is shown once, when issued.',
  kind: { person: 'Resident invitation', mobile_grid: 'Courier join code', merchant: 'Merchant code' },
  status: { open: 'Open', used: 'Used', expired: 'Expired', revoked: 'Revoked' },
  issue: {
    person: 'Issue invitation (register for them)',
    mobile_grid: 'Courier join code',
    merchant: 'Merchant code',
    maxUses: 'Couriers allowed',
    maxUsesHint: 'How many couriers may join with this one code',
    submit: 'Generate code',
    personHint:
      'A code for a registered resident: signed in by phone, they enter it or scan the QR and are bound to this record. A new code revokes an unused earlier one.',
    gridHint: 'Couriers sign in by phone and enter the code or scan the QR to join “{{name}}”.',
    merchantHint: 'The owner signs in by phone and enters the code or scans the QR to run “{{name}}”.',
    issued: 'Code issued',
    onceOnly: 'The code is shown only now: tell it in person or print the invitation.',
    print: 'Print invitation',
    close: 'Done',
  },
  card: {
    title: { person: 'Resident invitation', mobile_grid: 'Mobile grid invitation', merchant: 'Merchant invitation' },
    greeting: { person: 'Dear {{name}},', mobile_grid: 'Welcome to {{name}}', merchant: '{{name}}:' },
    community: 'Community',
    code: 'Code',
    expires: 'Valid until',
    steps: {
      person: [
        'Scan the QR code, or open the Gongzhi resident app',
        'Sign in with your phone number and the SMS code',
        'Enter the code to confirm your identity',
      ],
      mobile_grid: [
        'Scan the QR code, or open Gongzhi',
        'Sign in with your phone number and the SMS code',
        'Enter the code to join the mobile grid',
      ],
      merchant: [
        'Scan the QR code, or open Gongzhi',
        'Sign in with your phone number and the SMS code',
        'Enter the code to link your merchant',
      ],
    },
    keep: {
      person: 'This code is for you only; do not pass it on.',
      mobile_grid: 'For the couriers of this grid only; do not post it elsewhere.',
      merchant: 'For the merchant’s owner only; do not pass it on.',
    },
  },
  list: {
    columns: {
      kind: 'Kind',
      target: 'For',
      community: 'Community',
      status: 'Status',
      uses: 'Used',
      expires: 'Valid until',
      createdBy: 'Issued by',
      createdAt: 'Issued',
      actions: 'Actions',
    },
    kindFilter: 'Kind',
    statusFilter: 'Status',
    revoke: 'Revoke',
    revokeConfirm: 'The code stops working at once. Revoke it?',
    revoked: 'Revoked',
    empty: 'No invitation codes',
  },
  join: {
    title: 'Use an invitation code',
    intro: 'Enter the 8-character code staff gave you (for residents, couriers and merchants alike).',
    code: 'Code',
    codePlaceholder: '8 letters or digits',
    submit: 'Use code',
    tooMany: 'Too many tries; try again in an hour',
    done: {
      person: 'Bound as a resident of {{community}}',
      mobile_grid: 'Joined the mobile grid “{{name}}”',
      merchant: 'Linked to the merchant “{{name}}”',
    },
    doneBody: {
      person: 'Your account is bound to the registered record of {{name}}: you can vote, volunteer and spend points.',
      mobile_grid: 'You can report and answer help calls around {{community}}.',
      merchant: 'Redeem vouchers and see settlements under My merchant.',
    },
    home: 'Home',
    continue: 'Continue with the invitation code',
    entry: 'I have an invitation code',
    entryHint: 'Did community staff give you a code when registering you? Use it to confirm your identity.',
  },
};
