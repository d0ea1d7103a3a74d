import type ExcelJS from 'exceljs';
import { AppError } from '../../platform/errors.ts';
import { loadExcelJS } from '../../platform/exceljs.ts';

/**
 * Excel (.xlsx) files for the people and buildings import. An uploaded workbook's first sheet
 * with data becomes the same CSV text the CSV path stores, so checking, errors, progress and
 * writing are one pipeline. Read with exceljs (maintained, reads and writes .xlsx, no native
 * code); the npm package "xlsx" is SheetJS's stale copy.
 *
 * Excel keeps numbers to 15 significant digits: an 18-digit ID number typed into a number cell
 * has already lost its last digits in the file. Such a cell is passed on as the digits Excel
 * kept, so the row fails the ID-number check and the error report names it; the template's ID
 * and phone columns are formatted as text so it does not happen.
 */

/** A ZIP's signature (PK\x03\x04): what an .xlsx is, whatever its name says. */
export function isXlsx(bytes: Uint8Array): boolean {
  return bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A cell as the text the CSV column would hold. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    // Excel dates have no zone; exceljs reads them as UTC midnight of the written day.
    return value.toISOString().slice(0, 10);
  }
  if (typeof value === 'number') {
    return Number.isInteger(value) ? BigInt(value).toString() : String(value);
  }
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'string') return value;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  if ('error' in value) return '';
  return String(value);
}

export async function xlsxToCsv(bytes: Uint8Array): Promise<string> {
  const { Workbook } = await loadExcelJS();
  const workbook = new Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    // Not a workbook after all (another ZIP, a damaged file): a type we cannot read, said in words.
    throw new AppError('unsupported_media_type', {}, [{ path: 'file', key: 'import.bad_xlsx' }]);
  }
  const sheet = workbook.worksheets.find((s) => s.actualRowCount > 0);
  if (!sheet) throw new AppError('validation_failed', {}, [{ path: 'file', key: 'import.bad_xlsx' }]);
  const lines: string[] = [];
  const width = sheet.getRow(1).cellCount;
  // Rows keep their numbers (empty ones in the middle included), so errors name the sheet's rows.
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells = Array.from({ length: width }, (_v, i) => cellText(row.getCell(i + 1).value).trim());
    lines.push(cells.map(csvField).join(','));
  }
  // Trailing empty rows (formatting dragged down) are not rows of data.
  while (lines.length > 1 && /^,*$/.test(lines.at(-1)!)) lines.pop();
  return lines.join('\n');
}

/** The CSV template as a workbook: bold header, every column text so numbers keep their digits. */
export async function xlsxTemplate(csv: string, sheetName: string): Promise<Buffer> {
  const { Workbook } = await loadExcelJS();
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  const rows = csv
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((line) => line.length > 0)
    .map((line) => line.split(','));
  for (const cells of rows) sheet.addRow(cells);
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((column, i) => {
    column.numFmt = '@';
    column.width = Math.max(10, (rows[0]?.[i]?.length ?? 4) * 2 + 4);
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
