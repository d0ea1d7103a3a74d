import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Executor } from '../../db/connection.ts';
import type { Scope } from '../../platform/access.ts';
import type { ParsedRow, RowErrors } from './import-csv.ts';
import * as repo from './repository.ts';

// Streets and communities from the statistical division codes (国家统计局 统计用区划代码):
// twelve digits, province 2 + city 2 + county 2 + township 3 + village 3. A code's level and
// parent are in the code itself: 330105004000 is a street (乡镇级) under the county 330105,
// 330105004001 a community (村级) under that street.

type Level = 'street' | 'community';

/**
 * The level of a 12-digit code, the codes it may already be known by (a district or street may
 * have been made with its short code, 330105 or 330105901) and its parent's; null for a county
 * or above (not imported).
 */
export function placeInCode(code: string): { level: Level; knownAs: string[]; parentCodes: string[] } | null {
  if (!/^\d{12}$/.test(code)) return null;
  const county = code.slice(0, 6);
  const township = code.slice(0, 9);
  if (code.slice(6, 9) === '000') return null;
  if (code.slice(9) === '000')
    return { level: 'street', knownAs: [code, township], parentCodes: [`${county}000000`, county] };
  return { level: 'community', knownAs: [code], parentCodes: [`${township}000`, township] };
}

/** The name as people say it: 打铁关社区居委会 → 打铁关社区, 葛巷村村民委员会 → 葛巷村, 文晖街道办事处 → 文晖街道. */
export function plainName(name: string): string {
  return name
    .trim()
    .replace(/(街道)办事处$/, '$1')
    .replace(/(居民委员会|居委会)$/, '')
    .replace(/(村民委员会|村委会)$/, (_m, _s, offset: number, whole: string) =>
      whole.slice(0, offset).endsWith('村') ? '' : '村',
    );
}

/**
 * Checks the rows: each a 12-digit street or community code under a division the importer may
 * write to (or a street earlier in the same file), a name; known codes are renamed. Returns the
 * writer, which inserts streets before communities.
 */
export async function checkDivisions(
  db: Kysely<DB>,
  scope: Scope,
  rows: ParsedRow[],
  errors: RowErrors,
  now: Date,
): Promise<(trx: Executor) => Promise<{ inserted: number; updated: number }>> {
  const parsed = rows.map((row) => {
    const code = (row.values.get('code') ?? '').replace(/\s/g, '');
    return { line: row.line, code, name: plainName(row.values.get('name') ?? ''), place: placeInCode(code) };
  });
  const codes = new Set(parsed.flatMap((p) => [p.code, ...(p.place?.knownAs ?? []), ...(p.place?.parentCodes ?? [])]));
  const known = new Map((await repo.divisionsByCodes(db, [...codes])).map((d) => [d.code, d]));
  const inFile = new Map<string, number>();
  const streetsInFile = new Set<string>();
  const inserts: Array<{ level: Level; code: string; name: string; parentCode: string }> = [];
  const renames: Array<{ id: number; name: string }> = [];
  const writable = (id: number) => scope.divisionIds.includes(id);

  for (const p of parsed) {
    const before = errors.count;
    if (!p.code) errors.add(p.line, '统计用区划代码', 'field.required');
    else if (!p.place) errors.add(p.line, '统计用区划代码', 'import.division_code', { value: p.code });
    if (!p.name) errors.add(p.line, '名称', 'field.required');
    else if (p.name.length > 60) errors.add(p.line, '名称', 'field.invalid');
    if (p.code && inFile.has(p.code))
      errors.add(p.line, '统计用区划代码', 'import.duplicate_in_file', { other: inFile.get(p.code)!, field: p.code });
    inFile.set(p.code, p.line);
    if (errors.count > before || !p.place) continue;

    const existing = p.place.knownAs.map((c) => known.get(c)).find(Boolean);
    if (existing) {
      if (!writable(existing.id))
        errors.add(p.line, '统计用区划代码', 'import.division_out_of_scope', { value: p.code });
      else if (existing.name !== p.name) renames.push({ id: existing.id, name: p.name });
      if (p.place.level === 'street') streetsInFile.add(p.code);
      known.set(p.code, existing);
      continue;
    }
    const parent = p.place.parentCodes.map((c) => known.get(c)).find(Boolean);
    const parentLevel = p.place.level === 'street' ? 'district' : 'street';
    if (parent) {
      if (parent.level !== parentLevel)
        errors.add(p.line, '统计用区划代码', 'import.division_parent', { value: p.code });
      else if (!writable(parent.id))
        errors.add(p.line, '统计用区划代码', 'import.division_out_of_scope', { value: p.code });
      else inserts.push({ level: p.place.level, code: p.code, name: p.name, parentCode: parent.code });
    } else if (p.place.level === 'community' && streetsInFile.has(p.place.parentCodes[0]!)) {
      // Its street is a new one earlier in this file.
      inserts.push({ level: 'community', code: p.code, name: p.name, parentCode: p.place.parentCodes[0]! });
    } else {
      errors.add(p.line, '统计用区划代码', 'import.division_parent', { value: p.code });
    }
    if (p.place.level === 'street') streetsInFile.add(p.code);
  }

  return async (trx) => {
    const paths = new Map([...known.values()].map((d) => [d.code, { id: d.id, path: d.path }]));
    for (const level of ['street', 'community'] as const) {
      for (const d of inserts.filter((i) => i.level === level)) {
        const parent = paths.get(d.parentCode)!;
        const created = await repo.insertDivision(
          trx,
          {
            parent_id: parent.id,
            level,
            name: d.name,
            code: d.code,
            code_official: true,
            lat: null,
            lng: null,
            created_at: now,
            updated_at: now,
          },
          parent.path,
        );
        paths.set(d.code, created);
      }
    }
    for (const r of renames) await repo.updateDivision(trx, r.id, { name: r.name }, now);
    return { inserted: inserts.length, updated: renames.length };
  };
}
