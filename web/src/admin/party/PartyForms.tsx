import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Form, Input, InputNumber, Modal, Select, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import {
  PARTY_MEMBER_KINDS,
  PARTY_ORG_KINDS,
  type PartyMemberKind,
  type PartyMember,
  type PartyOrg,
  type PartyOrgKind,
  partyApi,
  partyKeys,
} from '../../shared/party.ts';
import { orgQueries } from '../../shared/query/org.ts';
import { volunteerCalls, volunteerKeys, volunteerQueries } from '../../shared/query/volunteer.ts';
import { CommunityField } from '../components/CommunityField.tsx';
import { LoadError } from '../components/LoadError.tsx';

interface OrgForm {
  kind: PartyOrgKind;
  name: string;
  parentId?: number;
  communityId: number;
  householdId?: number;
  secretary?: string;
}

/** The organisation and those below it: none of them may become its parent. */
function selfAndBelow(orgs: PartyOrg[], id: number) {
  const out = new Set([id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const o of orgs)
      if (o.parentId !== null && out.has(o.parentId) && !out.has(o.id)) {
        out.add(o.id);
        grew = true;
      }
  }
  return out;
}

/**
 * Adds an organisation bound to a community (a 党员中心户 to a household of it), or, given one,
 * changes its name, secretary and parent.
 */
export function OrgFormModal({
  orgs,
  editing,
  onClose,
}: {
  orgs: PartyOrg[];
  editing?: PartyOrg | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<OrgForm>();
  const kind = Form.useWatch('kind', form);
  const save = async () => {
    const v = await form.validateFields();
    try {
      if (editing)
        await partyApi.updateOrg(editing.id, {
          name: v.name,
          secretary: v.secretary ?? '',
          parentId: v.parentId ?? null,
        });
      else
        await partyApi.createOrg({
          kind: v.kind,
          name: v.name,
          parentId: v.parentId ?? null,
          communityId: v.communityId,
          householdId: v.householdId ?? null,
          secretary: v.secretary ?? '',
        });
      message.success(t('party.admin.saved'));
      void client.invalidateQueries({ queryKey: partyKeys.all });
      onClose();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  return (
    <Modal
      open
      title={editing ? t('party.admin.editOrg') : t('party.admin.addOrg')}
      onOk={() => void save()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={
          editing
            ? {
                kind: editing.kind,
                name: editing.name,
                secretary: editing.secretary,
                parentId: editing.parentId ?? undefined,
                communityId: editing.community.id,
              }
            : { kind: 'branch' }
        }
      >
        <Form.Item name="kind" label={t('party.admin.kind')} rules={[{ required: true }]}>
          <Select
            disabled={Boolean(editing)}
            options={PARTY_ORG_KINDS.map((k) => ({ value: k, label: t(`party.kinds.${k}`) }))}
          />
        </Form.Item>
        <Form.Item name="name" label={t('party.admin.name')} rules={[{ required: true, whitespace: true, max: 60 }]}>
          <Input data-testid="party-org-name" />
        </Form.Item>
        <Form.Item name="secretary" label={t('party.admin.secretary')} rules={[{ max: 30 }]}>
          <Input data-testid="party-org-secretary" />
        </Form.Item>
        {!editing && (
          <Form.Item name="communityId" label={t('party.admin.community')} rules={[{ required: true }]}>
            <CommunityField />
          </Form.Item>
        )}
        <Form.Item name="parentId" label={t('party.admin.parent')}>
          <Select
            allowClear
            data-testid="party-org-parent"
            options={(editing
              ? orgs.filter((o) => o.community.id === editing.community.id && !selfAndBelow(orgs, editing.id).has(o.id))
              : orgs
            ).map((o) => ({ value: o.id, label: o.name }))}
          />
        </Form.Item>
        {kind === 'center_household' && !editing && (
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

/** Registers a person of the people registry as a member of a branch, or, given a member, changes their enrolment. */
export function MemberFormModal({
  orgs,
  orgId,
  editing,
  onClose,
}: {
  orgs: PartyOrg[];
  orgId: number | null;
  editing?: PartyMember | undefined;
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
      if (editing)
        await partyApi.updateMember(editing.id, {
          kind: v.kind,
          primaryOrgId: v.primaryOrgId,
          residenceOrgId: v.kind === 'floating' ? (v.residenceOrgId ?? null) : null,
          joinedOn: v.joinedOn.format('YYYY-MM-DD'),
        });
      else
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
    <Modal
      open
      title={editing ? t('party.admin.editMember') : t('party.admin.addMember')}
      onOk={() => void save()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={
          editing
            ? {
                kind: editing.kind,
                primaryOrgId: editing.primaryOrg.id,
                residenceOrgId: editing.residenceOrg?.id,
                joinedOn: dayjs(editing.joinedOn),
              }
            : { kind: 'regular', primaryOrgId: orgId ?? undefined }
        }
      >
        {editing ? (
          <Form.Item label={t('party.admin.person')}>
            <Input value={`${editing.name} ${editing.address}`} disabled />
          </Form.Item>
        ) : (
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
        )}
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

/**
 * 先锋领办: the organisation takes on an open key small matter of its community as a unit, by its
 * name (the volunteer module's project claim); the branch figures count those under its name.
 */
export function ProjectClaimModal({ org, onClose }: { org: PartyOrg; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const projects = useQuery(volunteerQueries.projects({ limit: 100 }));
  const open = (projects.data?.items ?? []).filter((p) => p.communityId === org.community.id && p.status === 'open');
  const claim = async (id: number) => {
    try {
      await volunteerCalls.updateProject(id, {
        progress: 0,
        note: t('party.admin.claimProjectNote', { name: org.name }),
        claimedByUnit: org.name,
        photos: [],
      });
      message.success(t('party.admin.saved'));
      void client.invalidateQueries({ queryKey: volunteerKeys.all });
      void client.invalidateQueries({ queryKey: partyKeys.all });
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  return (
    <Modal
      open
      title={t('party.admin.claimProjectTitle', { name: org.name })}
      footer={null}
      onCancel={onClose}
      destroyOnHidden
    >
      {projects.error ? (
        <LoadError error={projects.error} onRetry={() => void projects.refetch()} />
      ) : (
        <Table
          rowKey="id"
          size="small"
          loading={projects.isLoading}
          dataSource={open}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: t('party.admin.noProjects') }}
          data-testid="party-projects"
          columns={[
            { title: t('party.admin.name'), dataIndex: 'title' },
            {
              title: t('party.admin.actions'),
              width: 100,
              render: (_: unknown, p: { id: number }) => (
                <Button size="small" type="primary" onClick={() => void claim(p.id)}>
                  {t('party.admin.claimIt')}
                </Button>
              ),
            },
          ]}
        />
      )}
    </Modal>
  );
}
