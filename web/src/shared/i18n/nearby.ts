/**
 * 附近服务: the resident's view of the service map — the stations of the nine services within a
 * 15-minute walk of home (or of a place on the map), on a map and in a list.
 */
export const nearbyZh = {
  title: '附近服务',
  subtitle: '15 分钟生活圈',
  all: '全部',
  fromHome: '从我家（{{name}}）出发',
  fromPoint: '从地图中心出发',
  fromCommunity: '从我所在社区出发',
  searchHere: '以地图中心查找',
  backHome: '回到我家',
  walk: '步行约 {{minutes}} 分钟',
  walkShort: '{{minutes}} 分钟',
  none: '15 分钟内没有',
  kinds: '九类服务，最近的一处',
  list: '步行 15 分钟内的站点',
  listOf: '步行 15 分钟内的{{kind}}站点',
  empty: '步行 15 分钟内没有这类服务',
  how: '步行时间按直线距离 × {{detour}} 估算，每分钟约 {{speed}} 米',
  circles: '圆圈为步行 5、10、15 分钟的范围',
  nowhere: '还不知道您住在哪里，先以地图中心查找；拖动地图后点“以地图中心查找”',
};

export const nearbyEn: typeof nearbyZh = {
  title: 'Services nearby',
  subtitle: 'The 15-minute life circle',
  all: 'All',
  fromHome: 'From home ({{name}})',
  fromPoint: 'From the centre of the map',
  fromCommunity: 'From your community',
  searchHere: 'Search from the map centre',
  backHome: 'Back to home',
  walk: 'About {{minutes}} min on foot',
  walkShort: '{{minutes}} min',
  none: 'None within 15 min',
  kinds: 'The nine services: the nearest of each',
  list: 'Stations within a 15-minute walk',
  listOf: '{{kind}} within a 15-minute walk',
  empty: 'No such service within a 15-minute walk',
  how: 'Walking time is the straight line × {{detour}} at about {{speed}} m a minute',
  circles: 'The circles are 5, 10 and 15 minutes on foot',
  nowhere:
    'We do not know where you live yet, so the map centre is used; move the map and tap “Search from the map centre”',
};
