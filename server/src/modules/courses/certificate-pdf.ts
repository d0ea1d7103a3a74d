import { loadPdfkit } from '../../platform/pdfkit.ts';
import { toBuffer } from 'qrcode';

/**
 * A training certificate as a one-page A4 landscape PDF, drawn with pdfkit as the monthly
 * reports are (the same CJK font setting, embedded): the holder, the course, the date, the
 * honest label (培训结业, never an official qualification) and a QR code of the public
 * verification address, as a PNG image.
 */
export interface CertificatePdfInput {
  holderName: string;
  courseTitle: string;
  issuer: string;
  issuedOn: string;
  code: string;
  verifyUrl: string;
  trainingLabel: string;
  revoked: boolean;
}

const FONT = 'cjk';
const PAGE = { width: 841.89, height: 595.28 };
const RED = '#c00000';

/** The QR code as a PNG image (so any PDF reader, and a test, can take it out and scan it). */
async function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number) {
  const png = await toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 8 });
  doc.image(png, x, y, { width: size, height: size });
}

export async function renderCertificatePdf(
  input: CertificatePdfInput,
  font: { path: string; name: string },
  fontBytes: Buffer,
  at: Date,
): Promise<Buffer> {
  const PDF = await loadPdfkit();
  const doc = new PDF({
    size: 'A4',
    layout: 'landscape',
    margin: 48,
    info: { Title: `培训结业证明 ${input.courseTitle}`, Author: input.issuer, CreationDate: at, ModDate: at },
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
  doc
    .rect(24, 24, PAGE.width - 48, PAGE.height - 48)
    .lineWidth(3)
    .strokeColor(RED)
    .stroke();
  doc.fillColor(RED).fontSize(30).text('培训结业证明', 48, 72, { align: 'center', characterSpacing: 6 });
  doc.fillColor('#595959').fontSize(11).text('Certificate of training completion', { align: 'center' });
  doc.moveDown(1.5);
  doc
    .fillColor('#1f1f1f')
    .fontSize(16)
    .text(`${input.holderName}：`, 96)
    .moveDown(0.6)
    .text(`于 ${input.issuedOn} 完成「${input.courseTitle}」培训课程的学习，经考核合格，特此证明。`, 128, undefined, {
      width: PAGE.width - 400,
      lineGap: 6,
    });
  doc.moveDown(1.2);
  doc
    .fontSize(10)
    .fillColor('#595959')
    .text(input.trainingLabel, 128, undefined, { width: PAGE.width - 400 });
  doc.moveDown(0.6);
  doc.text(`证书编号 ${input.code}`, 128, undefined, { width: PAGE.width - 400 });
  doc
    .fontSize(16)
    .fillColor('#1f1f1f')
    .text(input.issuer, 96, PAGE.height - 150, { width: PAGE.width - 400, align: 'right' });
  doc.fontSize(12).text(input.issuedOn, 96, undefined, { width: PAGE.width - 400, align: 'right' });
  await drawQr(doc, input.verifyUrl, PAGE.width - 250, PAGE.height - 290, 170);
  doc
    .fillColor('#595959')
    .fontSize(9)
    .text('扫码验证 Scan to verify', PAGE.width - 250, PAGE.height - 112, { width: 170, align: 'center' });
  if (input.revoked) {
    doc.save().rotate(-20, { origin: [PAGE.width / 2, PAGE.height / 2] });
    doc
      .fillColor(RED)
      .opacity(0.35)
      .fontSize(90)
      .text('已撤销', 0, PAGE.height / 2 - 60, { width: PAGE.width, align: 'center' });
    doc.restore();
  }
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
