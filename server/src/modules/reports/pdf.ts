/// <reference path="./svg-to-pdfkit.d.ts" />
import fs from 'node:fs';
import type PDFDocument from 'pdfkit';
import type SVGtoPDF from 'svg-to-pdfkit';
import type { Chart } from './charts.ts';
import type { AreaRow, Figures, ReportData } from './figures.ts';
import { percent, type ReportMeta, reportTitle, summaryOf, TABLE_HEAD, tableCells } from './html.ts';
import { monthLabel } from './month.ts';

/** REPORT_FONT_PATH and REPORT_FONT_NAME: a CJK font file, and the face to take from a collection (.ttc). */
export interface ReportFont {
  path: string;
  name: string;
}

const FONT = 'cjk';
const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 48;
const CONTENT = A4.width - 2 * MARGIN;
const RED = '#c00000';
const GREY = '#595959';

let pdfkitLoaded: Promise<{ PDFDocument: typeof PDFDocument; SVGtoPDF: typeof SVGtoPDF }> | undefined;

/** pdfkit and svg-to-pdfkit, loaded when the first PDF is made rather than at every start of the server. */
function loadPdfkit() {
  pdfkitLoaded ??= Promise.all([import('pdfkit'), import('svg-to-pdfkit')]).then(([pdfkit, svgToPdf]) => ({
    PDFDocument: pdfkit.default,
    SVGtoPDF: svgToPdf.default,
  }));
  return pdfkitLoaded;
}

/** A CJK font read once per process: the file is some megabytes, and every PDF needs it. */
const fontCache = new Map<string, Buffer>();

/**
 * The font's bytes, or why the PDF cannot be made: a missing file, or a face the file does not
 * hold. Checked by opening it in a throwaway document, so a bad setting is said plainly before
 * any page is drawn.
 */
export async function loadFont(font: ReportFont): Promise<{ bytes: Buffer } | { problem: string }> {
  const key = `${font.path}#${font.name}`;
  const cached = fontCache.get(key);
  if (cached) return { bytes: cached };
  if (!font.path || !fs.existsSync(font.path)) return { problem: `找不到中文字体文件 ${font.path || '（未设置）'}` };
  const { PDFDocument } = await loadPdfkit();
  try {
    const bytes = fs.readFileSync(font.path);
    const probe = new PDFDocument({ autoFirstPage: false });
    probe.registerFont(FONT, bytes, /\.(ttc|dfont)$/i.test(font.path) ? font.name : undefined);
    probe.font(FONT);
    fontCache.set(key, bytes);
    return { bytes };
  } catch (error) {
    return { problem: `无法打开中文字体 ${font.path}（${font.name}）：${(error as Error).message}` };
  }
}

/**
 * The report as a PDF (A4), drawn with pdfkit: the same sections as the HTML, the tables set
 * line by line, the charts' SVG drawn as vectors by svg-to-pdfkit with the CJK font, which is
 * embedded (subset) so the file reads the same anywhere.
 */
