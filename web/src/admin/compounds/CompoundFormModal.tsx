import { useQuery } from '@tanstack/react-query';
import { App, DatePicker, Form, Input, Modal, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import { COMPOUND_KINDS, type Compound, type CompoundKind, compoundsApi } from '../../shared/compounds.ts';
import { deliberationQueries } from '../../shared/query/deliberation.ts';
import { CommunityField } from '../components/CommunityField.tsx';
import { useCommunityOptions, useFirstCommunity } from '../components/CommunitySelect.tsx';
import { applyServerFieldErrors } from '../components/formErrors.ts';

interface FormValues {
  communityId: number;
  name: string;
  kind: CompoundKind;
  address?: string;
  buildingIds: number[];
  termStart?: Dayjs | null;
  termEnd?: Dayjs | null;
  electedOn?: Dayjs | null;
}

const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);
const dayOf = (s: string | null) => (s ? dayjs(s) : null);
/** A community has at most this many buildings to pick from in the form. */
const BUILDINGS_SHOWN = 200;

/** A compound's file: new, or edited (its buildings, and the committee's term after an election). */
export function CompoundFormModal({
  editing,
  onClose,
  onSaved,
}: {
  editing?: Compound;
  onClose: () => void;
  onSaved: (saved: Compound) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  useFirstCommunity(form, useCommunityOptions());
  const communityId = Form.useWatch('communityId', form) ?? editing?.community.id;
  const buildings = useQuery({
    ...deliberationQueries.buildings({ communityId, limit: BUILDINGS_SHOWN }),
    enabled: communityId !== undefined,
  });
  const save = async (v: FormValues) => {
    setSaving(true);
    const fields = {
      name: v.name,
      kind: v.kind,
      address: v.address ?? '',
      buildingIds: v.buildingIds ?? [],
      committeeTermStart: day(v.termStart),
      committeeTermEnd: day(v.termEnd),
      committeeElectedOn: day(v.electedOn),
    };
    try {
      const saved = editing
        ? await compoundsApi.update(editing.id, fields)
        : await compoundsApi.create({ communityId: v.communityId, ...fields });
      message.success(t('compounds.saved'));
      onSaved(saved);
    } catch (error) {
      if (!applyServerFieldErrors(form, error, FIELDS)) message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={editing ? t('compounds.edit') : t('compounds.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      width={620}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void save(v)}
        initialValues={
          editing
            ? {
                communityId: editing.community.id,
                name: editing.name,
                kind: editing.kind,
                address: editing.address,
                buildingIds: editing.buildingList.map((b) => b.id),
                termStart: dayOf(editing.committee.termStart),
                termEnd: dayOf(editing.committee.termEnd),
                electedOn: dayOf(editing.committee.electedOn),
              }
            : { kind: 'commodity', buildingIds: [] }
        }
      >
        <Form.Item name="communityId" label={t('compounds.community')} rules={[{ required: true }]}>
          <CommunityField disabled={!!editing} />
        </Form.Item>
        <Form.Item name="name" label={t('compounds.name')} rules={[{ required: true, max: 60 }]}>
          <Input data-testid="compound-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('compounds.kind')} rules={[{ required: true }]}>
          <Select options={COMPOUND_KINDS.map((k) => ({ value: k, label: t(`compounds.kinds.${k}`) }))} />
        </Form.Item>
        <Form.Item name="address" label={t('compounds.address')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="buildingIds" label={t('compounds.buildings')} extra={t('compounds.buildingsHint')}>
          <Select
            mode="multiple"
            showSearch
            optionFilterProp="label"
            loading={buildings.isLoading}
            placeholder={t('compounds.pickBuildings')}
            data-testid="compound-buildings-pick"
            options={(buildings.data?.items ?? []).map((b) => ({ value: b.id, label: b.name }))}
          />
        </Form.Item>
        <Space wrap>
          <Form.Item name="termStart" label={t('compounds.committee.termStart')}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="termEnd" label={t('compounds.committee.termEndField')}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="electedOn" label={t('compounds.committee.electedOnField')}>
            <DatePicker />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

/** Fields a server error may name, as body.<field>. */
const FIELDS = ['communityId', 'name', 'kind', 'address', 'buildingIds'] as const;
