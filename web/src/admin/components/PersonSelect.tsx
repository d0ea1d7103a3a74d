import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Select, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pointsQueries } from '../../shared/query/points.ts';

/**
 * Picks a person of the area by name, from the points accounts (the only list of
 * people the points module keeps); gives the user id.
 */
export function PersonSelect({
  value,
  onChange,
  communityId,
  placeholder,
  id,
}: {
  value?: number;
  onChange?: (userId: number | undefined) => void;
  communityId?: number;
  placeholder?: string;
  id?: string;
}) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  // Asked once the typing pauses.
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed), 250);
    return () => clearTimeout(timer);
  }, [typed]);
  const accounts = useQuery({
    ...pointsQueries.accounts({ q: q || undefined, communityId, limit: 20 }),
    placeholderData: keepPreviousData,
  });
  const options = (accounts.data?.items ?? []).map((a) => ({ value: a.userId, label: a.name }));
  return (
    <Select
      id={id}
      showSearch
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      filterOption={false}
      onSearch={setTyped}
      options={options}
      allowClear
      placeholder={placeholder ?? t('pointsAdmin.teams.personHint')}
      notFoundContent={accounts.isFetching ? <Spin size="small" /> : undefined}
      style={{ minWidth: 200 }}
    />
  );
}
