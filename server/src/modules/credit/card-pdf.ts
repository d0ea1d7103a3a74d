import { loadPdfkit } from '../../platform/pdfkit.ts';
import { toBuffer } from 'qrcode';

/**
 * The shop's credit card (信用公示卡) as one A6 page to post at the entrance: the shop, our grade
 * with its date, the regulator's 量化分级 grade in its own box (never replaced by ours), the
 * fraud-free pledge, and a QR code of the public card page.
 */
export interface CardPdfInput {
  name: string;
  grade: string;
  asOf: string;
  official: { grade: string; gradedOn: string; issuer: string } | null;
  pledge: { kind: string; textVersion: string; signedOn: string } | null;
  url: string;
}

const FONT = 'cjk';
const WIDTH = 297.64;
const MARGIN = 24;
const OFFICIAL_LABEL: Record<string, string> = { A: 'A 良好', B: 'B 一般', C: 'C 较差' };
const GRADE_LABEL: Record<string, string> = { A: '低风险', B: '较低风险', C: '较高风险', D: '高风险' };

export async function renderCardPdf(
  input: CardPdfInput,
  font: { path: string; name: string },
  fontBytes: Buffer,
  at: Date,
): Promise<Buffer> {
  const PDF = await loadPdfkit();
  const doc = new PDF({
    size: 'A6',
    margin: MARGIN,
    info: { Title: `商户信用公示 ${input.name}`, CreationDate: at, ModDate: at },
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
  doc.fillColor('#1f1f1f').fontSize(16).text(input.name, MARGIN, 28, { align: 'center', width });
  doc.fontSize(9).fillColor('#595959').text('商户信用分（社区评价，非监管部门等级）', { align: 'center', width });
  doc.moveDown(0.3);
  doc
    .fontSize(48)
    .fillColor(input.grade <= 'B' ? '#237804' : '#c00000')
    .text(input.grade, { align: 'center', width });
  doc
    .fontSize(10)
    .fillColor('#1f1f1f')
    .text(`${GRADE_LABEL[input.grade] ?? ''} · 截至 ${input.asOf}`, { align: 'center', width });
  doc.moveDown(0.6);
  const boxY = doc.y;
  doc.rect(MARGIN, boxY, width, 40).lineWidth(1).strokeColor('#8c8c8c').stroke();
  doc
    .fontSize(9)
    .fillColor('#1f1f1f')
    .text(
      input.official
        ? `监管部门量化分级：${OFFICIAL_LABEL[input.official.grade] ?? input.official.grade}（${input.official.gradedOn}，${input.official.issuer}）`
        : '监管部门量化分级：暂无',
      MARGIN + 6,
      boxY + 8,
      { width: width - 12 },
    );
  doc.y = boxY + 48;
  doc
    .fontSize(9)
    .text(
      input.pledge
        ? `${input.pledge.kind === 'fraud_free_hotel' ? '无诈酒店' : '无诈商户'}承诺 · ${input.pledge.signedOn}`
        : '',
      MARGIN,
      undefined,
      { align: 'center', width },
    );
  const png = await toBuffer(input.url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 6 });
  doc.image(png, (WIDTH - 110) / 2, doc.y + 6, { width: 110, height: 110 });
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
