import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import {
  PARTY_MEMBER_KINDS,
  PARTY_ORG_KINDS,
  type PartyMemberKind,
  type PartyOrg,
  type PartyOrgKind,
  partyApi,
  partyKeys,
} from '../../shared/party.ts';
import { orgQueries } from '../../shared/query/org.ts';
import { CommunityField } from '../components/CommunityField.tsx';

interface OrgForm {
  kind: PartyOrgKind;
  name: string;
  parentId?: number;
  communityId: number;
  householdId?: number;
}

/** Adds an organisation bound to a community (a 党员中心户 to a household of it). */
export function OrgFormModal({ orgs, onClose }: { orgs: PartyOrg[]; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<OrgForm>();
  const kind = Form.useWatch('kind', form);
  const save = async () => {
    const v = await form.validateFields();
    try {
      await partyApi.createOrg({
        kind: v.kind,
        name: v.name,
        parentId: v.parentId ?? null,
        communityId: v.communityId,
        householdId: v.householdId ?? null,
      });
      message.success(t('party.admin.saved'));
      void client.invalidateQueries({ queryKey: partyKeys.all });
      onClose();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  return (
    <Modal open title={t('party.admin.addOrg')} onOk={() => void save()} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ kind: 'branch' }}>
        <Form.Item name="kind" label={t('party.admin.kind')} rules={[{ required: true }]}>
          <Select options={PARTY_ORG_KINDS.map((k) => ({ value: k, label: t(`party.kinds.${k}`) }))} />
        </Form.Item>
        <Form.Item name="name" label={t('party.admin.name')} rules={[{ required: true, whitespace: true, max: 60 }]}>
          <Input data-testid="party-org-name" />
        </Form.Item>
        <Form.Item name="communityId" label={t('party.admin.community')} rules={[{ required: true }]}>
          <CommunityField />
        </Form.Item>
        <Form.Item name="parentId" label={t('party.admin.parent')}>
          <Select allowClear options={orgs.map((o) => ({ value: o.id, label: o.name }))} />
        </Form.Item>
        {kind === 'center_household' && (
          <Form.Item name="householdId" label={t('party.admin.householdId')} rules={[{ required: true }]}>
            <InputNumber min={1} style={{ width: '100%' }} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

interface MemberForm {
  personId: number;
  kind: PartyMemberKind;
  primaryOrgId: number;
  residenceOrgId?: number;
  joinedOn: Dayjs;
}

/** Registers a person of the people registry as a member of a branch. */
export function MemberFormModal({
  orgs,
  orgId,
  onClose,
}: {
  orgs: PartyOrg[];
  orgId: number | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<MemberForm>();
  const kind = Form.useWatch('kind', form);
  const [q, setQ] = useState('');
  const persons = useQuery({ ...orgQueries.persons({ q: q || undefined, limit: 20 }), enabled: q.length > 0 });
  const orgOptions = orgs.map((o) => ({ value: o.id, label: o.name }));
  const save = async () => {
    const v = await form.validateFields();
    try {
      await partyApi.addMember({
        personId: v.personId,
        kind: v.kind,
        primaryOrgId: v.primaryOrgId,
        residenceOrgId: v.kind === 'floating' ? (v.residenceOrgId ?? null) : null,
        joinedOn: v.joinedOn.format('YYYY-MM-DD'),
      });
      message.success(t('party.admin.saved'));
      void client.invalidateQueries({ queryKey: partyKeys.all });
      onClose();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  return (
    <Modal open title={t('party.admin.addMember')} onOk={() => void save()} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ kind: 'regular', primaryOrgId: orgId ?? undefined }}>
        <Form.Item name="personId" label={t('party.admin.person')} rules={[{ required: true }]}>
          <Select
            showSearch
            filterOption={false}
            onSearch={setQ}
            placeholder={t('party.admin.personSearch')}
            loading={persons.isFetching}
            options={(persons.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name} ${p.address ?? ''}` }))}
          />
        </Form.Item>
        <Form.Item name="kind" label={t('party.admin.kind')} rules={[{ required: true }]}>
          <Select options={PARTY_MEMBER_KINDS.map((k) => ({ value: k, label: t(`party.memberKinds.${k}`) }))} />
        </Form.Item>
        <Form.Item name="primaryOrgId" label={t('party.admin.primaryOrg')} rules={[{ required: true }]}>
          <Select options={orgOptions} />
        </Form.Item>
        {kind === 'floating' && (
          <Form.Item name="residenceOrgId" label={t('party.admin.residenceOrg')}>
            <Select allowClear options={orgOptions} />
          </Form.Item>
        )}
        <Form.Item name="joinedOn" label={t('party.admin.joinedOn')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
