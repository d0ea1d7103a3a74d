/**
 * The cockpit (数字驾驶舱): the area's indicators on one screen in the console, on a wall screen
 * and on a leader's phone. Tile labels are the web's, by tile id; the server sends only figures.
 */
export const cockpitNavZh = {
  cockpit: '驾驶舱',
};
export const cockpitNavEn: typeof cockpitNavZh = {
  cockpit: 'Cockpit',
};

export const cockpitZh = {
  title: '数字驾驶舱',
  areaDrill: '仅显示{{area}}的记录（从驾驶舱打开）',
  areaDrillClear: '显示全部',
  subtitle: '辖区各项指标一屏看全，点数字即可打开它统计的那份清单',
  unit: '查看范围',
  down: '进入下一级',
  wall: '大屏模式',
  wallTitle: '{{area}} · 数字驾驶舱',
  fullscreen: '全屏',
  at: '数据时间 {{time}}',
  empty: '您的账号没有可查看的指标',
  openList: '打开清单（{{value}}）',
  groups: {
    matters: '事项办理',
    safety: '平安守护',
    care: '关爱服务',
    participation: '共治参与',
  },
  /** By tile id: `matters.today` is tiles.matters.today. */
  tiles: {
    matters: {
      today: '今日事项',
      inHand: '在办事项',
      onTimeRate: '本月按期办结率',
      satisfactionRate: '本月满意率',
      overdue: '本月超期',
    },
    alarms: { active: '活动告警' },
    care: { checksDone: '今日关爱签到已完成', checksMissed: '今日关爱签到未完成', targets: '关爱对象' },
    mediation: { open: '调解中案件' },
    warnings: { open: '活动预警' },
    deliberation: { votesOpen: '进行中的表决' },
    volunteer: { hoursMonth: '本月志愿时长' },
    points: { earnedMonth: '本月发放积分' },
  },
  units: {
    hours: '小时',
    points: '分',
  },
  /** What the ↑↓ compares with. */
  previous: {
    day: '较昨日',
    month: '较上月',
  },
  previousValue: '{{period}}：{{value}}',
  percentPoints: '{{value}} 个百分点',
  flat: '持平',
  target: '目标 {{value}}',
  rag: {
    red: '未达标',
    amber: '接近目标',
    green: '达标',
  },
  severity: { critical: '紧急', major: '重要', minor: '次要', warning: '提示', info: '信息' },
  /** How a warning was found (预警研判方法). */
  method: { rise: '异常上升', cluster: '时空聚集', hotspot: '新兴热点', coincidence: '多源碰撞' },
  chart: {
    trend: '近 14 天',
    breakdown: '分项',
  },
  pages: {
    matters: '事项办理',
    safetyCare: '平安与关爱',
    participation: '共治参与',
    map: '事项分布',
  },
  /** The map tile: open matters per H3 cell over the grids. */
  map: {
    title: '事项分布',
    subtitle: '网格与六边形单元，颜色越深在办事项越多；点击六边形打开它统计的事项清单',
    legend: '每格在办事项',
    none: '暂无有位置的在办事项',
    total: '地图上 {{count}} 件，分布在 {{cells}} 个单元',
    hint: '放大可看更细的单元',
    cellTip: '在办事项 {{count}} 件 · 点击查看清单',
  },
  page: '第 {{n}} 页',
  phone: {
    title: '掌上驾驶舱',
    entry: '掌上驾驶舱',
    entryHint: '辖区指标、红黄绿预警，随时查看',
    pick: '切换范围',
  },
};

export const cockpitEn: typeof cockpitZh = {
  title: 'Cockpit',
  areaDrill: 'Only the records of {{area}} (opened from the cockpit)',
  areaDrillClear: 'Show all',
  subtitle: "The area's indicators on one screen; every number opens the list it counts",
  unit: 'Showing',
  down: 'Go down a level',
  wall: 'Wall screen',
  wallTitle: '{{area}} · Cockpit',
  fullscreen: 'Full screen',
  at: 'Figures as of {{time}}',
  empty: 'Your account has no indicators to show',
  openList: 'Open the list ({{value}})',
  groups: {
    matters: 'Matters',
    safety: 'Safety',
    care: 'Care',
    participation: 'Participation',
  },
  tiles: {
    matters: {
      today: 'Matters today',
      inHand: 'In hand',
      onTimeRate: 'On time this month',
      satisfactionRate: 'Satisfaction this month',
      overdue: 'Overdue this month',
    },
    alarms: { active: 'Active alarms' },
    care: {
      checksDone: 'Care checks done today',
      checksMissed: 'Care checks missed today',
      targets: 'People under care',
    },
    mediation: { open: 'Cases in mediation' },
    warnings: { open: 'Open warnings' },
    deliberation: { votesOpen: 'Votes open' },
    volunteer: { hoursMonth: 'Volunteer hours this month' },
    points: { earnedMonth: 'Points earned this month' },
  },
  units: {
    hours: 'h',
    points: 'pts',
  },
  previous: {
    day: 'vs yesterday',
    month: 'vs last month',
  },
  previousValue: '{{period}}: {{value}}',
  percentPoints: '{{value}} pp',
  flat: 'no change',
  target: 'Target {{value}}',
  rag: {
    red: 'Below target',
    amber: 'Near target',
    green: 'On target',
  },
  severity: { critical: 'Critical', major: 'Major', minor: 'Minor', warning: 'Warning', info: 'Info' },
  method: { rise: 'Rise', cluster: 'Cluster', hotspot: 'Hot spot', coincidence: 'Coincidence' },
  chart: {
    trend: 'Last 14 days',
    breakdown: 'Breakdown',
  },
  pages: {
    matters: 'Matters',
    safetyCare: 'Safety and care',
    participation: 'Participation',
    map: 'Where matters are',
  },
  map: {
    title: 'Where matters are',
    subtitle:
      'Grids and hexagonal cells, darker where more matters are in hand; click a hexagon to open the matters it counts',
    legend: 'Matters in hand per cell',
    none: 'No located matters in hand',
    total: '{{count}} on the map in {{cells}} cells',
    hint: 'Zoom in for finer cells',
    cellTip: '{{count}} matters in hand · click for the list',
  },
  page: 'Page {{n}}',
  phone: {
    title: 'Cockpit',
    entry: 'Cockpit',
    entryHint: "The area's indicators and red/amber/green flags, at hand",
    pick: 'Change unit',
  },
};
