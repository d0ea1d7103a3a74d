import { PlusOutlined } from '@ant-design/icons';
import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Input, Popconfirm, Row, Select, Space, Table, Tabs, Tag, Tree } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import { type PartyMember, type PartyOrg, partyApi, partyKeys } from '../../shared/party.ts';
import { formatDateTime } from '../../shared/time.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { EChart, type ChartOption } from '../components/EChart.tsx';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { MemberFormModal, OrgFormModal, ProjectClaimModal } from './PartyForms.tsx';

type TreeNode = { key: number; title: string; children: TreeNode[] };

function treeOf(orgs: PartyOrg[], label: (o: PartyOrg) => string): TreeNode[] {
  const byParent = new Map<number | null, PartyOrg[]>();
  const ids = new Set(orgs.map((o) => o.id));
  for (const o of orgs) {
    const p = o.parentId !== null && ids.has(o.parentId) ? o.parentId : null;
    byParent.set(p, [...(byParent.get(p) ?? []), o]);
  }
  const build = (p: number | null): TreeNode[] =>
    (byParent.get(p) ?? []).map((o) => ({ key: o.id, title: label(o), children: build(o.id) }));
  return build(null);
}

function OrgsTab({ orgs }: { orgs: PartyOrg[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [selected, setSelected] = useState<number | null>(null);
  const [q, setQ] = useState('');
  const [modal, setModal] = useState<'org' | 'editOrg' | 'member' | 'projects' | null>(null);
  const [enrolling, setEnrolling] = useState<PartyMember | null>(null);
  const [editingMember, setEditingMember] = useState<PartyMember | null>(null);
  const current = orgs.find((o) => o.id === selected);
  const tree = useMemo(
    () => treeOf(orgs, (o) => `${o.name}（${t(`party.kinds.${o.kind}`)} · ${o.members}）`),
    [orgs, t],
  );
  const enrol = async (orgId: number) => {
    try {
      await partyApi.enrol(enrolling!.id, orgId);
      message.success(t('party.admin.saved'));
      setEnrolling(null);
      void client.invalidateQueries({ queryKey: partyKeys.all });
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  const act = async (call: () => Promise<unknown>, done: string, after?: () => void) => {
    try {
      await call();
      message.success(done);
      after?.();
      void client.invalidateQueries({ queryKey: partyKeys.all });
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  return (
    <Row gutter={16}>
      <Col span={9}>
        <Card
          title={t('party.admin.orgs')}
          extra={
            <Button icon={<PlusOutlined />} onClick={() => setModal('org')} data-testid="party-org-add">
              {t('party.admin.addOrg')}
            </Button>
          }
        >
          <Tree
            key={orgs.length}
            treeData={tree}
            defaultExpandAll
            selectedKeys={selected === null ? [] : [selected]}
            onSelect={(keys) => setSelected(keys.length ? Number(keys[0]) : null)}
            data-testid="party-tree"
          />
        </Card>
      </Col>
      <Col span={15}>
        <Card
          title={
            current ? (
              <span data-testid="party-org-title">
                {current.name}
                {current.secretary && (
                  <span style={{ color: '#8c8c8c', fontWeight: 'normal', marginLeft: 8, fontSize: 13 }}>
                    {t('party.admin.secretaryOf', { name: current.secretary })}
                  </span>
                )}
              </span>
            ) : (
              t('party.admin.members')
            )
          }
          extra={
            <Space wrap>
              {current && (
                <>
                  <Button size="small" onClick={() => setModal('editOrg')} data-testid="party-org-edit">
                    {t('party.admin.editOrg')}
                  </Button>
                  <Popconfirm
                    title={t('party.admin.removeOrgConfirm', { name: current.name })}
                    onConfirm={() =>
                      void act(
                        () => partyApi.removeOrg(current.id),
                        t('party.admin.removed'),
                        () => setSelected(null),
                      )
                    }
                  >
                    <Button size="small" danger data-testid="party-org-remove">
                      {t('party.admin.removeOrg')}
                    </Button>
                  </Popconfirm>
                  <Button size="small" onClick={() => setModal('projects')} data-testid="party-org-projects">
                    {t('party.admin.claimProject')}
                  </Button>
                </>
              )}
              <Button icon={<PlusOutlined />} onClick={() => setModal('member')} data-testid="party-member-add">
                {t('party.admin.addMember')}
              </Button>
            </Space>
          }
        >
          {selected === null ? (
            <div style={{ color: '#999', padding: 24, textAlign: 'center' }}>{t('party.admin.chooseOrg')}</div>
          ) : (
            <>
              <Input.Search
                placeholder={t('party.admin.search')}
                allowClear
                onSearch={setQ}
                style={{ width: 240, marginBottom: 12 }}
              />
              <CursorTable
                rowKey="id"
                data-testid="party-members"
                pageQuery={(page) =>
                  queryOptions({
                    queryKey: [...partyKeys.all, 'members', selected, { q, ...page }] as const,
                    queryFn: () => partyApi.members(selected, { q: q || undefined, ...page }),
                  })
                }
                locale={{ emptyText: t('party.admin.empty') }}
                columns={[
                  { title: t('party.admin.name'), dataIndex: 'name', width: 90 },
                  {
                    title: t('party.admin.kind'),
                    render: (_: unknown, m: PartyMember) => (
                      <Tag color={m.kind === 'regular' ? 'default' : 'red'}>{t(`party.memberKinds.${m.kind}`)}</Tag>
                    ),
                  },
                  { title: t('party.admin.primaryOrg'), render: (_: unknown, m: PartyMember) => m.primaryOrg.name },
                  {
                    title: t('party.admin.residenceOrg'),
                    render: (_: unknown, m: PartyMember) =>
                      m.residenceOrg?.name ??
                      (m.kind === 'floating' ? (
                        <Button size="small" onClick={() => setEnrolling(m)}>
                          {t('party.admin.enrol')}
                        </Button>
                      ) : (
                        '—'
                      )),
                  },
                  { title: t('party.admin.joinedOn'), dataIndex: 'joinedOn', width: 110 },
                  {
                    title: t('party.admin.status'),
                    width: 80,
                    render: (_: unknown, m: PartyMember) =>
                      m.report ? t(`party.reportStatus.${m.report.status}`) : '—',
                  },
                  {
                    title: t('party.admin.actions'),
                    render: (_: unknown, m: PartyMember) => (
                      <Space size={4}>
                        <Button size="small" type="link" onClick={() => setEditingMember(m)}>
                          {t('party.admin.edit')}
                        </Button>
                        <Popconfirm
                          title={t('party.admin.removeMemberConfirm', { name: m.name })}
                          onConfirm={() => void act(() => partyApi.removeMember(m.id), t('party.admin.removed'))}
                        >
                          <Button size="small" type="link" danger>
                            {t('party.admin.remove')}
                          </Button>
                        </Popconfirm>
                      </Space>
                    ),
                  },
                ]}
              />
            </>
          )}
        </Card>
      </Col>
      {modal === 'org' && <OrgFormModal orgs={orgs} onClose={() => setModal(null)} />}
      {modal === 'member' && <MemberFormModal orgs={orgs} orgId={selected} onClose={() => setModal(null)} />}
      {modal === 'editOrg' && current && <OrgFormModal orgs={orgs} editing={current} onClose={() => setModal(null)} />}
      {modal === 'projects' && current && <ProjectClaimModal org={current} onClose={() => setModal(null)} />}
      {editingMember && (
        <MemberFormModal orgs={orgs} orgId={selected} editing={editingMember} onClose={() => setEditingMember(null)} />
      )}
      {enrolling && (
        <Card title={t('party.admin.enrolTo')} style={{ marginTop: 16, width: '100%' }}>
          <Select
            style={{ width: 300 }}
            data-testid="party-enrol-org"
            options={orgs.filter((o) => o.id !== enrolling.primaryOrg.id).map((o) => ({ value: o.id, label: o.name }))}
            onChange={(v: number) => void enrol(v)}
          />
        </Card>
      )}
    </Row>
  );
}

function ReportsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const list = useQuery({ queryKey: [...partyKeys.all, 'reports'], queryFn: () => partyApi.reports() });
  if (list.error) return <LoadError error={list.error} onRetry={() => void list.refetch()} />;
  const confirm = async (id: number) => {
    try {
      await partyApi.confirm(id);
      message.success(t('party.admin.saved'));
      void client.invalidateQueries({ queryKey: partyKeys.all });
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  return (
    <Table
      rowKey="id"
      loading={list.isLoading}
      dataSource={list.data?.items ?? []}
      pagination={{ pageSize: 20 }}
      locale={{ emptyText: t('party.admin.empty') }}
      columns={[
        { title: t('party.admin.name'), dataIndex: 'name' },
        { title: t('party.admin.community'), render: (_, r) => r.community.name },
        { title: t('party.admin.requestedAt'), render: (_, r) => formatDateTime(r.requestedAt) },
        {
          title: t('party.admin.status'),
          render: (_, r) =>
            r.status === 'requested' ? (
              <Button
                type="primary"
                size="small"
                onClick={() => void confirm(r.id)}
                data-testid={`party-confirm-${r.id}`}
              >
                {t('party.admin.confirm')}
              </Button>
            ) : (
              <Tag color="green">{t('party.reportStatus.confirmed')}</Tag>
            ),
        },
      ]}
    />
  );
}

function StatsTab() {
  const { t } = useTranslation();
  const stats = useQuery({ queryKey: [...partyKeys.all, 'stats'], queryFn: partyApi.stats });
  if (stats.error) return <LoadError error={stats.error} onRetry={() => void stats.refetch()} />;
  const items = stats.data?.items ?? [];
  const series = ['membersCount', 'reported', 'tasksClaimed', 'tasksDone'] as const;
  const field = {
    membersCount: 'members',
    reported: 'reported',
    tasksClaimed: 'tasksClaimed',
    tasksDone: 'tasksDone',
  } as const;
  const option: ChartOption = {
    tooltip: { trigger: 'axis' },
    legend: {},
    xAxis: { type: 'category', data: items.map((s) => s.name) },
    yAxis: { type: 'value', minInterval: 1 },
    series: series.map((k) => ({ type: 'bar', name: t(`party.admin.${k}`), data: items.map((s) => s[field[k]]) })),
  };
  return (
    <>
      {items.length > 0 && <EChart option={option} height={260} ariaLabel={t('party.admin.stats')} />}
      <Table
        rowKey="orgId"
        loading={stats.isLoading}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: t('party.admin.empty') }}
        data-testid="party-stats"
        columns={[
          { title: t('party.admin.name'), dataIndex: 'name' },
          ...series.map((k) => ({ title: t(`party.admin.${k}`), dataIndex: field[k] })),
          ...(['wishes', 'activities', 'projects'] as const).map((k) => ({
            title: t(`party.admin.${k}`),
            render: (_: unknown, s: (typeof items)[number]) => `${s[k].claimed} / ${s[k].done}`,
          })),
        ]}
      />
    </>
  );
}

/** 党建引领: the organisation tree with each branch's members, 报到 to confirm, per-branch figures. */
export default function PartyAdminPage() {
  const { t } = useTranslation();
  const orgs = useQuery({ queryKey: [...partyKeys.all, 'orgs'], queryFn: partyApi.orgs });
  return (
    <>
      <PageHeader title={t('party.title')} />
      {orgs.error ? (
        <LoadError error={orgs.error} onRetry={() => void orgs.refetch()} />
      ) : (
        <Tabs
          items={[
            { key: 'orgs', label: t('party.admin.orgs'), children: <OrgsTab orgs={orgs.data?.items ?? []} /> },
            { key: 'reports', label: t('party.admin.reports'), children: <ReportsTab /> },
            { key: 'stats', label: t('party.admin.stats'), children: <StatsTab /> },
          ]}
        />
      )}
    </>
  );
}
