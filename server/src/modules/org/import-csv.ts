import { parse } from 'csv-parse';
import { translate, type Locale, type TranslationKey } from '../../platform/i18n.ts';
import type { ImportRowError } from './tables.ts';

// The CSV files of an import: accepted columns, the template, decoding, the header, the
// words a row may use, and the errors found row by row.

const MAX_STORED_ERRORS = 1000;

export type ImportKind = 'persons' | 'buildings' | 'divisions';

interface Column {
  key: string;
  aliases: string[];
  required?: boolean;
}

/** Accepted headers, Chinese first; a file may use either language. */
export const COLUMNS: Record<ImportKind, Column[]> = {
  persons: [
    { key: 'name', aliases: ['姓名', 'name'], required: true },
    { key: 'community_code', aliases: ['社区编码', '社区代码', 'community_code'], required: true },
    { key: 'gender', aliases: ['性别', 'gender'] },
    { key: 'birth_date', aliases: ['出生日期', 'birth_date'] },
    { key: 'id_number', aliases: ['身份证号', '身份证号码', 'id_number'] },
    { key: 'phone', aliases: ['手机号', '手机号码', '联系电话', 'phone'] },
    { key: 'grid_code', aliases: ['网格编码', 'grid_code'] },
    { key: 'building', aliases: ['楼栋', 'building'] },
    { key: 'unit', aliases: ['单元', 'unit'] },
    { key: 'room', aliases: ['房号', 'room'] },
    { key: 'floor_area', aliases: ['房屋面积', '面积', 'floor_area_m2'] },
    { key: 'tags', aliases: ['标签', 'tags'] },
    { key: 'is_owner', aliases: ['是否业主', 'is_owner'] },
    { key: 'address', aliases: ['地址', 'address'] },
    { key: 'note', aliases: ['备注', 'note'] },
  ],
  buildings: [
    { key: 'community_code', aliases: ['社区编码', '社区代码', 'community_code'], required: true },
    { key: 'name', aliases: ['楼栋名称', '名称', 'name'], required: true },
    { key: 'code', aliases: ['楼栋编码', 'code'] },
    { key: 'grid_code', aliases: ['网格编码', 'grid_code'] },
    { key: 'address', aliases: ['地址', 'address'] },
    { key: 'kind', aliases: ['类型', 'kind'] },
    { key: 'floors', aliases: ['层数', 'floors'] },
    { key: 'lat', aliases: ['纬度', 'lat'] },
    { key: 'lng', aliases: ['经度', 'lng'] },
  ],
  // As the 国家统计局 lists them (统计用区划代码, 名称); the 城乡分类代码 column may stay.
  divisions: [
    { key: 'code', aliases: ['统计用区划代码', '区划代码', 'code'], required: true },
    { key: 'name', aliases: ['名称', '单位名称', 'name'], required: true },
  ],
};

/** A CSV with the header row and one example row, with a BOM so Excel opens it as UTF-8. */
export function importTemplate(
  kind: ImportKind,
  example: { communityCode: string; buildingName: string; countyCode: string },
): string {
  const header = COLUMNS[kind].map((c) => c.aliases[0]).join(',');
  if (kind === 'divisions') {
    const county = example.countyCode.slice(0, 6);
    return `\uFEFF${header}\n${county}004000,文晖街道办事处\n${county}004001,打铁关社区居委会\n`;
  }
  const row =
    kind === 'persons'
      ? [
          '张三',
          example.communityCode,
          '男',
          '1956-03-12',
          '',
          '13800000000',
          '',
          example.buildingName,
          '2单元',
          '301',
          '89.5',
          '独居老人;党员',
          '是',
          '',
          '',
        ]
      : [example.communityCode, '新建1幢', '', '', '', '住宅', '6', '', ''];
  return `\uFEFF${header}\n${row.join(',')}\n`;
}

/** Excel in China saves CSV as GB18030/GBK unless told otherwise; take either. */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

export function headerIndex(kind: ImportKind, header: string[]) {
  const index = new Map<string, number>();
  const normalized = header.map((h) =>
    h
      .trim()
      .toLowerCase()
      .replace(/^\uFEFF/, ''),
  );
  for (const column of COLUMNS[kind]) {
    // biome-ignore lint/complexity/useIndexOf: a header matches any of the column's aliases, not one value
    const at = normalized.findIndex((h) => column.aliases.some((a) => a.toLowerCase() === h));
    if (at >= 0) index.set(column.key, at);
  }
  const missing = COLUMNS[kind].filter((c) => c.required && !index.has(c.key)).map((c) => c.aliases[0]!);
  return { index, missing };
}

export function firstLine(text: string) {
  const end = text.search(/\r?\n/);
  return end === -1 ? text : text.slice(0, end);
}

export interface ParsedRow {
  line: number;
  values: Map<string, string>;
}

/** Errors found in a file, row by row; the file is applied only when there are none. */
export class RowErrors {
  readonly list: ImportRowError[] = [];
  count = 0;
  constructor(private readonly locale: Locale) {}
  add(row: number, field: string | undefined, key: TranslationKey, params: Record<string, string | number> = {}) {
    this.count++;
    if (this.list.length < MAX_STORED_ERRORS) {
      this.list.push({ row, ...(field ? { field } : {}), message: translate(this.locale, key, params) });
    }
  }
}

export const GENDERS: Record<string, 'male' | 'female'> = {
  男: 'male',
  女: 'female',
  male: 'male',
  female: 'female',
  m: 'male',
  f: 'female',
};
export const YES = new Set(['是', 'y', 'yes', 'true', '1']);
export const NO = new Set(['否', 'n', 'no', 'false', '0', '']);
export const KIND_WORDS: Record<string, 'residential' | 'commercial' | 'mixed' | 'public' | 'industrial'> = {
  住宅: 'residential',
  商业: 'commercial',
  商住: 'mixed',
  混合: 'mixed',
  公共: 'public',
  工业: 'industrial',
  residential: 'residential',
  commercial: 'commercial',
  mixed: 'mixed',
  public: 'public',
  industrial: 'industrial',
};

export async function parseHeader(line: string): Promise<string[]> {
  const parser = parse(line, { bom: true, trim: true, to_line: 1 });
  for await (const record of parser as AsyncIterable<string[]>) return record;
  return [];
}
