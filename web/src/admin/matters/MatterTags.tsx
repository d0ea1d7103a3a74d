import { ClockCircleOutlined, FireOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  deadlineTone,
  formatDeadline,
  levelLabel,
  secondsLeftNow,
  STATUS_COLORS,
  statusLabel,
  URGENCY_COLORS,
  urgencyLabel,
} from '../../shared/matters.ts';
import { formatDateTime } from '../../shared/time.ts';
import type { MatterLevel, MatterListItem, MatterStatus, Urgency } from '../../shared/types.ts';

export function StatusTag({ status }: { status: MatterStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} className="gz-status-tag" data-status={status}>
      {statusLabel(t, status)}
    </Tag>
  );
}

export function LevelTag({ level }: { level: MatterLevel }) {
  const { t } = useTranslation();
  return <Tag>{levelLabel(t, level)}</Tag>;
}

/** Only urgent and critical matters get a tag; normal is the default and says nothing. */
export function UrgencyTag({ urgency }: { urgency: Urgency }) {
  const { t } = useTranslation();
  if (urgency === 'normal') return null;
  return (
    <Tag color={URGENCY_COLORS[urgency]} icon={<FireOutlined />}>
      {urgencyLabel(t, urgency)}
    </Tag>
  );
}

const TONE_CLASS = {
  ok: 'gz-deadline-ok',
  soon: 'gz-deadline-soon',
  late: 'gz-deadline-late',
  none: 'gz-muted',
} as const;

/**
 * Time left to resolve: green while there is time, orange near the end, red and
 * "已超期 x 小时" when late. loadedAt is when the server counted secondsLeft.
 */
export function Deadline({
  matter,
  loadedAt,
  now,
  hideEmpty = false,
}: {
  matter: Pick<MatterListItem, 'secondsLeft' | 'dueAt' | 'createdAt' | 'status'>;
  loadedAt: number;
  now: number;
  /** Show nothing (rather than —) when there is no deadline running, e.g. once resolved. */
  hideEmpty?: boolean;
}) {
  const { t } = useTranslation();
  const left = secondsLeftNow(matter.secondsLeft, loadedAt, now);
  if (left === null || !matter.dueAt) return hideEmpty ? null : <span className="gz-muted">—</span>;
  const total = (Date.parse(matter.dueAt) - Date.parse(matter.createdAt)) / 1000;
  const tone = deadlineTone(left, total);
  return (
    <Tooltip title={`${t('matters.detail.resolveDue')} ${formatDateTime(matter.dueAt)}`}>
      <span className={`gz-deadline ${TONE_CLASS[tone]}`} data-testid="deadline">
        <ClockCircleOutlined /> {formatDeadline(t, left)}
      </span>
    </Tooltip>
  );
}
