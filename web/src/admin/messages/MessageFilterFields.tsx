import { DatePicker, Select } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';

export const MESSAGE_CHANNELS = ['sms', 'voice'] as const;

interface Filters {
  channel?: string | undefined;
  kind?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** The channel, kind and date-range filters the outbox preview and the delivery log share. */
export function MessageFilterFields({
  filters,
  setFilters,
  kinds,
}: {
  filters: Filters;
  setFilters: (patch: Filters) => void;
  kinds: Array<{ value: string; label: string }>;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Select
        allowClear
        placeholder={t('selfService.outbox.filters.channel')}
        value={filters.channel}
        onChange={(v?: string) => setFilters({ channel: v })}
        options={MESSAGE_CHANNELS.map((c) => ({ value: c, label: t(`selfService.outbox.channel.${c}`) }))}
        style={{ width: 120 }}
        aria-label={t('selfService.outbox.filters.channel')}
      />
      <Select
        allowClear
        placeholder={t('selfService.outbox.filters.kind')}
        value={filters.kind}
        onChange={(v?: string) => setFilters({ kind: v })}
        options={kinds}
        style={{ width: 140 }}
        aria-label={t('selfService.outbox.filters.kind')}
      />
      <DatePicker.RangePicker
        value={[filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null]}
        placeholder={[t('selfService.outbox.filters.from'), t('selfService.outbox.filters.to')]}
        allowEmpty={[true, true]}
        onChange={(range) =>
          setFilters({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })
        }
        style={{ width: 260 }}
      />
    </>
  );
}
