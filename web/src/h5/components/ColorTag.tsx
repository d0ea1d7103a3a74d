import { Tag } from 'antd-mobile';
import type { CSSProperties, ReactNode } from 'react';

/** A status in its colour, as MatterStatusTag draws matter statuses. */
export function ColorTag({ color, children, testId }: { color: string; children: ReactNode; testId?: string }) {
  return (
    <Tag
      className="h5-status-tag"
      data-testid={testId}
      style={
        { '--background-color': `${color}18`, '--text-color': color, '--border-color': `${color}55` } as CSSProperties
      }
    >
      {children}
    </Tag>
  );
}
