import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import {
  categoryName,
  SPECIAL_FIELDS,
  type SpecialCategory,
  type SpecialField,
  specialApi,
  specialKeys,
} from '../../shared/special.ts';
import { applyServerFieldErrors } from '../components/formErrors.ts';
import { LoadError } from '../components/LoadError.tsx';

interface CategoryForm {
  code?: string;
  nameZh: string;
  nameEn: string;
  fields: SpecialField[];
  visitDays: number;
  active: boolean;
}

/** 类别设置: the safety officer's categories, the fields each needs, its visit interval, on or off. */
export function CategoriesModal({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const categories = useQuery({
    queryKey: [...specialKeys.all, 'categories', 'all'],
    queryFn: specialApi.allCategories,
  });
  const [editing, setEditing] = useState<SpecialCategory | 'new' | null>(null);
  return (
    <Modal open title={t('special.settings')} onCancel={onClose} footer={null} width={760}>
      <Typography.Paragraph type="secondary">{t('special.settingsHint')}</Typography.Paragraph>
      {categories.error && <LoadError error={categories.error} onRetry={() => void categories.refetch()} />}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        loading={categories.isPending}
        dataSource={categories.data?.items ?? []}
        columns={[
          {
            title: t('special.category'),
            render: (_: unknown, c: SpecialCategory) => (
              <Space>
                {categoryName(c, i18n.language)}
                {!c.active && <Tag>{t('special.inactive')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('special.categoryFields'),
            render: (_: unknown, c: SpecialCategory) =>
              c.fields.length ? c.fields.map((f) => t(`special.fields.${f}`)).join('、') : '—',
          },
          { title: t('special.visitDays'), dataIndex: 'visitDays', align: 'right' },
          {
            title: '',
            render: (_: unknown, c: SpecialCategory) => (
              <Button size="small" onClick={() => setEditing(c)} data-testid={`special-category-edit-${c.code}`}>
                {t('special.edit')}
              </Button>
            ),
          },
        ]}
      />
      <Button icon={<PlusOutlined />} style={{ marginTop: 12 }} onClick={() => setEditing('new')}>
        {t('special.addCategory')}
      </Button>
      {editing && <CategoryFormModal category={editing} onClose={() => setEditing(null)} />}
    </Modal>
  );
}

function CategoryFormModal({ category, onClose }: { category: SpecialCategory | 'new'; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<CategoryForm>();
  const [saving, setSaving] = useState(false);
  const isNew = category === 'new';
  const save = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      if (isNew)
        await specialApi.createCategory({
          code: v.code ?? '',
          nameZh: v.nameZh,
          nameEn: v.nameEn,
          fields: v.fields,
          visitDays: v.visitDays,
        });
      else
        await specialApi.updateCategory(category.id, {
          nameZh: v.nameZh,
          nameEn: v.nameEn,
          fields: v.fields,
          visitDays: v.visitDays,
          active: v.active,
        });
      // The categories, and the entries whose due days follow the interval.
      void client.invalidateQueries({ queryKey: specialKeys.categories() });
      void client.invalidateQueries({ queryKey: [...specialKeys.all, 'entries'] });
      message.success(t('special.categorySaved'));
      onClose();
    } catch (error) {
      if (!applyServerFieldErrors(form, error, ['code', 'nameZh', 'nameEn', 'fields', 'visitDays', 'active']))
        message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={isNew ? t('special.addCategory') : t('special.editCategory')}
      onCancel={onClose}
      onOk={() => void save()}
      okText={t('special.save')}
      cancelText={t('special.cancel')}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={
          isNew
            ? { fields: [], visitDays: 30, active: true }
            : {
                nameZh: category.nameZh,
                nameEn: category.nameEn,
                fields: category.fields,
                visitDays: category.visitDays,
                active: category.active,
              }
        }
        data-testid="special-category-form"
      >
        {isNew && (
          <Form.Item
            name="code"
            label={t('special.code')}
            extra={t('special.codeHint')}
            rules={[{ required: true }, { pattern: /^[a-z][a-z0-9_]{1,39}$/, message: t('special.codeHint') }]}
          >
            <Input maxLength={40} />
          </Form.Item>
        )}
        <Form.Item name="nameZh" label={t('special.nameZh')} rules={[{ required: true, whitespace: true, max: 40 }]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="nameEn" label={t('special.nameEn')} rules={[{ required: true, whitespace: true, max: 40 }]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="fields" label={t('special.categoryFields')}>
          <Select
            mode="multiple"
            options={SPECIAL_FIELDS.map((f) => ({ value: f, label: t(`special.fields.${f}`) }))}
          />
        </Form.Item>
        <Form.Item name="visitDays" label={t('special.visitDays')} rules={[{ required: true }]}>
          <InputNumber min={1} max={366} precision={0} data-testid="special-category-days" />
        </Form.Item>
        {!isNew && (
          <Form.Item name="active" label={t('special.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
