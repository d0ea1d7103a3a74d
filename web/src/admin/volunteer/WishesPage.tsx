import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Image, Input, Modal, Popconfirm, Segmented, Space, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import { volunteerCalls, volunteerKeys, volunteerQueries } from '../../shared/query/volunteer.ts';
import { reasonOf, WISH_STATUS_COLORS } from '../../shared/points.ts';
import { formatDateTime } from '../../shared/time.ts';
import { WISH_STATUSES, type Wish, type WishStatus } from '../../shared/types.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { applyServerFieldErrors } from '../components/formErrors.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { ColorTag } from '../components/ColorTag.tsx';
import { CommunityField, useCommunityName } from '../components/CommunityField.tsx';

/** 微心愿: wishes of residents in need, posted by staff, claimed by volunteers or partner units, fulfilled with a photo. */
export default function WishesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const communityName = useCommunityName();
  const [status, setStatus] = useState<WishStatus | 'all'>('all');
  const queryClient = useQueryClient();
  const [posting, setPosting] = useState(false);
  const [claiming, setClaiming] = useState<Wish | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ communityId: number; beneficiaryLabel: string; title: string; description: string }>();
  const [unitForm] = Form.useForm<{ unit: string }>();
  const post = async (v: { communityId: number; beneficiaryLabel: string; title: string; description?: string }) => {
    setSaving(true);
    try {
      await volunteerCalls.createWish({ ...v, description: v.description ?? '' });
      message.success(t('pointsAdmin.wishes.created'));
      setPosting(false);
      void queryClient.invalidateQueries({ queryKey: volunteerKeys.all });
    } catch (error) {
      if (!applyServerFieldErrors(form, error, ['communityId', 'beneficiaryLabel', 'title', 'description']))
        message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };
  const move = async (w: Wish, action: 'claim' | 'cancel', body: Record<string, unknown> = {}) => {
    setSaving(true);
    try {
      await volunteerCalls.wishAction(w.id, action, body);
      message.success(t(action === 'claim' ? 'pointsAdmin.wishes.claimed' : 'pointsAdmin.wishes.cancelled'));
      setClaiming(null);
      void queryClient.invalidateQueries({ queryKey: volunteerKeys.all });
    } catch (error) {
      message.error(reasonOf(error));
    } finally {
      setSaving(false);
    }
  };
  return (
    <div className="gz-page">
      <PageHeader
        title={t('pointsAdmin.wishes.title')}
        description={t('pointsAdmin.wishes.subtitle')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              form.resetFields();
              setPosting(true);
            }}
          >
            {t('pointsAdmin.wishes.newWish')}
          </Button>
        }
      />
      <Card>
        <Segmented<WishStatus | 'all'>
          value={status}
          onChange={setStatus}
          style={{ marginBottom: 12 }}
          options={[
            { value: 'all', label: t('common.all') },
            ...WISH_STATUSES.map((s) => ({ value: s, label: t(`volunteer.wishStatus.${s}`) })),
          ]}
        />
        <CursorTable
          rowKey="id"
          pageQuery={(page) => volunteerQueries.wishes({ status: status === 'all' ? undefined : status, ...page })}
          locale={{ emptyText: t('pointsAdmin.wishes.empty') }}
          columns={[
            {
              title: t('pointsAdmin.wishes.wish'),
              key: 'w',
              render: (_v, w) => (
                <>
                  <strong>{w.title}</strong>
                  {w.description && (
                    <div>
                      <Typography.Text type="secondary">{w.description}</Typography.Text>
                    </div>
                  )}
                </>
              ),
            },
            { title: t('pointsAdmin.wishes.beneficiary'), dataIndex: 'beneficiaryLabel', width: 160 },
            {
              title: t('deliberation.fields.community'),
              key: 'c',
              width: 120,
              render: (_v, w) => communityName(w.communityId),
            },
            {
              title: t('pointsAdmin.wishes.claimedBy'),
              key: 'by',
              width: 180,
              render: (_v, w) => w.claimedByUnit ?? (w.claimedByUserId ? `#${w.claimedByUserId}` : '—'),
            },
            {
              title: t('deliberation.fields.status'),
              dataIndex: 'status',
              width: 100,
              render: (s: WishStatus) => (
                <ColorTag color={WISH_STATUS_COLORS[s]}>{t(`volunteer.wishStatus.${s}`)}</ColorTag>
              ),
            },
            {
              title: t('pointsAdmin.wishes.fulfilledAt'),
              key: 'f',
              width: 170,
              render: (_v, w) =>
                w.fulfilledAt ? (
                  <Space direction="vertical" size={2}>
                    <span>{formatDateTime(w.fulfilledAt).slice(0, 16)}</span>
                    {w.fulfilmentPhotos.length > 0 && (
                      <Image.PreviewGroup>
                        <Space size={4}>
                          {w.fulfilmentPhotos.map((p) => (
                            <Image
                              key={p.url}
                              src={p.thumbnailUrl}
                              preview={{ src: p.url }}
                              width={40}
                              height={40}
                              style={{ objectFit: 'cover', borderRadius: 4 }}
                            />
                          ))}
                        </Space>
                      </Image.PreviewGroup>
                    )}
                    {w.thanksNote && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        “{w.thanksNote}”
                      </Typography.Text>
                    )}
                  </Space>
                ) : (
                  '—'
                ),
            },
            {
              title: t('common.actions'),
              key: 'a',
              width: 170,
              render: (_v, w) => (
                <Space size="small">
                  {w.status === 'open' && (
                    <Button
                      size="small"
                      onClick={() => {
                        unitForm.resetFields();
                        setClaiming(w);
                      }}
                    >
                      {t('pointsAdmin.wishes.claimByUnit')}
                    </Button>
                  )}
                  {(w.status === 'open' || w.status === 'claimed') && (
                    <Popconfirm title={t('pointsAdmin.wishes.cancelConfirm')} onConfirm={() => move(w, 'cancel')}>
                      <Button size="small" danger>
                        {t('pointsAdmin.wishes.cancel')}
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Modal
        open={posting}
        title={t('pointsAdmin.wishes.newWish')}
        onCancel={() => setPosting(false)}
        onOk={() => form.submit()}
        confirmLoading={saving}
        okText={t('common.save')}
      >
        <Form form={form} layout="vertical" onFinish={post}>
          <Form.Item
            name="communityId"
            label={t('deliberation.fields.community')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <CommunityField />
          </Form.Item>
          <Form.Item
            name="beneficiaryLabel"
            label={t('pointsAdmin.wishes.beneficiary')}
            extra={t('pointsAdmin.wishes.beneficiaryHint')}
            rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
          >
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item
            name="title"
            label={t('pointsAdmin.wishes.wish')}
            rules={[{ required: true, whitespace: true, min: 2, message: t('validation.required') }]}
          >
            <Input maxLength={80} />
          </Form.Item>
          <Form.Item name="description" label={t('volunteer.description')}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={claiming !== null}
        title={t('pointsAdmin.wishes.claimByUnit')}
        onCancel={() => setClaiming(null)}
        onOk={() => unitForm.submit()}
        confirmLoading={saving}
      >
        <Form form={unitForm} layout="vertical" onFinish={(v) => claiming && move(claiming, 'claim', { unit: v.unit })}>
          <Form.Item
            name="unit"
            label={t('pointsAdmin.wishes.unit')}
            rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
          >
            <Input maxLength={80} placeholder={t('pointsAdmin.wishes.unitPlaceholder')} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
