import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, List, Space, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorMessage } from '../../shared/api.ts';
import { mattersKeys } from '../../shared/query/matters.ts';
import { formatDateTime } from '../../shared/time.ts';
import { FACILITIES, type Facility, type Station } from '../../shared/types.ts';

type DutyStation = Station & { dutyEndsAt: string };

const dutyKey = [...mattersKeys.all, 'duty-stations', 'mine'] as const;

function StationFacilities({ station }: { station: DutyStation }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [picked, setPicked] = useState<Facility[]>(station.facilities);
  const confirm = useMutation({
    mutationFn: () => api.put<Station>(`/api/stations/${station.id}/facilities`, { facilities: picked }),
    onSuccess: () => {
      Toast.show({ icon: 'success', content: t('welfare.duty.confirmed') });
      void client.invalidateQueries({ queryKey: mattersKeys.all });
    },
    onError: (e) => Toast.show({ icon: 'fail', content: errorMessage(e) }),
  });
  return (
    <List.Item
      data-testid={`duty-station-${station.id}`}
      description={
        <>
          <div>{t('welfare.duty.until', { at: formatDateTime(station.dutyEndsAt) })}</div>
          <div>
            {station.facilitiesCheckedAt
              ? t('welfare.duty.checkedAt', { at: formatDateTime(station.facilitiesCheckedAt) })
              : t('welfare.duty.never')}
          </div>
          <Checkbox.Group value={picked} onChange={(v) => setPicked(v as Facility[])}>
            <Space wrap style={{ margin: '8px 0' }}>
              {FACILITIES.map((f) => (
                <Checkbox key={f} value={f} data-testid={`duty-facility-${f}`}>
                  {t(`stations.facilities.${f}`)}
                </Checkbox>
              ))}
            </Space>
          </Checkbox.Group>
          <Button
            size="small"
            color="primary"
            loading={confirm.isPending}
            onClick={() => confirm.mutate()}
            data-testid={`duty-confirm-${station.id}`}
          >
            {t('welfare.duty.confirm')}
          </Button>
        </>
      }
    >
      {station.name}
    </List.Item>
  );
}

/** 我值班的站点: the stations I am on duty at now; I confirm which facilities work, and couriers see it. */
export function DutyStations() {
  const { t } = useTranslation();
  const duty = useQuery({
    queryKey: dutyKey,
    queryFn: () => api.get<{ items: DutyStation[] }>('/api/stations/on-duty/mine'),
  });
  const items = duty.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <List header={t('welfare.duty.title')} data-testid="duty-stations">
      <List.Item>
        <span className="h5-muted h5-small">{t('welfare.duty.hint')}</span>
      </List.Item>
      {items.map((s) => (
        <StationFacilities key={`${s.id}-${s.facilitiesCheckedAt ?? ''}`} station={s} />
      ))}
    </List>
  );
}
