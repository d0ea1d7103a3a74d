import { CopyOutlined } from '@ant-design/icons';
import { App, Button, Input, Space, Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ALARM_STATUS_COLORS, SEVERITY_COLORS, type AlarmStatus, type DeviceStatus, type Severity } from '../../shared/iot.ts';
import type { OrgIndex } from '../org/orgIndex.ts';
import './iot.css';

export function SeverityTag({ severity }: { severity: Severity }) {
  const { t } = useTranslation();
  return (
    <Tag color={SEVERITY_COLORS[severity]} className="gz-severity-tag" data-severity={severity}>
      {t(`iot.severity.${severity}`)}
    </Tag>
  );
}

export function AlarmStatusTag({ status }: { status: AlarmStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={ALARM_STATUS_COLORS[status]} className="gz-alarm-status" data-status={status}>
      {t(`iot.alarmStatus.${status}`)}
    </Tag>
  );
}

const DEVICE_STATUS_COLORS: Record<DeviceStatus, string> = { online: 'success', offline: 'error', unknown: 'default' };

export function DeviceStatusTag({ status, active = true }: { status: DeviceStatus; active?: boolean }) {
  const { t } = useTranslation();
  if (!active) return <Tag>{t('iot.devices.retired')}</Tag>;
  return <Tag color={DEVICE_STATUS_COLORS[status]}>{t(`iot.deviceStatus.${status}`)}</Tag>;
}

export interface AreaOption {
  value: string;
  title: string;
  children?: AreaOption[];
}

/** Communities with their grids, as `c<id>` / `g<id>` values, for an area filter. */
export function areaOptions(index: OrgIndex | undefined): AreaOption[] {
  if (!index) return [];
  const communities = new Map(index.communities.map((c) => [c.id, c.name]));
  // A grid worker's community is not in scope, but its grids are: list them under it.
  for (const grid of index.tree.grids) if (!communities.has(grid.communityId)) communities.set(grid.communityId, index.divisionById.get(grid.communityId)?.name ?? String(grid.communityId));
  return [...communities].map(([id, name]) => ({
    value: `c${id}`,
    title: name,
    children: (index.gridsOf.get(id) ?? []).map((g) => ({ value: `g${g.id}`, title: g.name })),
  }));
}

export function areaValue(communityId?: number, gridId?: number): string | undefined {
  return gridId ? `g${gridId}` : communityId ? `c${communityId}` : undefined;
}

export function parseArea(value: string | undefined): { communityId?: number; gridId?: number } {
  return {
    communityId: value?.startsWith('c') ? Number(value.slice(1)) : undefined,
    gridId: value?.startsWith('g') ? Number(value.slice(1)) : undefined,
  };
}

export function placeText(t: TFunction, p: { communityName: string | null; gridName: string | null; address?: string }): string {
  return [p.communityName, p.gridName, p.address].filter(Boolean).join(' · ') || t('common.none');
}

/** A value shown once, read-only, with a copy button. */
export function CopyField({ value, label, testId }: { value: string; label: string; testId?: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      message.success(t('iot.devices.copied'));
    } catch {
      message.error(t('iot.devices.copyFailed'));
    }
  };
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Input readOnly value={value} aria-label={label} className="gz-mono" data-testid={testId} onFocus={(e) => e.currentTarget.select()} />
      <Button icon={<CopyOutlined />} onClick={() => void copy()}>
        {t('iot.devices.copy')}
      </Button>
    </Space.Compact>
  );
}
