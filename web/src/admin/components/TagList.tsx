import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { tagColor, tagLabel } from '../../shared/labels.ts';

export function TagList({ tags }: { tags: string[] }) {
  const { t } = useTranslation();
  if (tags.length === 0) return <span className="gz-muted">—</span>;
  return (
    <span className="gz-tag-list">
      {tags.map((tag) => (
        <Tag key={tag} color={tagColor(tag)} variant="filled">
          {tagLabel(t, tag)}
        </Tag>
      ))}
    </span>
  );
}
