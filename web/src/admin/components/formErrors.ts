import type { FormInstance } from 'antd';
import { ApiError } from '../../shared/api.ts';

/**
 * Puts the server's field errors (details with path body.phone, …) under the form's
 * fields. Returns whether every detail found a field, so the caller knows if the
 * general message still needs saying.
 */
export function applyServerFieldErrors<T>(
  form: FormInstance<T>,
  error: unknown,
  fieldNames: readonly string[],
): boolean {
  if (!(error instanceof ApiError) || error.details.length === 0) return false;
  const byField = error.fieldErrors();
  const known = [...byField].filter(([field]) => fieldNames.includes(field));
  form.setFields(known.map(([field, errors]) => ({ name: field as never, errors })));
  return known.length > 0 && known.length === byField.size && byField.size === error.details.length;
}

/**
 * Like applyServerFieldErrors, for forms whose fields are nested (a list of grants, a district's
 * name): fieldOf maps a detail's path (body.grants.0.divisionId) to the form's name path
 * (['grants', 0, 'unit']), or to undefined when no field shows it. Returns whether every detail
 * found a field.
 */
export function applyServerFieldPaths<T>(
  form: FormInstance<T>,
  error: unknown,
  fieldOf: (path: string | undefined) => (string | number)[] | undefined,
): boolean {
  if (!(error instanceof ApiError) || error.details.length === 0) return false;
  const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
  let placed = 0;
  for (const detail of error.details) {
    const name = fieldOf(detail.path);
    if (!name) continue;
    placed++;
    const key = JSON.stringify(name);
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(detail.message);
    byField.set(key, entry);
  }
  form.setFields([...byField.values()].map(({ name, errors }) => ({ name: name as never, errors })));
  return placed > 0 && placed === error.details.length;
}
