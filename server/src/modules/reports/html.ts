import { type Chart, CHART_FONTS } from './charts.ts';
import type { AreaRow, Figures, ReportData } from './figures.ts';
import { monthLabel } from './month.ts';

/** What is printed beside the figures: who made it, when, which version. */
export interface ReportMeta {
  generatedAt: string;
  version: number;
  /** TIME_ZONE: the months are its calendar months. */
  timeZone: string;
  charts: { trend: Chart; area: Chart; category: Chart };
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const percent = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

const dayLabel = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

export function reportTitle(data: Pick<ReportData, 'unit' | 'month'>) {
  return `${data.unit.name}${monthLabel(data.month)}基层治理月度通报`;
}

/** The overview's sentence, as a 通报 opens: the month in one breath. */
export function summaryOf(data: ReportData): string {
  const h = Object.fromEntries(data.headline.map((x) => [x.key, x]));
  const t = data.total;
  return (
    `${monthLabel(data.month)}，${data.unit.name}共受理各类事项${t.received}件（环比${h.received!.change}），` +
    `办结${t.resolved}件，办结率${h.resolutionRate!.display}；按期办结率${h.onTimeRate!.display}；` +
    `超期${t.overdue}件；群众评价${t.rated}件，满意率${h.satisfactionRate!.display}；重复诉求${t.repeat}件` +
    (t.supervised > 0 ? `；督办${t.supervised}件，其中黄牌${t.supervisedYellow}件、红牌${t.supervisedRed}件。` : '。')
  );
}

export const TABLE_HEAD = ['名称', '受理', '办结', '办结率', '按期办结率', '超期', '满意率', '重复诉求'] as const;

export function tableCells(label: string, f: Figures): string[] {
  return [
    label,
    String(f.received),
    String(f.resolved),
    percent(f.resolutionRate),
    percent(f.onTimeRate),
    String(f.overdue),
    percent(f.satisfactionRate),
    String(f.repeat),
  ];
}

function figureTable(rows: readonly AreaRow[], total: Figures, firstHead: string, kind: string): string {
  const head = [firstHead, ...TABLE_HEAD.slice(1)].map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.length
    ? rows
        .map(
          (r) =>
            `<tr data-${kind}="${escapeHtml(r.id)}">${tableCells(r.label, r.figures)
              .map((c, i) => `<td${i ? ' class="n"' : ''}>${escapeHtml(c)}</td>`)
              .join('')}</tr>`,
        )
        .join('\n')
    : `<tr><td colspan="${TABLE_HEAD.length}" class="empty">本月无事项</td></tr>`;
  const sum = tableCells('合计', total)
    .map((c, i) => `<td${i ? ' class="n"' : ''}>${escapeHtml(c)}</td>`)
    .join('');
  return `<table class="figures"><thead><tr>${head}</tr></thead><tbody>${body}</tbody><tfoot><tr>${sum}</tr></tfoot></table>`;
}

function figure(chart: Chart): string {
  // ECharts' SVG carries its own width and height; the CSS lets it shrink to the page.
  return `<figure class="chart" role="img" aria-label="${escapeHtml(chart.title)}">${chart.svg}<figcaption>${escapeHtml(chart.title)}</figcaption></figure>`;
}

const STYLE = `
@page { size: A4; margin: 16mm 15mm 18mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: ${CHART_FONTS}; color: #1f1f1f; font-size: 10.5pt; line-height: 1.6; background: #f5f5f5; }
main.report { max-width: 210mm; margin: 0 auto; padding: 14mm 14mm 18mm; background: #fff; }
header { text-align: center; border-bottom: 2px solid #c00; padding-bottom: 4mm; margin-bottom: 5mm; }
header .issuer { color: #c00; font-size: 20pt; letter-spacing: 0.3em; margin: 0; }
h1 { font-size: 16pt; margin: 2mm 0 1mm; }
header .meta { color: #595959; font-size: 9pt; margin: 0; }
h2 { font-size: 13pt; border-left: 4px solid #c00; padding-left: 2mm; margin: 6mm 0 3mm; }
p.summary { text-indent: 2em; margin: 0 0 3mm; }
.cards { display: grid; grid-template-columns: repeat(3, 1fr); gap: 3mm; }
.card { border: 1px solid #d9d9d9; border-radius: 2mm; padding: 2.5mm 3mm; }
.card .label { color: #595959; font-size: 9pt; }
.card .value { font-size: 18pt; font-weight: 600; }
.card .change { font-size: 8.5pt; color: #595959; }
.card .change.up { color: #cf1322; } .card .change.down { color: #389e0d; }
table { width: 100%; border-collapse: collapse; font-size: 9pt; margin: 2mm 0 3mm; }
th, td { border: 1px solid #bfbfbf; padding: 1mm 1.5mm; }
th { background: #fafafa; font-weight: 600; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
td.empty { text-align: center; color: #8c8c8c; }
tfoot td { font-weight: 600; background: #fafafa; }
figure.chart { margin: 2mm 0 4mm; text-align: center; }
figure.chart svg { max-width: 100%; height: auto; }
figcaption { color: #595959; font-size: 8.5pt; }
.notes { font-size: 8.5pt; color: #595959; }
.notes li { margin: 0.5mm 0; }
section { break-inside: auto; }
table, figure, .cards { break-inside: avoid; }
h2 { break-after: avoid; }
@media print { body { background: #fff; } main.report { padding: 0; max-width: none; } }
`;

/**
 * The printable report: one self-contained HTML document (styles and the charts' SVG inline,
 * nothing fetched), laid out for A4 by its print CSS. Each figure carries its raw value in a
 * data attribute, so what is printed can be checked against the statistics it came from.
 */
export function renderHtml(data: ReportData, meta: ReportMeta): string {
  const title = reportTitle(data);
  const areaName = data.areaLevel === 'community' ? '社区' : '街道';
  const cards = data.headline
    .map((h) => {
      const direction = h.change.startsWith('+') ? 'up' : h.change.startsWith('-') ? 'down' : '';
      return `<div class="card" data-figure="${h.key}" data-value="${h.value ?? ''}">
<div class="label">${escapeHtml(h.label)}</div><div class="value">${escapeHtml(h.display)}</div>
<div class="change ${direction}">环比 ${escapeHtml(h.change)}（上月 ${escapeHtml(h.key.endsWith('Rate') ? percent(h.previous) : String(h.previous ?? 0))}）</div></div>`;
    })
    .join('\n');
  const m = data.mediation;
  const mediationRows = m.byCategory.length
    ? m.byCategory
        .map(
          (c) =>
            `<tr><td>${escapeHtml(c.label)}</td><td class="n">${c.accepted}</td><td class="n">${c.agreed}</td><td class="n">${c.failed}</td></tr>`,
        )
        .join('')
    : '<tr><td colspan="4" class="empty">本月无调解案件</td></tr>';
  const busiest = [...data.byDay].sort((a, b) => b.received - a.received)[0];
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Gongzhi 共治">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main class="report" data-unit="${data.unit.id}" data-month="${data.month}" data-version="${meta.version}">
<header>
<p class="issuer">${escapeHtml(data.unit.name)}</p>
<h1>${escapeHtml(title)}</h1>
<p class="meta">统计期：${dayLabel(data.from)}至${dayLabel(data.to)}（${escapeHtml(data.month.slice(0, 4))}年） · 环比对照：${monthLabel(data.previousMonth)} · 生成于 ${escapeHtml(meta.generatedAt)} · 第 ${meta.version} 版</p>
</header>

<section>
<h2>一、总体情况</h2>
<p class="summary">${escapeHtml(summaryOf(data))}</p>
<div class="cards">
${cards}
</div>
</section>

<section>
<h2>二、每日受理与办结</h2>
${figure(meta.charts.trend)}
<p class="notes">${busiest && busiest.received > 0 ? `受理最多的一天是${dayLabel(busiest.date)}，受理${busiest.received}件。` : '本月无受理事项。'}</p>
</section>

<section>
<h2>三、分${areaName}情况</h2>
${figureTable(data.byArea, data.total, areaName, 'area')}
${data.byArea.length ? figure(meta.charts.area) : ''}
</section>

<section>
<h2>四、分类别情况</h2>
${figureTable(data.byCategory, data.total, '类别', 'category')}
${data.byCategory.length ? figure(meta.charts.category) : ''}
</section>

<section>
<h2>五、分来源情况</h2>
${figureTable(data.bySource, data.total, '来源', 'source')}
</section>

<section>
<h2>六、矛盾纠纷调解</h2>
<p class="summary">本月受理调解案件${m.accepted}件，调解成功${m.agreed}件，调解不成${m.failed}件，撤回${m.withdrawn}件，调解成功率${percent(m.successRate)}；目前超过调解期限仍在调解的${m.overdueOpen}件。</p>
<table class="figures"><thead><tr><th>纠纷类别</th><th>受理</th><th>成功</th><th>不成</th></tr></thead><tbody>${mediationRows}</tbody></table>
</section>

<section>
<h2>附：数据质量与统计口径</h2>
<ul class="notes">
<li data-quality="withoutGrid">本月受理的事项中未落入任何网格的${data.quality.withoutGrid}件（不计入任何网格员的工作量，请核实事项位置与网格边界）。</li>
<li>受理量：本月上报的事项；办结率：本月办结数 ÷ 本月受理数；按期办结率：本月办结事项中在办结时限内办结的比例；超期件：办结时限落在本月、到期未办结的事项；满意率：本月评价中 4、5 星的比例；重复诉求：同一人或同一地点同一类别在规定天数内再次反映的事项。</li>
<li>数据取自系统已记录的工作（与“统计分析”页同一口径，按 ${escapeHtml(meta.timeZone)} 时区的自然月统计），不需另行填报。</li>
</ul>
</section>
</main>
</body>
</html>
`;
}
