import { App, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import type { LatLng } from '../../shared/types.ts';
import { type ManagedOffer, OFFER_KINDS, type OfferInput, type OfferKind, welfareApi } from '../../shared/welfare.ts';
import { CommunityField } from '../components/CommunityField.tsx';
import { applyServerFieldErrors } from '../components/formErrors.ts';
import { PointField } from '../matters/PointField.tsx';

interface OfferForm {
  point: LatLng | null;
  communityId?: number;
  partnerName: string;
  kind: OfferKind;
  title: string;
  details: string;
  pricePercent: number | null;
  address: string;
  hoursNote: string;
  audience: 'courier' | 'everyone';
  startsOn: Dayjs;
  endsOn: Dayjs | null;
  dailyLimit: number;
  active: boolean;
}

const FIELDS = [
  'communityId',
  'partnerName',
  'kind',
  'title',
  'details',
  'pricePercent',
  'address',
  'hoursNote',
  'audience',
  'startsOn',
  'endsOn',
  'dailyLimit',
  'active',
];

/** Add or change an offer of a partner canteen or shop: what, how much off, where, when, for whom. */
export function OfferFormModal({
  offer,
  onClose,
  onSaved,
}: {
  offer: ManagedOffer | 'new';
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<OfferForm>();
  const editing = offer === 'new' ? null : offer;
  const [saving, setSaving] = useState(false);

  const submit = async (v: OfferForm) => {
    const point = v.point!;
    const body: OfferInput = {
      communityId: v.communityId!,
      partnerName: v.partnerName.trim(),
      kind: v.kind,
      title: v.title.trim(),
      details: v.details?.trim() ?? '',
      pricePercent: v.pricePercent ?? null,
      address: v.address?.trim() ?? '',
      lat: point.lat,
      lng: point.lng,
      hoursNote: v.hoursNote?.trim() ?? '',
      audience: v.audience,
      startsOn: v.startsOn.format('YYYY-MM-DD'),
      endsOn: v.endsOn ? v.endsOn.format('YYYY-MM-DD') : null,
      dailyLimit: v.dailyLimit,
      active: v.active,
    };
    setSaving(true);
    try {
      if (editing) {
        const { communityId: _fixed, ...patch } = body;
        await welfareApi.update(editing.id, patch);
      } else await welfareApi.create(body);
      message.success(t('welfare.admin.saved'));
      onSaved();
    } catch (error) {
      if (!applyServerFieldErrors(form, error, FIELDS)) message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={editing ? t('welfare.admin.edit') : t('welfare.admin.add')}
      okText={t('common.save')}
      onOk={() => form.submit()}
      okButtonProps={{ loading: saving }}
      onCancel={onClose}
      width={980}
      destroyOnHidden
    >
      <Form<OfferForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          editing
            ? {
                ...editing,
                point: { lat: editing.lat, lng: editing.lng },
                communityId: editing.community.id,
                startsOn: dayjs(editing.startsOn),
                endsOn: editing.endsOn ? dayjs(editing.endsOn) : null,
              }
            : {
                kind: 'canteen',
                point: null,
                audience: 'courier',
                pricePercent: null,
                startsOn: dayjs(),
                endsOn: null,
                dailyLimit: 1,
                active: true,
              }
        }
      >
        <Row gutter={24}>
          <Col xs={24} lg={12}>
            <Form.Item name="communityId" label={t('welfare.admin.community')} rules={[{ required: true }]}>
              <CommunityField />
            </Form.Item>
            <Row gutter={12}>
              <Col span={14}>
                <Form.Item
                  name="partnerName"
                  label={t('welfare.admin.partnerName')}
                  rules={[{ required: true, whitespace: true }]}
                >
                  <Input maxLength={80} data-testid="offer-partner" />
                </Form.Item>
              </Col>
              <Col span={10}>
                <Form.Item name="kind" label={t('welfare.admin.kind')} rules={[{ required: true }]}>
                  <Select options={OFFER_KINDS.map((k) => ({ value: k, label: t(`welfare.kinds.${k}`) }))} />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={12}>
              <Col span={14}>
                <Form.Item
                  name="title"
                  label={t('welfare.admin.offerTitle')}
                  rules={[{ required: true, whitespace: true }]}
                >
                  <Input maxLength={60} data-testid="offer-title" />
                </Form.Item>
              </Col>
              <Col span={10}>
                <Form.Item
                  name="pricePercent"
                  label={t('welfare.admin.pricePercent')}
                  tooltip={t('welfare.admin.pricePercentHint')}
                >
                  <InputNumber min={1} max={99} precision={0} style={{ width: '100%' }} data-testid="offer-price" />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="details" label={t('welfare.admin.details')}>
              <Input.TextArea maxLength={1000} rows={2} />
            </Form.Item>
            <Row gutter={12}>
              <Col span={14}>
                <Form.Item name="address" label={t('welfare.admin.address')}>
                  <Input maxLength={200} />
                </Form.Item>
              </Col>
              <Col span={10}>
                <Form.Item name="hoursNote" label={t('welfare.admin.hoursNote')}>
                  <Input maxLength={100} />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={12}>
              <Col span={8}>
                <Form.Item name="audience" label={t('welfare.admin.audience')}>
                  <Select
                    options={(['courier', 'everyone'] as const).map((a) => ({
                      value: a,
                      label: t(`welfare.admin.audiences.${a}`),
                    }))}
                  />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="dailyLimit" label={t('welfare.admin.dailyLimit')} rules={[{ required: true }]}>
                  <InputNumber min={1} max={10} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="active" label={t('welfare.admin.active')} valuePropName="checked">
                  <Switch />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={12}>
              <Col span={12}>
                <Form.Item name="startsOn" label={t('welfare.admin.startsOn')} rules={[{ required: true }]}>
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="endsOn" label={t('welfare.admin.endsOn')}>
                  <DatePicker style={{ width: '100%' }} allowClear />
                </Form.Item>
              </Col>
            </Row>
          </Col>
          <Col xs={24} lg={12}>
            <Form.Item
              name="point"
              label={t('welfare.admin.position')}
              rules={[{ required: true, message: t('welfare.admin.positionRequired') }]}
            >
              <PointField
                center={editing ? { lat: editing.lat, lng: editing.lng } : undefined}
                hint={t('welfare.admin.positionHint')}
                onCommunity={(id) => {
                  if (!form.getFieldValue('communityId')) form.setFieldValue('communityId', id);
                }}
              />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
