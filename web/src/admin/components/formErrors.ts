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
