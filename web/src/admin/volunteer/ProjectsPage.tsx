import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Drawer,
  Empty,
  Form,
  Input,
  Modal,
  Progress,
  Slider,
  Space,
  Timeline,
  Typography,
} from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import { volunteerCalls, volunteerKeys, volunteerQueries } from '../../shared/query/volunteer.ts';
import { PROJECT_STATUS_COLORS } from '../../shared/points.ts';
import { can, useMe } from '../../shared/session.tsx';
import { formatDateTime } from '../../shared/time.ts';
import type { ProjectStatus } from '../../shared/types.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { applyServerFieldErrors } from '../components/formErrors.ts';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ColorTag } from '../components/ColorTag.tsx';
import { CommunityField, useCommunityName } from '../components/CommunityField.tsx';

/** 关键小事 (先锋领办): projects taken on by party branches or partner units, with their progress. */
export default function ProjectsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const communityName = useCommunityName();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ communityId: number; title: string; description: string }>();
  const create = async (v: { communityId: number; title: string; description?: string }) => {
    setSaving(true);
    try {
      const p = await volunteerCalls.createProject({ ...v, description: v.description ?? '' });
      message.success(t('pointsAdmin.projects.created'));
      setCreating(false);
      void queryClient.invalidateQueries({ queryKey: volunteerKeys.all });
      setOpen(p.id);
    } catch (error) {
      if (!applyServerFieldErrors(form, error, ['communityId', 'title', 'description']))
        message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };
  return (
    <div className="gz-page">
      <PageHeader
        title={t('pointsAdmin.projects.title')}
        description={t('pointsAdmin.projects.subtitle')}
        extra={
          can(me, 'volunteer.manage') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => {
                form.resetFields();
                setCreating(true);
              }}
            >
              {t('pointsAdmin.projects.newProject')}
            </Button>
          )
        }
      />
      <Card>
        <CursorTable
          rowKey="id"
          pageQuery={(page) => volunteerQueries.projects({ ...page })}
          locale={{ emptyText: t('pointsAdmin.projects.empty') }}
          onRow={(p) => ({ onClick: () => setOpen(p.id), style: { cursor: 'pointer' } })}
          columns={[
            {
              title: t('pointsAdmin.projects.name'),
              key: 'n',
              render: (_v, p) => (
                <>
                  <Typography.Link>{p.title}</Typography.Link>
                  <div>
                    <Typography.Text type="secondary" ellipsis style={{ maxWidth: 420 }}>
                      {p.description}
                    </Typography.Text>
                  </div>
                </>
              ),
            },
            {
              title: t('deliberation.fields.community'),
              key: 'c',
              width: 120,
              render: (_v, p) => communityName(p.communityId),
            },
            {
              title: t('pointsAdmin.projects.claimedBy'),
              dataIndex: 'claimedByUnit',
              width: 220,
              render: (v: string | null) =>
                v ?? <Typography.Text type="secondary">{t('pointsAdmin.projects.unclaimed')}</Typography.Text>,
            },
            {
              title: t('pointsAdmin.projects.progress'),
              dataIndex: 'progress',
              width: 160,
              render: (v: number) => <Progress percent={v} size="small" />,
            },
            {
              title: t('deliberation.fields.status'),
              dataIndex: 'status',
              width: 90,
              render: (s: ProjectStatus) => (
                <ColorTag color={PROJECT_STATUS_COLORS[s]}>{t(`volunteer.projectStatus.${s}`)}</ColorTag>
              ),
            },
            {
              title: t('pointsAdmin.projects.updatedAt'),
              dataIndex: 'updatedAt',
              width: 150,
              render: (v: string) => formatDateTime(v).slice(0, 16),
            },
          ]}
        />
      </Card>
      {open !== null && <ProjectDrawer id={open} onClose={() => setOpen(null)} />}
      <Modal
        open={creating}
        title={t('pointsAdmin.projects.newProject')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        confirmLoading={saving}
        okText={t('common.save')}
      >
        <Form form={form} layout="vertical" onFinish={create}>
          <Form.Item
            name="communityId"
            label={t('deliberation.fields.community')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <CommunityField />
          </Form.Item>
          <Form.Item
            name="title"
            label={t('pointsAdmin.projects.name')}
            rules={[{ required: true, whitespace: true, min: 2, message: t('validation.required') }]}
          >
            <Input maxLength={80} />
          </Form.Item>
          <Form.Item name="description" label={t('volunteer.description')}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}

function ProjectDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const queryClient = useQueryClient();
  const project = useQuery(volunteerQueries.project(id));
  const [form] = Form.useForm<{ progress: number; note: string; claimedByUnit?: string }>();
  const [saving, setSaving] = useState(false);
  const p = project.data;
  const save = async (v: { progress: number; note: string; claimedByUnit?: string }) => {
    setSaving(true);
    try {
      await volunteerCalls.updateProject(id, {
        progress: v.progress,
        note: v.note,
        ...(v.claimedByUnit?.trim() ? { claimedByUnit: v.claimedByUnit.trim() } : {}),
      });
      message.success(t('pointsAdmin.projects.saved'));
      form.resetFields(['note', 'claimedByUnit']);
      void queryClient.invalidateQueries({ queryKey: volunteerKeys.all });
    } catch (error) {
      if (!applyServerFieldErrors(form, error, ['progress', 'note', 'claimedByUnit']))
        message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Drawer open size={640} title={p?.title ?? ' '} onClose={onClose} loading={project.isPending}>
      {project.error && <LoadError error={project.error} onRetry={() => void project.refetch()} />}
      {p && (
        <>
          <Typography.Paragraph>{p.description}</Typography.Paragraph>
          <Space style={{ marginBottom: 16 }} wrap>
            <ColorTag color={PROJECT_STATUS_COLORS[p.status]}>{t(`volunteer.projectStatus.${p.status}`)}</ColorTag>
            <span>{p.claimedByUnit ?? t('pointsAdmin.projects.unclaimed')}</span>
          </Space>
          <Progress percent={p.progress} />
          {can(me, 'volunteer.manage') && p.status !== 'done' && (
            <Card size="small" title={t('pointsAdmin.projects.addUpdate')} style={{ margin: '16px 0' }}>
              <Form
                form={form}
                layout="vertical"
                onFinish={save}
                initialValues={{ progress: p.progress }}
                key={p.updatedAt}
              >
                <Form.Item name="progress" label={t('pointsAdmin.projects.progress')}>
                  <Slider min={0} max={100} step={5} marks={{ 0: '0%', 50: '50%', 100: '100%' }} />
                </Form.Item>
                {!p.claimedByUnit && (
                  <Form.Item
                    name="claimedByUnit"
                    label={t('pointsAdmin.projects.unit')}
                    extra={t('pointsAdmin.projects.unitHint')}
                  >
                    <Input maxLength={80} placeholder={t('pointsAdmin.wishes.unitPlaceholder')} />
                  </Form.Item>
                )}
                <Form.Item
                  name="note"
                  label={t('pointsAdmin.projects.note')}
                  rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
                >
                  <Input.TextArea rows={2} maxLength={1000} />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={saving}>
                  {t('common.save')}
                </Button>
              </Form>
            </Card>
          )}
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('pointsAdmin.projects.updates')}
          </Typography.Title>
          {p.updates.length === 0 ? (
            <Empty description={t('pointsAdmin.projects.noUpdates')} />
          ) : (
            <Timeline
              items={p.updates.map((u) => ({
                key: u.id,
                children: (
                  <>
                    <div>
                      <strong>{u.progress}%</strong> · {u.note}
                    </div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {u.author} · {formatDateTime(u.at).slice(0, 16)}
                    </Typography.Text>
                  </>
                ),
              }))}
            />
          )}
        </>
      )}
    </Drawer>
  );
}
