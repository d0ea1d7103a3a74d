import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Drawer, Form, Input, Modal, Popconfirm, Select, Space, Table, Typography } from 'antd';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import { volunteerCalls, volunteerKeys, volunteerQueries } from '../../shared/query/volunteer.ts';
import { can, useMe } from '../../shared/session.tsx';
import { formatDateTime } from '../../shared/time.ts';
import type { TeamMember, TeamSummary } from '../../shared/types.ts';
import { ExportButton } from '../components/ExportButton.tsx';
import { applyServerFieldErrors } from '../components/formErrors.ts';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ColorTag } from '../components/ColorTag.tsx';
import { CommunitySelect } from '../components/CommunitySelect.tsx';
import { CommunityField, useCommunityName } from '../components/CommunityField.tsx';
import { PersonSelect } from '../components/PersonSelect.tsx';

/** 志愿队伍: the micro-teams of the area, their leaders and members. */
export default function TeamsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const canManage = can(me, 'volunteer.manage');
  const communityName = useCommunityName();
  const [q, setQ] = useState('');
  const [communityId, setCommunityId] = useState<number>();
  const queryClient = useQueryClient();
  const teams = useQuery({
    ...volunteerQueries.teams({ q: q || undefined, communityId }),
    placeholderData: keepPreviousData,
  });
  const [open, setOpen] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ communityId: number; name: string; description: string; leaderUserIds: number[] }>();
  const create = async (v: { communityId: number; name: string; description: string; leaderUserIds?: number[] }) => {
    setSaving(true);
    try {
      const team = await volunteerCalls.createTeam({
        ...v,
        description: v.description ?? '',
        leaderUserIds: v.leaderUserIds ?? [],
      });
      message.success(t('pointsAdmin.teams.created'));
      setCreating(false);
      void queryClient.invalidateQueries({ queryKey: volunteerKeys.all });
      setOpen(team.id);
    } catch (error) {
      if (!applyServerFieldErrors(form, error, ['communityId', 'name', 'description']))
        message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };
  return (
    <div className="gz-page">
      <PageHeader
        title={t('pointsAdmin.teams.title')}
        description={t('pointsAdmin.teams.subtitle')}
        extra={
          canManage && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => {
                form.resetFields();
                setCreating(true);
              }}
            >
              {t('pointsAdmin.teams.newTeam')}
            </Button>
          )
        }
      />
      <Card>
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            placeholder={t('pointsAdmin.teams.searchPlaceholder')}
            onSearch={(v) => setQ(v.trim())}
            style={{ width: 240 }}
            aria-label={t('pointsAdmin.search')}
          />
          <CommunitySelect value={communityId} onChange={setCommunityId} allowClear />
          <ExportButton kind="volunteer-teams" filters={{ q: q || undefined, communityId }} />
        </Space>
        {teams.error && <LoadError error={teams.error} onRetry={() => void teams.refetch()} />}
        <Table<TeamSummary>
          rowKey="id"
          loading={teams.isFetching}
          dataSource={teams.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t('pointsAdmin.teams.empty') }}
          columns={[
            {
              title: t('pointsAdmin.teams.name'),
              dataIndex: 'name',
              render: (v: string, r) => <Typography.Link onClick={() => setOpen(r.id)}>{v}</Typography.Link>,
            },
            {
              title: t('deliberation.fields.community'),
              key: 'c',
              width: 140,
              render: (_v, r) => communityName(r.communityId),
            },
            { title: t('pointsAdmin.teams.description'), dataIndex: 'description', ellipsis: true },
            { title: t('pointsAdmin.teams.members'), dataIndex: 'members', width: 80, align: 'right' },
          ]}
        />
      </Card>
      {open !== null && <TeamDrawer id={open} onClose={() => setOpen(null)} />}
      <Modal
        open={creating}
        title={t('pointsAdmin.teams.newTeam')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        confirmLoading={saving}
        okText={t('common.save')}
      >
        <Form form={form} layout="vertical" onFinish={create} initialValues={{ communityId }}>
          <Form.Item
            name="communityId"
            label={t('deliberation.fields.community')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <CommunityField />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('pointsAdmin.teams.name')}
            rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
          >
            <Input maxLength={60} placeholder="暖宝 / 春燕服务队 / 骑手志愿队" />
          </Form.Item>
          <Form.Item name="description" label={t('pointsAdmin.teams.description')}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}

function TeamDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const queryClient = useQueryClient();
  const team = useQuery(volunteerQueries.team(id));
  const canEdit = can(me, 'volunteer.manage') || team.data?.myRole === 'leader';
  const [userId, setUserId] = useState<number>();
  const [role, setRole] = useState<'leader' | 'member'>('member');
  const run = async (action: () => Promise<unknown>) => {
    try {
      await action();
      message.success(t('pointsAdmin.teams.saved'));
      void queryClient.invalidateQueries({ queryKey: volunteerKeys.all });
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  const setMember = (uid: number, r: 'leader' | 'member') =>
    run(() => volunteerCalls.setMember(id, { userId: uid, role: r }));
  return (
    <Drawer open size={720} title={team.data?.name ?? ' '} onClose={onClose} loading={team.isFetching && !team.data}>
      {team.error && <LoadError error={team.error} onRetry={() => void team.refetch()} />}
      {team.data && (
        <>
          <Typography.Paragraph type="secondary">{team.data.description}</Typography.Paragraph>
          {canEdit && can(me, 'volunteer.manage') && (
            <Space wrap style={{ marginBottom: 12 }}>
              <PersonSelect value={userId} onChange={setUserId} communityId={team.data.communityId} />
              <Select
                value={role}
                onChange={setRole}
                options={(['member', 'leader'] as const).map((r) => ({
                  value: r,
                  label: t(`pointsAdmin.teams.roles.${r}`),
                }))}
                style={{ width: 100 }}
              />
              <Button
                type="primary"
                icon={<PlusOutlined />}
                disabled={!userId}
                onClick={() => userId && setMember(userId, role).then(() => setUserId(undefined))}
              >
                {t('pointsAdmin.teams.addMember')}
              </Button>
            </Space>
          )}
          <Table<TeamMember>
            rowKey="userId"
            size="small"
            dataSource={[...team.data.members].sort((a, b) =>
              a.role === b.role ? a.joinedAt.localeCompare(b.joinedAt) : a.role === 'leader' ? -1 : 1,
            )}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: t('pointsAdmin.teams.noMembers') }}
            columns={[
              { title: t('pointsAdmin.accounts.name'), dataIndex: 'name' },
              {
                title: t('pointsAdmin.teams.role'),
                dataIndex: 'role',
                render: (r: 'leader' | 'member') => (
                  <ColorTag color={r === 'leader' ? '#d46b08' : '#1f5fbf'}>
                    {t(`pointsAdmin.teams.roles.${r}`)}
                  </ColorTag>
                ),
              },
              {
                title: t('pointsAdmin.teams.joinedAt'),
                dataIndex: 'joinedAt',
                render: (v: string) => formatDateTime(v).slice(0, 10),
              },
              ...(can(me, 'volunteer.manage')
                ? [
                    {
                      title: t('common.actions'),
                      key: 'a',
                      render: (_v: unknown, m: TeamMember) => (
                        <Space size="small">
                          <Button
                            size="small"
                            onClick={() => setMember(m.userId, m.role === 'leader' ? 'member' : 'leader')}
                          >
                            {t(m.role === 'leader' ? 'pointsAdmin.teams.makeMember' : 'pointsAdmin.teams.makeLeader')}
                          </Button>
                          <Popconfirm
                            title={t('pointsAdmin.teams.removeConfirm', { name: m.name })}
                            onConfirm={() => run(() => volunteerCalls.removeMember(id, m.userId))}
                          >
                            <Button size="small" danger>
                              {t('pointsAdmin.teams.remove')}
                            </Button>
                          </Popconfirm>
                        </Space>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </>
      )}
    </Drawer>
  );
}