export async function renderPdf(data: ReportData, meta: ReportMeta, font: ReportFont, fontBytes: Buffer, at: Date) {
  const { PDFDocument, SVGtoPDF } = await loadPdfkit();
  const title = reportTitle(data);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: title, Author: data.unit.name, Creator: 'Gongzhi 共治', CreationDate: at, ModDate: at },
    lang: 'zh-CN',
    displayTitle: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  doc.registerFont(FONT, fontBytes, /\.(ttc|dfont)$/i.test(font.path) ? font.name : undefined);
  doc.font(FONT);
  const bottom = A4.height - MARGIN;
  const room = (h: number) => {
    if (doc.y + h > bottom) doc.addPage();
  };

  // Head: the issuer in red over a red rule, as a 通报 is printed.
  doc.fillColor(RED).fontSize(22).text(data.unit.name, { align: 'center', characterSpacing: 4 });
  doc.moveDown(0.2);
  doc.fillColor('#1f1f1f').fontSize(15).text(title, { align: 'center' });
  doc.moveDown(0.2);
  doc
    .fillColor(GREY)
    .fontSize(8.5)
    .text(
      `统计期：${data.from} 至 ${data.to} · 环比对照：${monthLabel(data.previousMonth)} · 生成于 ${meta.generatedAt} · 第 ${meta.version} 版`,
      { align: 'center' },
    );
  doc.moveDown(0.4);
  doc
    .moveTo(MARGIN, doc.y)
    .lineTo(A4.width - MARGIN, doc.y)
    .lineWidth(1.5)
    .strokeColor(RED)
    .stroke();
  doc.moveDown(0.6);

  const heading = (text: string) => {
    room(60);
    doc.moveDown(0.4);
    const y = doc.y;
    doc.rect(MARGIN, y + 2, 3, 13).fill(RED);
    doc
      .fillColor('#1f1f1f')
      .fontSize(12.5)
      .text(text, MARGIN + 8, y);
    doc.moveDown(0.3);
  };
  const paragraph = (text: string, size = 10) => {
    doc
      .fillColor('#1f1f1f')
      .fontSize(size)
      .text(text, MARGIN, doc.y, { width: CONTENT, indent: size * 2, lineGap: 2 });
    doc.moveDown(0.4);
  };
  const note = (text: string) => {
    doc.fillColor(GREY).fontSize(8.5).text(text, MARGIN, doc.y, { width: CONTENT, lineGap: 1.5 });
    doc.moveDown(0.3);
  };
  const table = (head: readonly string[], rows: string[][], widths: number[], foot?: string[]) => {
    const size = 8.5;
    const pad = 3;
    const draw = (cells: readonly string[], shade: string | null) => {
      doc.fontSize(size);
      const h = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: widths[i]! - 2 * pad }))) + 2 * pad;
      room(h);
      const y = doc.y;
      let x = MARGIN;
      cells.forEach((c, i) => {
        const w = widths[i]!;
        if (shade) doc.rect(x, y, w, h).fill(shade);
        doc.rect(x, y, w, h).lineWidth(0.5).strokeColor('#bfbfbf').stroke();
        doc
          .fillColor('#1f1f1f')
          .fontSize(size)
          .text(c, x + pad, y + pad, { width: w - 2 * pad, align: i === 0 ? 'left' : 'right' });
        x += w;
      });
      doc.x = MARGIN;
      doc.y = y + h;
    };
    draw(head, '#f0f0f0');
    for (const r of rows) draw(r, null);
    if (foot) draw(foot, '#fafafa');
    doc.moveDown(0.5);
  };
  const figureTable = (first: string, rows: readonly AreaRow[], total: Figures) => {
    const widths = [CONTENT - 7 * 56, ...Array(7).fill(56)];
    const body = rows.length
      ? rows.map((r) => tableCells(r.label, r.figures))
      : [['本月无事项', '', '', '', '', '', '', '']];
    table([first, ...TABLE_HEAD.slice(1)], body, widths, tableCells('合计', total));
  };
  const chart = (c: Chart) => {
    const width = CONTENT;
    const height = (c.height / c.width) * width;
    room(height + 16);
    const y = doc.y;
    SVGtoPDF(doc, c.svg, MARGIN, y, {
      width,
      height,
      preserveAspectRatio: 'xMidYMid meet',
      fontCallback: () => FONT,
      warningCallback: () => {},
    });
    doc.font(FONT);
    doc.y = y + height + 2;
    doc.fillColor(GREY).fontSize(8).text(c.title, MARGIN, doc.y, { width: CONTENT, align: 'center' });
    doc.moveDown(0.6);
  };

  heading('一、总体情况');
  paragraph(summaryOf(data));
  table(
    ['指标', '本月', '上月', '环比'],
    data.headline.map((h) => [
      h.label,
      h.display,
      h.key.endsWith('Rate') ? percent(h.previous) : String(h.previous ?? 0),
      h.change,
    ]),
    [CONTENT - 3 * 110, 110, 110, 110],
  );

  heading('二、每日受理与办结');
  chart(meta.charts.trend);

  const areaName = data.areaLevel === 'community' ? '社区' : '街道';
  heading(`三、分${areaName}情况`);
  figureTable(areaName, data.byArea, data.total);
  if (data.byArea.length) chart(meta.charts.area);

  heading('四、分类别情况');
  figureTable('类别', data.byCategory, data.total);
  if (data.byCategory.length) chart(meta.charts.category);

  heading('五、分来源情况');
  figureTable('来源', data.bySource, data.total);

  const m = data.mediation;
  heading('六、矛盾纠纷调解');
  paragraph(
    `本月受理调解案件${m.accepted}件，调解成功${m.agreed}件，调解不成${m.failed}件，撤回${m.withdrawn}件，调解成功率${percent(m.successRate)}；目前超过调解期限仍在调解的${m.overdueOpen}件。`,
  );
  table(
    ['纠纷类别', '受理', '成功', '不成'],
    m.byCategory.length
      ? m.byCategory.map((c) => [c.label, String(c.accepted), String(c.agreed), String(c.failed)])
      : [['本月无调解案件', '', '', '']],
    [CONTENT - 3 * 80, 80, 80, 80],
  );

  heading('附：数据质量与统计口径');
  note(
    `本月受理的事项中未落入任何网格的${data.quality.withoutGrid}件（不计入任何网格员的工作量，请核实事项位置与网格边界）。`,
  );
  note(
    '受理量：本月上报的事项；办结率：本月办结数 ÷ 本月受理数；按期办结率：本月办结事项中在办结时限内办结的比例；超期件：办结时限落在本月、到期未办结的事项；满意率：本月评价中 4、5 星的比例；重复诉求：同一人或同一地点同一类别在规定天数内再次反映的事项。',
  );
  note(`数据取自系统已记录的工作（与“统计分析”页同一口径，按 ${meta.timeZone} 时区的自然月统计），不需另行填报。`);

  // Page numbers, once every page is laid out.
  const pages = doc.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(pages.start + i);
    // Below the bottom margin: without lifting it, pdfkit would start a new page for the line.
    doc.page.margins.bottom = 0;
    doc
      .fillColor(GREY)
      .fontSize(8)
      .text(`${title} · 第 ${i + 1} 页 / 共 ${pages.count} 页`, MARGIN, A4.height - MARGIN + 14, {
        width: CONTENT,
        align: 'center',
        lineBreak: false,
      });
  }
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
