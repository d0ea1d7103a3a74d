import { loadPdfkit } from '../../platform/pdfkit.ts';
import { toBuffer } from 'qrcode';

/**
 * A notice as an A4 poster for building boards (楼道公告栏), drawn with pdfkit and the embedded CJK
 * font as the rectification notices are: the headline, the text and what to do, the sender and
 * the date, and a QR code that opens the notice in the H5 (where residents tap 我已知晓).
 */
export interface PosterInput {
  headline: string;
  label: string;
  description: string;
  instruction: string;
  sender: string;
  date: string;
  url: string;
  hotlines: string;
}

const FONT = 'cjk';
const WIDTH = 595.28;
const HEIGHT = 841.89;
const MARGIN = 56;
const RED = '#c00000';

export async function renderPosterPdf(
  input: PosterInput,
  font: { path: string; name: string },
  fontBytes: Buffer,
  at: Date,
): Promise<Buffer> {
  const PDF = await loadPdfkit();
  const doc = new PDF({
    size: 'A4',
    margin: MARGIN,
    info: { Title: input.headline, Author: input.sender, CreationDate: at, ModDate: at },
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
  doc.rect(0, 0, WIDTH, 110).fill(RED);
  doc.fillColor('#ffffff').fontSize(18).text(input.label, MARGIN, 28, { width, align: 'center', characterSpacing: 6 });
  doc.fontSize(26).text(input.headline, MARGIN, 56, { width, align: 'center', height: 40, ellipsis: true });
  doc.fillColor('#1f1f1f').fontSize(18).text(input.description, MARGIN, 140, { width, lineGap: 8 });
  if (input.instruction) {
    doc.moveDown(1).fillColor(RED).fontSize(20).text('请您注意', { width });
    doc.moveDown(0.3).fillColor('#1f1f1f').fontSize(18).text(input.instruction, { width, lineGap: 8 });
  }
  if (input.hotlines) {
    doc.moveDown(1).fontSize(16).fillColor(RED).text(input.hotlines, { width });
  }
  const qrSize = 140;
  const qrTop = HEIGHT - MARGIN - qrSize - 20;
  const png = await toBuffer(input.url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 8 });
  doc.image(png, MARGIN, qrTop, { width: qrSize, height: qrSize });
  doc
    .fillColor('#595959')
    .fontSize(11)
    .text('扫码查看全文，点“我已知晓”', MARGIN, qrTop + qrSize + 4, { width: qrSize + 60 });
  doc
    .fillColor('#1f1f1f')
    .fontSize(14)
    .text(input.sender, MARGIN + qrSize + 40, qrTop + 60, { width: width - qrSize - 40, align: 'right' });
  doc.text(input.date, { width: width - qrSize - 40, align: 'right' });
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
