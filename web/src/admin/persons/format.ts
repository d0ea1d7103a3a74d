import type { TFunction } from 'i18next';
import type { Person } from '../../shared/types.ts';

/** 打铁关小区1幢 2单元 301 */
export function homeOf(person: Pick<Person, 'buildingName' | 'unitName' | 'room' | 'address'>): string {
  const parts = [person.buildingName, person.unitName, person.room].filter(Boolean);
  return parts.length ? parts.join(' ') : person.address || '—';
}

/** 女 · 75岁 */
export function genderAndAge(t: TFunction, person: Pick<Person, 'gender' | 'age'>): string {
  const gender = t(`genders.${person.gender}`);
  return person.age === null ? gender : `${gender} · ${t('persons.age', { age: person.age })}`;
}
