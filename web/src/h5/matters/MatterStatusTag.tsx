import { Tag } from 'antd-mobile';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { STATUS_COLORS, statusLabel } from '../../shared/matters.ts';
import type { MatterStatus } from '../../shared/types.ts';

export function MatterStatusTag({ status }: { status: MatterStatus }) {
  const { t } = useTranslation();
  const color = STATUS_COLORS[status];
  return (
    <Tag
      className="h5-status-tag"
      data-status={status}
      style={
        { '--background-color': `${color}18`, '--text-color': color, '--border-color': `${color}55` } as CSSProperties
      }
    >
      {statusLabel(t, status)}
    </Tag>
  );
}
