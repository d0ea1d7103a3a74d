import { App, DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import { budgetsApi, ROUND_KINDS, type RoundKind } from '../../shared/budgets.ts';
import { zonedWallClockToIso } from '../../shared/time.ts';
import { CommunityField } from '../components/CommunityField.tsx';
import { applyServerFieldErrors } from '../components/formErrors.ts';

interface RoundForm {
  communityId?: number;
  kind: RoundKind;
  title: string;
  description?: string;
  budgetYuan: number;
  proposalsCloseAt: Dayjs;
  votingOpensAt: Dayjs;
  votingClosesAt: Dayjs;
}

const FIELDS = [
  'communityId',
  'kind',
  'title',
  'description',
  'budgetYuan',
  'proposalsCloseAt',
  'votingOpensAt',
  'votingClosesAt',
];

/** Open a round: the community, the money, until when residents propose, and when they vote. */
export function RoundFormModal({ onClose, onSaved }: { onClose: () => void; onSaved: (id: number) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<RoundForm>();
  const [saving, setSaving] = useState(false);
  const submit = async (v: RoundForm) => {
    setSaving(true);
    try {
      const round = await budgetsApi.create({
        communityId: v.communityId!,
        kind: v.kind,
        title: v.title.trim(),
        description: v.description?.trim() ?? '',
        budgetYuan: v.budgetYuan,
        proposalsCloseAt: zonedWallClockToIso(v.proposalsCloseAt),
        votingOpensAt: zonedWallClockToIso(v.votingOpensAt),
        votingClosesAt: zonedWallClockToIso(v.votingClosesAt),
      });
      message.success(t('budgets.admin.saved'));
      onSaved(round.id);
    } catch (error) {
      if (!applyServerFieldErrors(form, error, FIELDS)) message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };
  const when = (name: keyof RoundForm, label: string) => (
    <Form.Item name={name} label={label} rules={[{ required: true }]}>
      <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
    </Form.Item>
  );
  return (
    <Modal
      open
      title={t('budgets.admin.newRound')}
      okText={t('budgets.admin.create')}
      onOk={() => form.submit()}
      okButtonProps={{ loading: saving }}
      onCancel={onClose}
      width={640}
      destroyOnHidden
    >
      <Form<RoundForm> form={form} layout="vertical" onFinish={submit} initialValues={{ kind: 'micro_matters' }}>
        <Form.Item name="communityId" label={t('budgets.admin.community')} rules={[{ required: true }]}>
          <CommunityField />
        </Form.Item>
        <Form.Item name="kind" label={t('budgets.admin.kind')}>
          <Select options={ROUND_KINDS.map((k) => ({ value: k, label: t(`budgets.kinds.${k}`) }))} />
        </Form.Item>
        <Form.Item name="title" label={t('budgets.admin.roundTitle')} rules={[{ required: true, max: 100 }]}>
          <Input data-testid="round-title" />
        </Form.Item>
        <Form.Item name="description" label={t('budgets.admin.roundDescription')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="budgetYuan" label={t('budgets.admin.budgetYuan')} rules={[{ required: true }]}>
          <InputNumber
            min={0.01}
            max={100_000_000}
            precision={2}
            style={{ width: '100%' }}
            data-testid="round-budget"
          />
        </Form.Item>
        {when('proposalsCloseAt', t('budgets.proposalsClose'))}
        {when('votingOpensAt', t('budgets.votingOpens'))}
        {when('votingClosesAt', t('budgets.votingCloses'))}
      </Form>
    </Modal>
  );
}
