import { loadPdfkit } from '../../platform/pdfkit.ts';

/**
 * A rectification notice (整改通知书) as an A4 portrait PDF, drawn with pdfkit and the same
 * embedded CJK font as the monthly reports and certificates: number, target and responsible
 * party, the findings with their legal basis, the deadline, and a place to sign and date.
 */
export interface NoticePdfInput {
  number: string;
  campaignTitle: string;
  targetName: string;
  targetAddress: string;
  responsibleParty: string;
  findings: { code: string; text: string; legalBasis: string | null; description: string }[];
  deadline: string;
  issuedOn: string;
  issuer: string;
}

const FONT = 'cjk';
const WIDTH = 595.28;
const HEIGHT = 841.89;
const MARGIN = 64;
const RED = '#c00000';

const cn = (date: string) => {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

export async function renderNoticePdf(
  input: NoticePdfInput,
  font: { path: string; name: string },
  fontBytes: Buffer,
  at: Date,
): Promise<Buffer> {
  const PDF = await loadPdfkit();
  const doc = new PDF({
    size: 'A4',
    margin: MARGIN,
    info: { Title: `整改通知书 ${input.number}`, Author: input.issuer, CreationDate: at, ModDate: at },
    lang: 'zh-CN',
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  doc.registerFont(FONT, fontBytes, /\.(ttc|dfont)$/i.test(font.path) ? font.name : undefined);
  doc.font(FONT);
  const width = WIDTH - 2 * MARGIN;
  doc.fillColor(RED).fontSize(26).text('整改通知书', MARGIN, 72, { align: 'center', characterSpacing: 8, width });
  doc.fillColor('#1f1f1f').fontSize(12).moveDown(0.4).text(input.number, { align: 'center', width });
  doc
    .moveTo(MARGIN, doc.y + 8)
    .lineTo(WIDTH - MARGIN, doc.y + 8)
    .lineWidth(1.5)
    .strokeColor(RED)
    .stroke();
  doc.moveDown(1.5).fontSize(13);
  doc.text(`${input.responsibleParty || input.targetName}：`, MARGIN, undefined, { width });
  doc.moveDown(0.5);
  doc.text(
    `在「${input.campaignTitle}」检查中，经查，${input.targetName}${input.targetAddress ? `（${input.targetAddress}）` : ''}存在下列问题：`,
    MARGIN + 26,
    undefined,
    { width: width - 26, lineGap: 4 },
  );
  doc.moveDown(0.6);
  input.findings.forEach((f, i) => {
    doc.fontSize(12).fillColor('#1f1f1f');
    doc.text(`${i + 1}. 【${f.code}】${f.text}${f.description ? `：${f.description}` : ''}`, MARGIN + 26, undefined, {
      width: width - 26,
      lineGap: 3,
    });
    if (f.legalBasis) {
      doc
        .fontSize(10)
        .fillColor('#595959')
        .text(`依据：${f.legalBasis}`, MARGIN + 44, undefined, { width: width - 44, lineGap: 2 });
    }
    doc.moveDown(0.4);
  });
  doc.moveDown(0.6).fontSize(13).fillColor('#1f1f1f');
  doc.text(
    `请于 ${cn(input.deadline)} 24时前整改完毕，届时将进行复查。逾期未整改的，将依法依规处理。`,
    MARGIN + 26,
    undefined,
    {
      width: width - 26,
      lineGap: 4,
    },
  );
  const bottom = Math.max(doc.y + 40, HEIGHT - 260);
  doc.fontSize(13).text(input.issuer, MARGIN, bottom, { width, align: 'right' });
  doc.text('（盖章）', MARGIN, undefined, { width, align: 'right' });
  doc.text(cn(input.issuedOn), MARGIN, undefined, { width, align: 'right' });
  const sign = bottom + 110;
  doc.fontSize(12).text('被检查单位（人）签收：', MARGIN, sign);
  doc
    .moveTo(MARGIN + 140, sign + 16)
    .lineTo(MARGIN + 300, sign + 16)
    .lineWidth(0.8)
    .strokeColor('#1f1f1f')
    .stroke();
  doc.text('日期：', MARGIN + 320, sign);
  doc
    .moveTo(MARGIN + 356, sign + 16)
    .lineTo(WIDTH - MARGIN, sign + 16)
    .stroke();
  doc
    .fontSize(9)
    .fillColor('#8c8c8c')
    .text('本通知书一式两份，被检查单位（人）与检查单位各执一份。', MARGIN, HEIGHT - 90, { width, align: 'center' });
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
