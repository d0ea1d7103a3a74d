import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  ALARM_STATUS_COLORS,
  SEVERITY_COLORS,
  type AlarmStatus,
  type DeviceStatus,
  type Severity,
} from '../../shared/iot.ts';
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
