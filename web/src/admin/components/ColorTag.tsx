import { Tag } from 'antd';
import type { ReactNode } from 'react';

/** A status in its colour (the same hues as the H5 app). */
export function ColorTag({ color, children, testId }: { color: string; children: ReactNode; testId?: string }) {
  return (
    <Tag color={color} data-testid={testId} style={{ marginInlineEnd: 0 }}>
      {children}
    </Tag>
  );
}
