import { Cascader } from 'antd-mobile';
import { RightOutline } from 'antd-mobile-icons';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { categoryPath, categoryTree } from '../../shared/matters.ts';
import type { Category, MatterKind } from '../../shared/types.ts';

/** The catalogue's two levels in a bottom sheet; shows "消防安全 / 消防通道堵塞" once chosen. */
export function CategoryPicker({
  categories,
  kinds,
  value,
  onChange,
}: {
  categories: Category[];
  kinds: MatterKind[];
  value: number | undefined;
  onChange: (id: number) => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const options = useMemo(
    () =>
      categoryTree(categories, kinds).map((node) => ({
        label: node.label,
        value: String(node.value),
        children: node.children?.map((c) => ({ label: c.label, value: String(c.value) })),
      })),
    [categories, kinds],
  );
  const path = value ? categoryPath(categories, value) : [];
  const names = path.map((id) => categories.find((c) => c.id === id)?.name).filter(Boolean);
  return (
    <>
      <button type="button" className="h5-picker-trigger" onClick={() => setOpen(true)} data-testid="category-picker">
        <span className={names.length ? '' : 'h5-muted'}>
          {names.length ? names.join(' / ') : t('h5.report.categoryPlaceholder')}
        </span>
        <RightOutline />
      </button>
      <Cascader
        options={options}
        visible={open}
        value={path.map(String)}
        title={t('h5.report.category')}
        confirmText={t('common.confirm')}
        cancelText={t('common.cancel')}
        onClose={() => setOpen(false)}
        onConfirm={(values) => {
          const last = values[values.length - 1];
          if (values.length === 2 && last) onChange(Number(last));
        }}
      />
    </>
  );
}
