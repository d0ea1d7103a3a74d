import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

type FilterValue = string | number | boolean | null | undefined;

/**
 * A list's filters kept in the URL's query string, so a filtered list can be bookmarked, shared
 * and come back to with the browser's back button. Values are read as strings (undefined when
 * absent or empty); parse them with numberParam / oneOf. Setting a value to undefined, null or ''
 * removes it; names not given are kept.
 */
export function useUrlFilters<K extends string>(
  names: readonly K[],
): [Record<K, string | undefined>, (changes: Partial<Record<K, FilterValue>>) => void] {
  const [params, setParams] = useSearchParams();
  const key = names.map((name) => `${name}=${params.get(name) ?? ''}`).join('&');
  // biome-ignore lint/correctness/useExhaustiveDependencies: key is the filters' values, names a fresh array each render
  const values = useMemo(
    () =>
      Object.fromEntries(names.map((name) => [name, params.get(name) || undefined])) as Record<K, string | undefined>,
    [key],
  );
  const set = useCallback(
    (changes: Partial<Record<K, FilterValue>>) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [name, value] of Object.entries(changes) as [K, FilterValue][]) {
            if (value === undefined || value === null || value === '' || value === false) next.delete(name);
            else next.set(name, String(value));
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  return [values, set];
}

/** A positive integer parameter, or undefined. */
export function numberParam(value: string | undefined): number | undefined {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** A parameter that must be one of the given values, or undefined. */
export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[]): T | undefined {
  return allowed.includes(value as T) ? (value as T) : undefined;
}
