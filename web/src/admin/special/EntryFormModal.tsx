import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, DatePicker, Form, Input, Modal, Select, Spin, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import { orgQueries } from '../../shared/query/org.ts';
import { useMe } from '../../shared/session.tsx';
import { categoriesQuery, categoryName, type SpecialField, specialApi, specialKeys } from '../../shared/special.ts';
import { applyServerFieldErrors } from '../components/formErrors.ts';

interface EntryForm {
  personId: number;
  categoryId: number;
  startsOn: Dayjs;
  endsOn?: Dayjs | null;
  fields?: Partial<Record<SpecialField, string>>;
}

/**
 * Registers a person of the people registry under a category, asking only for the fields that
 * category needs. The responsible worker is the officer registering (warned of overdue visits).
 */
export function EntryFormModal({ onClose, onSaved }: { onClose: () => void; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const client = useQueryClient();
  const [form] = Form.useForm<EntryForm>();
  const [saving, setSaving] = useState(false);
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 250);
    return () => clearTimeout(timer);
  }, [typed]);
  const people = useQuery({
    ...orgQueries.persons({ q: q || undefined, limit: 20 }),
    placeholderData: keepPreviousData,
  });
  const categories = useQuery(categoriesQuery());
  const categoryId = Form.useWatch('categoryId', form);
  const category = categories.data?.items.find((c) => c.id === categoryId);

  const save = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const fields = Object.fromEntries(
        (category?.fields ?? []).map((k) => [k, v.fields?.[k]?.trim() ?? '']).filter(([, value]) => value),
      );
      await specialApi.create({
        personId: v.personId,
        categoryId: v.categoryId,
        startsOn: v.startsOn.format('YYYY-MM-DD'),
        endsOn: v.endsOn ? v.endsOn.format('YYYY-MM-DD') : null,
        workerId: me.id,
        fields,
      });
      void client.invalidateQueries({ queryKey: [...specialKeys.all, 'entries'] });
      message.success(t('special.saved'));
      onSaved();
    } catch (error) {
      if (!applyServerFieldErrors(form, error, ['personId', 'categoryId', 'startsOn', 'endsOn']))
        message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('special.addTitle')}
      onCancel={onClose}
      onOk={() => void save()}
      okText={t('special.save')}
      cancelText={t('special.cancel')}
      confirmLoading={saving}
      destroyOnHidden
      width={560}
    >
      <Form form={form} layout="vertical" initialValues={{ startsOn: dayjs() }} data-testid="special-form">
        <Form.Item
          name="personId"
          label={t('special.person')}
          rules={[{ required: true, message: t('special.personRequired') }]}
        >
          <Select
            showSearch
            filterOption={false}
            onSearch={setTyped}
            placeholder={t('special.personHint')}
            notFoundContent={people.isFetching ? <Spin size="small" /> : undefined}
            options={(people.data?.items ?? []).map((p) => ({
              value: p.id,
              label: `${p.name} · ${p.communityName}${p.address ? ` · ${p.address}` : ''}`,
            }))}
            data-testid="special-person"
          />
        </Form.Item>
        <Form.Item
          name="categoryId"
          label={t('special.category')}
          rules={[{ required: true, message: t('special.categoryRequired') }]}
          extra={category && t('special.every', { days: category.visitDays })}
        >
          <Select
            loading={categories.isPending}
            options={(categories.data?.items ?? []).map((c) => ({
              value: c.id,
              label: categoryName(c, i18n.language),
            }))}
            data-testid="special-category"
          />
        </Form.Item>
        <Form.Item
          name="startsOn"
          label={t('special.startsOn')}
          rules={[{ required: true, message: t('special.startsRequired') }]}
        >
          <DatePicker allowClear={false} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="endsOn"
          label={t('special.endsOn')}
          dependencies={['startsOn']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, value: Dayjs | null | undefined) =>
                !value?.isBefore(getFieldValue('startsOn'), 'day')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('special.endsBeforeStart'))),
            }),
          ]}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        {category && (
          <>
            <Typography.Text strong>{t('special.fieldsOfCategory')}</Typography.Text>
            {category.fields.length === 0 && (
              <div style={{ color: '#888', margin: '4px 0 12px' }}>{t('special.noFields')}</div>
            )}
            {category.fields.map((key) => (
              <Form.Item key={key} name={['fields', key]} label={t(`special.fields.${key}`)} rules={[{ max: 200 }]}>
                <Input maxLength={200} data-testid={`special-field-${key}`} />
              </Form.Item>
            ))}
          </>
        )}
        <Typography.Text type="secondary">
          {t('special.worker')}: {me.displayName} — {t('special.workerMe')}
        </Typography.Text>
      </Form>
    </Modal>
  );
}
