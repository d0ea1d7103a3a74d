import type * as ECharts from 'echarts/core';
import type { AreaRow, ReportData } from './figures.ts';

// Charts drawn on the server: ECharts' server-side rendering to an SVG string (no browser, no
// canvas), the same library the console draws its charts with. The SVG goes inline into the
// HTML and, through svg-to-pdfkit, into the PDF as vectors.

let echartsLoaded: Promise<typeof ECharts> | undefined;

/**
 * ECharts with the charts and the renderer the reports use, loaded when the first report is drawn:
 * it is some 600 modules, two seconds at every start of the server (and of every test file) that
 * most processes would spend for nothing.
 */
function loadEcharts(): Promise<typeof ECharts> {
  echartsLoaded ??= (async () => {
    const [echarts, charts, components, renderers] = await Promise.all([
      import('echarts/core'),
      import('echarts/charts'),
      import('echarts/components'),
      import('echarts/renderers'),
    ]);
    echarts.use([
      charts.BarChart,
      charts.LineChart,
      charts.PieChart,
      components.GridComponent,
      components.LegendComponent,
      renderers.SVGRenderer,
    ]);
    return echarts;
  })();
  return echartsLoaded;
}

/** The fonts the charts' text asks for; the PDF maps every one to its CJK font. */
export const CHART_FONTS = "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";
const COLORS = ['#1677ff', '#52c41a', '#fa8c16', '#eb2f96', '#722ed1', '#13c2c2', '#faad14', '#a0d911'];

export interface Chart {
  /** What the chart shows, for its caption and the image's title. */
  title: string;
  svg: string;
  width: number;
  height: number;
}

async function render(title: string, width: number, height: number, option: Record<string, unknown>): Promise<Chart> {
  const echarts = await loadEcharts();
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      color: COLORS,
      textStyle: { fontFamily: CHART_FONTS, fontSize: 12 },
      ...option,
    });
    return { title, svg: chart.renderToSVGString(), width, height };
  } finally {
    // A chart left undisposed keeps a timer running and the process alive.
    chart.dispose();
  }
}

/** 每日受理与办结: received and resolved each day of the month. */
export function trendChart(data: ReportData): Promise<Chart> {
  return render('每日受理与办结趋势', 720, 280, {
    legend: { top: 0, data: ['受理', '办结', '超期'] },
    grid: { left: 40, right: 16, top: 36, bottom: 28 },
    xAxis: {
      type: 'category',
      data: data.byDay.map((d) => String(Number(d.date.slice(8, 10)))),
      axisLabel: { interval: 1 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '受理', type: 'line', data: data.byDay.map((d) => d.received), symbolSize: 4 },
      { name: '办结', type: 'line', data: data.byDay.map((d) => d.resolved), symbolSize: 4 },
      { name: '超期', type: 'bar', data: data.byDay.map((d) => d.overdue), barMaxWidth: 8 },
    ],
  });
}

/** Received and resolved per community (or street), largest first, as horizontal bars. */
export function areaChart(title: string, rows: readonly AreaRow[]): Promise<Chart> {
  const shown = rows.slice(0, 15).reverse();
  const height = Math.max(160, 60 + shown.length * 26);
  return render(title, 720, height, {
    legend: { top: 0, data: ['受理', '办结'] },
    grid: { left: 150, right: 24, top: 30, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      data: shown.map((r) => (r.label.length > 12 ? `${r.label.slice(0, 11)}…` : r.label)),
    },
    series: [
      { name: '受理', type: 'bar', data: shown.map((r) => r.figures.received), barMaxWidth: 10 },
      { name: '办结', type: 'bar', data: shown.map((r) => r.figures.resolved), barMaxWidth: 10 },
    ],
  });
}

/** Share of the month's matters by category (top-level), as a ring. */
export function categoryChart(rows: readonly AreaRow[]): Promise<Chart> {
  const top = rows.filter((r) => r.figures.received > 0).slice(0, 8);
  const rest = rows
    .filter((r) => r.figures.received > 0)
    .slice(8)
    .reduce((n, r) => n + r.figures.received, 0);
  const data = top.map((r) => ({ name: r.label, value: r.figures.received }));
  if (rest > 0) data.push({ name: '其他', value: rest });
  return render('按类别受理量占比', 720, 260, {
    legend: { orient: 'vertical', right: 16, top: 'middle' },
    series: [
      {
        type: 'pie',
        radius: ['35%', '65%'],
        center: ['35%', '50%'],
        data: data.length ? data : [{ name: '无事项', value: 0 }],
        // No outline: svg-to-pdfkit ignores paint-order, and the white outline would cover the text.
        label: { formatter: '{b} {c}', textBorderColor: 'transparent' },
      },
    ],
  });
}
