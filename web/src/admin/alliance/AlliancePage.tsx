import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Select,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import {
  allianceCalls,
  allianceKeys,
  UNIT_KINDS,
  type MemberInput,
  type Unit,
  type UnitInput,
  type UnitKind,
} from '../../shared/alliance.ts';
import { errorMessage } from '../../shared/api.ts';
import { volunteerQueries } from '../../shared/query/volunteer.ts';
import { ExportButton } from '../components/ExportButton.tsx';
import { CursorTable } from '../components/CursorTable.tsx';
import { CommunitySelect, useCommunityOptions, useFirstCommunity } from '../components/CommunitySelect.tsx';
import { applyServerFieldErrors } from '../components/formErrors.ts';
import { PageHeader } from '../components/PageHeader.tsx';

/** 联建单位: alliance units of the area with search and filters; a unit's page with its members and claims. */
export default function AlliancePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { id } = useParams();
  const queryClient = useQueryClient();
  const [q, setQ] = useState('');
  const [kind, setKind] = useState<UnitKind>();
  const [divisionId, setDivisionId] = useState<number>();
  const [active, setActive] = useState<'true' | 'false'>();
  const [creating, setCreating] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<UnitInput & { tagText?: string }>();
  const communities = useCommunityOptions();
  useFirstCommunity(form, communities, 'divisionId');
  const listQuery = { q: q || undefined, kind, divisionId, active };
  const create = async (v: UnitInput & { tagText?: string }) => {
    setSaving(true);
    try {
      const u = await allianceCalls.create({
        divisionId: v.divisionId,
        name: v.name,
        kind: v.kind,
        creditCode: v.creditCode || undefined,
        address: v.address ?? '',
        tags: (v.tagText ?? '')
          .split(/[,，、\s]+/)
          .map((x) => x.trim())
          .filter(Boolean),
      });
      message.success(t('alliance.saved'));
      setCreating(false);
      void queryClient.invalidateQueries({ queryKey: allianceKeys.all });
      navigate(`/alliance/${u.id}`);
    } catch (error) {
      if (!applyServerFieldErrors(form, error, ['divisionId', 'name', 'kind', 'creditCode', 'address']))
        message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };
  return (
    <div className="gz-page">
      <PageHeader
        title={t('alliance.title')}
        description={t('alliance.subtitle')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              form.resetFields();
              form.setFieldValue('divisionId', communities[0]?.value);
              setCreating(true);
            }}
          >
            {t('alliance.newUnit')}
          </Button>
        }
      />
      <Card>
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            placeholder={t('alliance.search')}
            onSearch={(v) => setQ(v.trim())}
            style={{ width: 240 }}
            aria-label={t('alliance.search')}
          />
          <Select
            value={kind}
            onChange={setKind}
            allowClear
            placeholder={t('alliance.fields.kind')}
            aria-label={t('alliance.fields.kind')}
            options={UNIT_KINDS.map((k) => ({ value: k, label: t(`alliance.kinds.${k}`) }))}
            style={{ minWidth: 150 }}
          />
          <CommunitySelect value={divisionId} onChange={setDivisionId} allowClear />
          <Select
            value={active}
            onChange={setActive}
            allowClear
            placeholder={t('alliance.fields.active')}
            aria-label={t('alliance.fields.active')}
            options={[
              { value: 'true', label: t('alliance.active') },
              { value: 'false', label: t('alliance.inactive') },
            ]}
            style={{ minWidth: 100 }}
          />
          <ExportButton kind="alliance-units" filters={listQuery} />
        </Space>
        <CursorTable
          rowKey="id"
          pageQuery={(page) =>
            queryOptions({
              queryKey: allianceKeys.units({ ...listQuery, ...page }),
              queryFn: ({ signal }) => allianceCalls.units({ ...listQuery, ...page }, signal),
            })
          }
          locale={{ emptyText: t('alliance.empty') }}
          onRow={(u) => ({ onClick: () => navigate(`/alliance/${u.id}`), style: { cursor: 'pointer' } })}
          columns={[
            {
              title: t('alliance.fields.name'),
              dataIndex: 'name',
              render: (v: string) => <Typography.Link>{v}</Typography.Link>,
            },
            {
              title: t('alliance.fields.kind'),
              dataIndex: 'kind',
              width: 130,
              render: (k: UnitKind) => t(`alliance.kinds.${k}`),
            },
            { title: t('alliance.fields.creditCode'), dataIndex: 'creditCode', width: 190 },
            { title: t('alliance.fields.division'), dataIndex: 'divisionName', width: 130 },
            {
              title: t('alliance.fields.tags'),
              dataIndex: 'tags',
              render: (tags: string[]) => tags.map((x) => <Tag key={x}>{x}</Tag>),
            },
            { title: t('alliance.fields.members'), dataIndex: 'members', width: 70, align: 'right' },
            {
              title: t('alliance.fields.active'),
              dataIndex: 'active',
              width: 80,
              render: (a: boolean) =>
                a ? <Tag color="green">{t('alliance.active')}</Tag> : <Tag>{t('alliance.inactive')}</Tag>,
            },
          ]}
        />
      </Card>
      <Modal
        open={creating}
        title={t('alliance.newUnit')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        confirmLoading={saving}
        okText={t('common.save')}
      >
        <Form form={form} layout="vertical" onFinish={create} initialValues={{ kind: 'party_partner' }}>
          <Form.Item name="name" label={t('alliance.fields.name')} rules={[{ required: true, min: 2 }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="kind" label={t('alliance.fields.kind')} rules={[{ required: true }]}>
            <Select options={UNIT_KINDS.map((k) => ({ value: k, label: t(`alliance.kinds.${k}`) }))} />
          </Form.Item>
          <Form.Item name="creditCode" label={t('alliance.fields.creditCode')}>
            <Input maxLength={18} style={{ fontFamily: 'monospace' }} />
          </Form.Item>
          <Form.Item name="divisionId" label={t('alliance.fields.division')} rules={[{ required: true }]}>
            <Select options={communities} showSearch optionFilterProp="label" />
          </Form.Item>
          <Form.Item name="address" label={t('alliance.fields.address')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="tagText" label={t('alliance.fields.tags')}>
            <Input placeholder="红色蜂巢、零工市场" />
          </Form.Item>
        </Form>
      </Modal>
      <Drawer
        rootClassName="gz-unit-drawer"
        open={id !== undefined}
        onClose={() => navigate('/alliance')}
        width={720}
        destroyOnHidden
      >
        {id !== undefined && <UnitDetail id={Number(id)} />}
      </Drawer>
    </div>
  );
}

function UnitDetail({ id }: { id: number }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const unit = useQuery({ queryKey: allianceKeys.unit(id), queryFn: ({ signal }) => allianceCalls.unit(id, signal) });
  const wishes = useQuery(volunteerQueries.wishes({ status: 'open', limit: 100 }));
  const projects = useQuery(volunteerQueries.projects({ limit: 100 }));
  const [memberForm] = Form.useForm<MemberInput>();
  const [wishId, setWishId] = useState<number>();
  const [projectId, setProjectId] = useState<number>();
  const set = (u: Unit) => {
    queryClient.setQueryData(allianceKeys.unit(id), u);
    void queryClient.invalidateQueries({ queryKey: allianceKeys.all, refetchType: 'none' });
  };
  const run = async (f: () => Promise<Unit>) => {
    try {
      set(await f());
      message.success(t('alliance.saved'));
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  if (unit.isLoading) return <Spin />;
  if (!unit.data) return <Empty />;
  const u = unit.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {u.name} {u.active ? <Tag color="green">{t('alliance.active')}</Tag> : <Tag>{t('alliance.inactive')}</Tag>}
      </Typography.Title>
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={t('alliance.fields.kind')}>{t(`alliance.kinds.${u.kind}`)}</Descriptions.Item>
        <Descriptions.Item label={t('alliance.fields.creditCode')}>{u.creditCode ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('alliance.fields.division')}>{u.divisionName}</Descriptions.Item>
        <Descriptions.Item label={t('alliance.fields.address')}>{u.address || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('alliance.fields.tags')} span={2}>
          {u.tags.map((x) => (
            <Tag key={x}>{x}</Tag>
          ))}
        </Descriptions.Item>
      </Descriptions>
      {u.canManage && (
        <Button onClick={() => run(() => allianceCalls.update(u.id, { active: !u.active }))}>
          {u.active ? t('alliance.deactivate') : t('alliance.activate')}
        </Button>
      )}
      <Card size="small" title={t('alliance.memberList')}>
        <List
          size="small"
          dataSource={u.memberList}
          locale={{ emptyText: t('alliance.noMembers') }}
          renderItem={(m) => (
            <List.Item
              actions={[
                u.canReveal && m.phone && (
                  <Button
                    key="reveal"
                    size="small"
                    type="link"
                    onClick={async () => {
                      try {
                        const r = await allianceCalls.revealPhone(u.id, m.id);
                        modal.info({ title: m.name, content: r.phone });
                      } catch (error) {
                        message.error(errorMessage(error));
                      }
                    }}
                  >
                    {t('alliance.reveal')}
                  </Button>
                ),
                u.canManage && (
                  <Button
                    key="rm"
                    size="small"
                    type="link"
                    danger
                    onClick={() => run(() => allianceCalls.removeMember(u.id, m.id))}
                  >
                    {t('alliance.remove')}
                  </Button>
                ),
              ].filter(Boolean)}
            >
              <Space>
                <b>{m.name}</b>
                {m.role}
                {m.isContact && <Tag color="blue">{t('alliance.contact')}</Tag>}
                <span>{m.phone}</span>
              </Space>
            </List.Item>
          )}
        />
        {u.canManage && (
          <Form
            form={memberForm}
            layout="inline"
            style={{ marginTop: 8 }}
            onFinish={(v) =>
              run(async () => {
                const r = await allianceCalls.addMember(u.id, { ...v, phone: v.phone || undefined });
                memberForm.resetFields();
                return r;
              }).catch((error) => applyServerFieldErrors(memberForm, error, ['phone']))
            }
          >
            <Form.Item name="name" rules={[{ required: true }]}>
              <Input placeholder={t('alliance.memberName')} style={{ width: 110 }} />
            </Form.Item>
            <Form.Item name="role">
              <Input placeholder={t('alliance.role')} style={{ width: 110 }} />
            </Form.Item>
            <Form.Item name="phone">
              <Input placeholder={t('alliance.phone')} style={{ width: 140 }} />
            </Form.Item>
            <Form.Item name="isContact" valuePropName="checked">
              <Checkbox>{t('alliance.contact')}</Checkbox>
            </Form.Item>
            <Button htmlType="submit">{t('alliance.addMember')}</Button>
          </Form>
        )}
      </Card>
      <Card size="small" title={t('alliance.claims')}>
        {u.canManage && u.active && (
          <Space wrap style={{ marginBottom: 12 }}>
            <Select
              value={wishId}
              onChange={setWishId}
              placeholder={t('alliance.chooseWish')}
              aria-label={t('alliance.chooseWish')}
              style={{ width: 260 }}
              options={(wishes.data?.items ?? []).map((w) => ({
                value: w.id,
                label: `${w.beneficiaryLabel}：${w.title}`,
              }))}
            />
            <Button
              type="primary"
              disabled={!wishId}
              onClick={() =>
                run(async () => {
                  const r = await allianceCalls.claim(u.id, { kind: 'wish', id: wishId! });
                  setWishId(undefined);
                  void wishes.refetch();
                  return r;
                })
              }
            >
              {t('alliance.claimWish')}
            </Button>
            <Select
              value={projectId}
              onChange={setProjectId}
              placeholder={t('alliance.chooseProject')}
              aria-label={t('alliance.chooseProject')}
              style={{ width: 220 }}
              options={(projects.data?.items ?? [])
                .filter((p) => p.claimedByUnit === null)
                .map((p) => ({ value: p.id, label: p.title }))}
            />
            <Button
              disabled={!projectId}
              onClick={() =>
                run(async () => {
                  const r = await allianceCalls.claim(u.id, { kind: 'project', id: projectId! });
                  setProjectId(undefined);
                  void projects.refetch();
                  return r;
                })
              }
            >
              {t('alliance.claimProject')}
            </Button>
          </Space>
        )}
        {u.claims.wishes.length + u.claims.projects.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('alliance.noClaims')} />
        ) : (
          <List
            size="small"
            dataSource={[
              ...u.claims.wishes.map((w) => ({
                key: `w${w.id}`,
                kind: t('alliance.wishes'),
                title: `${w.beneficiaryLabel}：${w.title}`,
                status: t(`volunteer.wishStatus.${w.status}`, { defaultValue: w.status }),
              })),
              ...u.claims.projects.map((p) => ({
                key: `p${p.id}`,
                kind: t('alliance.projects'),
                title: p.title,
                status: `${p.progress}%`,
              })),
            ]}
            renderItem={(c) => (
              <List.Item key={c.key}>
                <Space>
                  <Tag>{c.kind}</Tag>
                  {c.title}
                  <Typography.Text type="secondary">{c.status}</Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        )}
      </Card>
    </Space>
  );
}
