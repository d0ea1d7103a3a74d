import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  List,
  Skeleton,
  Space,
  Tag,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import { orgQueries } from '../../shared/query/org.ts';
import { categoriesQuery, categoryName, type SpecialField, specialApi, specialKeys } from '../../shared/special.ts';
import { applyServerFieldErrors } from '../components/formErrors.ts';
import { LoadError } from '../components/LoadError.tsx';
import { CloseEntry } from './CloseEntry.tsx';
import { useOrgTree } from '../org/OrgTreeContext.tsx';

interface VisitValues {
  visitedOn: Dayjs;
  note?: string;
}

/**
 * One entry of the register: opening it is the audited read (fetched once, not again on focus),
 * the fields its category needs, the person's masked contact data, the visits and a form to add one.
 */
export function EntryDrawer({ id, manage, onClose }: { id: number; manage: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const { index } = useOrgTree();
  const [form] = Form.useForm<VisitValues>();
  const [saving, setSaving] = useState(false);
  const entry = useQuery({
    queryKey: specialKeys.entry(id),
    queryFn: () => specialApi.entry(id),
    // Each fetch is a read in the audit log: once per opening.
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    refetchOnWindowFocus: false,
    retry: false,
  });
  const e = entry.data;
  const person = useQuery({ ...orgQueries.person(e?.person.id ?? 0), enabled: Boolean(e) });
  const categories = useQuery(categoriesQuery());
  const category = categories.data?.items.find((c) => c.id === e?.category.id);
  // The fields the category needs now, and any kept from before it changed.
  const fieldKeys = [
    ...new Set([...(category?.fields ?? []), ...(Object.keys(e?.fields ?? {}) as SpecialField[])]),
  ] as SpecialField[];

  const record = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const updated = await specialApi.recordVisit(id, {
        visitedOn: v.visitedOn.format('YYYY-MM-DD'),
        note: v.note?.trim() ?? '',
      });
      client.setQueryData(specialKeys.entry(id), updated);
      void client.invalidateQueries({ queryKey: [...specialKeys.all, 'entries'] });
      form.resetFields();
      message.success(t('special.visitSaved'));
    } catch (error) {
      if (!applyServerFieldErrors(form, error, ['visitedOn', 'note'])) message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer open width={640} onClose={onClose} title={t('special.detail')} data-testid="special-drawer">
      {entry.error && <LoadError error={entry.error} onRetry={() => void entry.refetch()} />}
      {entry.isPending && <Skeleton active />}
      {e && (
        <>
          <Alert type="info" showIcon message={t('special.readAudited')} style={{ marginBottom: 16 }} />
          <Descriptions column={2} size="small" bordered title={e.person.name}>
            <Descriptions.Item label={t('special.category')}>
              {categoryName(e.category, i18n.language)}
            </Descriptions.Item>
            <Descriptions.Item label={t('special.community')}>
              {index?.divisionById.get(e.communityId)?.name ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('special.phone')}>{person.data?.phone ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('special.idNumber')}>{person.data?.idNumber ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('special.address')} span={2}>
              {person.data?.address || '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('special.startsOn')}>{e.startsOn}</Descriptions.Item>
            <Descriptions.Item label={t('special.endsOn')}>
              {e.endsOn ?? '—'}
              {e.status === 'closed' && (
                <Tag style={{ marginLeft: 8 }} data-testid="special-drawer-closed">
                  {t('special.statusClosed')}
                </Tag>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('special.lastVisit')}>
              {e.lastVisitOn ?? t('special.notVisited')}
            </Descriptions.Item>
            <Descriptions.Item label={t('special.nextDue')}>
              {e.status === 'closed' ? (
                '—'
              ) : e.overdue ? (
                <Tag color="red" data-testid="special-drawer-overdue">
                  {e.nextVisitDue} · {t('special.overdue')}
                </Tag>
              ) : (
                <span data-testid="special-drawer-due">{e.nextVisitDue}</span>
              )}
            </Descriptions.Item>
            {fieldKeys.map((key) => (
              <Descriptions.Item key={key} label={t(`special.fields.${key}`)} span={2}>
                {e.fields[key] || '—'}
              </Descriptions.Item>
            ))}
          </Descriptions>
          {category && (
            <div style={{ margin: '8px 0', color: '#888' }}>{t('special.every', { days: category.visitDays })}</div>
          )}
          <List
            header={<strong>{t('special.visits')}</strong>}
            size="small"
            dataSource={e.visits}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('special.noVisits')} /> }}
            renderItem={(v) => (
              <List.Item data-testid={`special-visit-${v.id}`}>
                <List.Item.Meta title={v.visitedOn} description={v.note || '—'} />
              </List.Item>
            )}
            style={{ marginTop: 16 }}
          />
          {manage && e.status === 'active' && (
            <Form
              form={form}
              layout="vertical"
              initialValues={{ visitedOn: dayjs() }}
              style={{ marginTop: 16 }}
              data-testid="special-visit-form"
            >
              <Form.Item name="visitedOn" label={t('special.visitedOn')} rules={[{ required: true }]}>
                <DatePicker allowClear={false} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
              </Form.Item>
              <Form.Item name="note" label={t('special.note')} rules={[{ max: 1000 }]}>
                <Input.TextArea rows={3} maxLength={1000} data-testid="special-visit-note" />
              </Form.Item>
              <Space>
                <Button type="primary" loading={saving} onClick={() => void record()} data-testid="special-visit-save">
                  {t('special.recordVisit')}
                </Button>
                <CloseEntry id={e.id} startsOn={e.startsOn} />
              </Space>
            </Form>
          )}
        </>
      )}
    </Drawer>
  );
}
