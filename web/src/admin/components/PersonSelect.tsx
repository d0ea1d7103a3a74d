import { Select, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api.ts';
import type { Page } from '../../shared/types.ts';
import type { PersonAccount } from '../points/types.ts';

/**
 * Picks a person of the area by name, from the points accounts (the only list of
 * people the points module keeps); gives the user id.
 */
export function PersonSelect({ value, onChange, communityId, placeholder, id }: { value?: number; onChange?: (userId: number | undefined) => void; communityId?: number; placeholder?: string; id?: string }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);
  const [loading, setLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => {
    const controller = new AbortController();
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      setLoading(true);
      api
        .get<Page<PersonAccount>>('/api/points/accounts', { q: q || undefined, communityId, limit: 20 }, controller.signal)
        .then((page) => setOptions(page.items.map((a) => ({ value: a.userId, label: a.name }))))
        .catch(() => undefined)
        .finally(() => !controller.signal.aborted && setLoading(false));
    }, 250);
    return () => {
      controller.abort();
      clearTimeout(timer.current);
    };
  }, [q, communityId]);
  return (
    <Select
      id={id}
      showSearch
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      filterOption={false}
      onSearch={setQ}
      options={options}
      allowClear
      placeholder={placeholder ?? t('pointsAdmin.teams.personHint')}
      notFoundContent={loading ? <Spin size="small" /> : undefined}
      style={{ minWidth: 200 }}
    />
  );
}
