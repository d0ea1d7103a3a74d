import { Skeleton } from 'antd-mobile';

/** The shape of a list while its first page loads. */
export function ListSkeleton({ lines = 8 }: { lines?: number }) {
  return (
    <div className="h5-section">
      <Skeleton.Title animated />
      <Skeleton.Paragraph lineCount={lines} animated />
    </div>
  );
}
