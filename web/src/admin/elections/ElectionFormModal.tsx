import { App, DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import { electionsApi, TIE_RULES, type TieRule } from '../../shared/elections.ts';
import { zonedWallClockToIso } from '../../shared/time.ts';
import { CommunityField } from '../components/CommunityField.tsx';
import { applyServerFieldErrors } from '../components/formErrors.ts';

interface ElectionForm {
  communityId?: number;
  title: string;
  description?: string;
  seats: number;
  tieRule: TieRule;
  nominationsOpenAt: Dayjs;
  nominationsCloseAt: Dayjs;
  votingOpensAt: Dayjs;
  votingClosesAt: Dayjs;
}

const FIELDS = [
  'communityId',
  'title',
  'description',
  'seats',
  'tieRule',
  'nominationsOpenAt',
  'nominationsCloseAt',
  'votingOpensAt',
  'votingClosesAt',
];

/** Open an election: the community, the seats, the tie rule, and the nomination and voting windows. */
export function ElectionFormModal({ onClose, onSaved }: { onClose: () => void; onSaved: (id: number) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ElectionForm>();
  const [saving, setSaving] = useState(false);
  const submit = async (v: ElectionForm) => {
    setSaving(true);
    try {
      const e = await electionsApi.create({
        communityId: v.communityId!,
        buildingIds: [],
        title: v.title.trim(),
        description: v.description?.trim() ?? '',
        seats: v.seats,
        tieRule: v.tieRule,
        nominationsOpenAt: zonedWallClockToIso(v.nominationsOpenAt),
        nominationsCloseAt: zonedWallClockToIso(v.nominationsCloseAt),
        votingOpensAt: zonedWallClockToIso(v.votingOpensAt),
        votingClosesAt: zonedWallClockToIso(v.votingClosesAt),
      });
      message.success(t('elections.admin.saved'));
      onSaved(e.id);
    } catch (error) {
      if (!applyServerFieldErrors(form, error, FIELDS)) message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };
  const when = (name: keyof ElectionForm, label: string) => (
    <Form.Item name={name} label={label} rules={[{ required: true }]}>
      <DatePicker
        showTime={{ format: 'HH:mm' }}
        format="YYYY-MM-DD HH:mm"
        style={{ width: '100%' }}
        data-testid={`election-${name}`}
      />
    </Form.Item>
  );
  return (
    <Modal
      open
      title={t('elections.admin.newElection')}
      okText={t('elections.admin.create')}
      onOk={() => form.submit()}
      okButtonProps={{ loading: saving }}
      onCancel={onClose}
      width={640}
      destroyOnHidden
    >
      <Form<ElectionForm> form={form} layout="vertical" onFinish={submit} initialValues={{ seats: 5, tieRule: 'lot' }}>
        <Form.Item name="communityId" label={t('elections.admin.community')} rules={[{ required: true }]}>
          <CommunityField />
        </Form.Item>
        <Form.Item name="title" label={t('elections.admin.electionTitle')} rules={[{ required: true, max: 100 }]}>
          <Input data-testid="election-title" />
        </Form.Item>
        <Form.Item name="description" label={t('elections.admin.electionDescription')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="seats" label={t('elections.seats')} rules={[{ required: true }]}>
          <InputNumber min={1} max={30} precision={0} style={{ width: '100%' }} data-testid="election-seats" />
        </Form.Item>
        <Form.Item name="tieRule" label={t('elections.admin.tieRule')}>
          <Select options={TIE_RULES.map((r) => ({ value: r, label: t(`elections.tieRules.${r}`) }))} />
        </Form.Item>
        {when('nominationsOpenAt', t('elections.admin.nominationsOpen'))}
        {when('nominationsCloseAt', t('elections.admin.nominationsClose'))}
        {when('votingOpensAt', t('elections.admin.votingOpens'))}
        {when('votingClosesAt', t('elections.admin.votingCloses'))}
      </Form>
    </Modal>
  );
}
