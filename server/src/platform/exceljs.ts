import type ExcelJS from 'exceljs';

let excelJSLoaded: Promise<typeof ExcelJS> | undefined;

/**
 * exceljs, loaded when the first workbook is read or written (an import, an export, a template)
 * rather than at every start of the server and of every test file, most of which open none.
 */
export function loadExcelJS(): Promise<typeof ExcelJS> {
  excelJSLoaded ??= import('exceljs').then((module) => module.default);
  return excelJSLoaded;
}
