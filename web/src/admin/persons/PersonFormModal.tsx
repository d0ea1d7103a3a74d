import { Alert, App, Col, DatePicker, Form, Input, Modal, Radio, Row, Select, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import { KNOWN_TAGS, tagLabel } from '../../shared/labels.ts';
import {
  birthDateFromIdNumber,
  genderFromIdNumber,
  isValidIdNumber,
  isValidPhone,
} from '../../shared/personal-data.ts';
import { GENDERS, type Gender, type Person, type PersonInput } from '../../shared/types.ts';
import { applyServerFieldErrors } from '../components/formErrors.ts';
import type { OrgIndex } from '../org/orgIndex.ts';
import { orgQueries } from '../../shared/query/org.ts';
import { useQuery } from '@tanstack/react-query';
import { orgCalls } from '../../shared/query/org.ts';

interface PersonFormValues {
  name: string;
  gender: Gender;
  idNumber?: string;
  phone?: string;
  birthDate?: Dayjs | null;
  communityId?: number;
  gridId?: number | null;
  buildingId?: number | null;
  householdId?: number | null;
  tags: string[];
  isOwner: boolean;
  address?: string;
  note?: string;
}

const FIELDS = [
  'name',
  'gender',
  'idNumber',
  'phone',
  'birthDate',
  'communityId',
  'gridId',
  'buildingId',
  'householdId',
  'tags',
  'isOwner',
  'address',
  'note',
];

interface PersonFormModalProps {
  /** null: closed; 'new': register someone; a person: change them. */
  target: Person | 'new' | null;
  index: OrgIndex | undefined;
  defaultCommunityId?: number;
  onClose: () => void;
  onSaved: (person: Person) => void;
}

export function PersonFormModal({ target, index, defaultCommunityId, onClose, onSaved }: PersonFormModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PersonFormValues>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const editing = target !== null && target !== 'new' ? target : null;

  const communityId = Form.useWatch('communityId', form);
  const gridId = Form.useWatch('gridId', form);
  const buildingId = Form.useWatch('buildingId', form);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the form is filled once per opening, not on every change of its inputs
  useEffect(() => {
    if (target === null) return;
    setFailure(null);
    form.resetFields();
    form.setFieldsValue(
      editing
        ? {
            name: editing.name,
            gender: editing.gender,
            birthDate: editing.birthDate ? dayjs(editing.birthDate) : null,
            communityId: editing.communityId,
            gridId: editing.gridId,
            buildingId: editing.buildingId,
            householdId: editing.householdId,
            tags: editing.tags,
            isOwner: editing.isOwner,
            address: editing.address,
            note: editing.note,
          }
        : {
            gender: 'unknown',
            tags: [],
            isOwner: false,
            communityId: defaultCommunityId ?? (index?.communities.length === 1 ? index.communities[0]!.id : undefined),
          },
    );
  }, [target]);

  const buildingPage = useQuery({
    ...orgQueries.buildings({ communityId, gridId: gridId ?? undefined, limit: 200 }),
    enabled: Boolean(communityId),
  });
  const buildings = { data: communityId ? buildingPage.data?.items : [], isLoading: buildingPage.isLoading };
  const households = useQuery({ ...orgQueries.households(buildingId ?? 0), enabled: Boolean(buildingId) });

  const fillFromIdNumber = (value: string) => {
    if (!isValidIdNumber(value)) return;
    const id = value.trim().toUpperCase();
    if (!form.getFieldValue('birthDate')) form.setFieldValue('birthDate', dayjs(birthDateFromIdNumber(id)));
    if (form.getFieldValue('gender') === 'unknown') form.setFieldValue('gender', genderFromIdNumber(id));
  };

  const submit = async (values: PersonFormValues) => {
    setSaving(true);
    setFailure(null);
    // Every editable field is sent, also on change: the API resets fields left out to their defaults.
    const input: PersonInput = {
      name: values.name.trim(),
      gender: values.gender,
      birthDate: values.birthDate ? values.birthDate.format('YYYY-MM-DD') : null,
      gridId: values.gridId ?? null,
      buildingId: values.buildingId ?? null,
      householdId: values.householdId ?? null,
      tags: values.tags,
      isOwner: values.isOwner,
      address: values.address?.trim() ?? '',
      note: values.note?.trim() ?? '',
    };
    // Numbers are shown masked, so an empty box on change means "keep the stored one".
    if (values.idNumber?.trim()) input.idNumber = values.idNumber.trim().toUpperCase();
    else if (!editing) input.idNumber = null;
    if (values.phone?.trim()) input.phone = values.phone.trim();
    else if (!editing) input.phone = null;
    try {
      const saved = editing
        ? await orgCalls.updatePerson(editing.id, input)
        : await orgCalls.createPerson({ ...input, communityId: values.communityId });
      message.success(editing ? t('persons.saved', { name: saved.name }) : t('persons.created', { name: saved.name }));
      onSaved(saved);
    } catch (error) {
      if (!applyServerFieldErrors(form, error, FIELDS)) setFailure(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };

  const grids = communityId ? (index?.gridsOf.get(communityId) ?? []) : [];
  return (
    <Modal
      title={editing ? t('persons.editTitle', { name: editing.name }) : t('persons.createTitle')}
      open={target !== null}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      okText={t('common.save')}
      width={760}
      forceRender
    >
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} />}
      <Form<PersonFormValues> form={form} layout="vertical" onFinish={submit} scrollToFirstError>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="name"
              label={t('persons.name')}
              rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 60 }]}
            >
              <Input maxLength={60} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="gender" label={t('persons.gender')} rules={[{ required: true }]}>
              <Radio.Group options={GENDERS.map((g) => ({ value: g, label: t(`genders.${g}`) }))} optionType="button" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="idNumber"
              label={t('persons.idNumber')}
              extra={editing?.idNumber ? t('persons.keepNumber', { value: editing.idNumber }) : undefined}
              rules={[
                {
                  validator: (_r, v?: string) =>
                    !v?.trim() || isValidIdNumber(v)
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('validation.idNumber'))),
                },
              ]}
            >
              <Input
                maxLength={18}
                className="gz-mono"
                onBlur={(e) => fillFromIdNumber(e.target.value)}
                placeholder={t('persons.idNumberPlaceholder')}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="phone"
              label={t('persons.phone')}
              extra={editing?.phone ? t('persons.keepNumber', { value: editing.phone }) : undefined}
              rules={[
                {
                  validator: (_r, v?: string) =>
                    !v?.trim() || isValidPhone(v)
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('validation.phone'))),
                },
              ]}
            >
              <Input maxLength={20} inputMode="tel" className="gz-mono" placeholder={t('persons.phonePlaceholder')} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="birthDate" label={t('persons.birthDate')}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs())} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="tags" label={t('persons.tags')}>
              <Select
                mode="tags"
                options={KNOWN_TAGS.map((tag) => ({ value: tag, label: tagLabel(t, tag) }))}
                placeholder={t('persons.tagsPlaceholder')}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="communityId"
              label={t('persons.community')}
              rules={[{ required: true, message: t('validation.required') }]}
            >
              <Select
                disabled={Boolean(editing)}
                showSearch={{ optionFilterProp: 'label' }}
                options={index?.communities.map((c) => ({ value: c.id, label: c.name }))}
                onChange={() => form.setFieldsValue({ gridId: null, buildingId: null, householdId: null })}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="gridId" label={t('persons.grid')}>
              <Select
                allowClear
                options={grids.map((g) => ({ value: g.id, label: g.name }))}
                onChange={() => form.setFieldsValue({ buildingId: null, householdId: null })}
                placeholder={communityId ? undefined : t('persons.pickCommunityFirst')}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="buildingId" label={t('persons.building')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                loading={buildings.isLoading}
                options={(buildings.data ?? []).map((b) => ({ value: b.id, label: b.name }))}
                onChange={() => form.setFieldValue('householdId', null)}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="householdId" label={t('persons.household')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                loading={households.isLoading}
                disabled={!buildingId}
                options={(households.data ?? []).map((h) => ({
                  value: h.id,
                  label: [h.unitName, h.room].filter(Boolean).join(' '),
                }))}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="address" label={t('persons.address')} rules={[{ max: 200 }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="isOwner" label={t('persons.isOwner')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="note" label={t('persons.note')} rules={[{ max: 1000 }]}>
              <Input.TextArea rows={2} maxLength={1000} showCount />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
