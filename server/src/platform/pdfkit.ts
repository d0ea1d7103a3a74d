import type PDFDocument from 'pdfkit';

/** pdfkit, loaded on the first document drawn: most processes never print, and it is large. */
let pdfkitLoaded: Promise<typeof PDFDocument> | undefined;

export function loadPdfkit(): Promise<typeof PDFDocument> {
  pdfkitLoaded ??= import('pdfkit').then((m) => m.default);
  return pdfkitLoaded;
}
