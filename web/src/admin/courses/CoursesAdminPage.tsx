import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Modal, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CourseSession } from '../../shared/courses.ts';
import { coursesQueries } from '../../shared/query/courses.ts';
import { formatDateTime } from '../../shared/time.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { NewCourseButton, NewSessionButton } from './CourseForms.tsx';

/** The staff screen at a session: the code of now, fetched again as soon as it changes. */
function CodeScreen({ sessionId, onClose }: { sessionId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const code = useQuery(coursesQueries.code(sessionId));
  return (
    <Modal open title={t('courses.admin.codeTitle')} onCancel={onClose} footer={null} width={520}>
      <div style={{ textAlign: 'center' }}>
        <Typography.Title data-testid="checkin-code-display" style={{ fontSize: 72, letterSpacing: 12, margin: 16 }}>
          {code.data?.code ?? '······'}
        </Typography.Title>
        <Typography.Text type="secondary">
          {t('courses.admin.codeHint', { seconds: code.data?.windowSeconds ?? 45 })}
        </Typography.Text>
      </div>
    </Modal>
  );
}

/** 课程管理: the figures, the courses of my area with their sessions, and the check-in code screen. */
export default function CoursesAdminPage() {
  const { t, i18n } = useTranslation();
  const courses = useQuery(coursesQueries.adminCourses());
  const figures = useQuery(coursesQueries.adminFigures());
  const catalogue = useQuery(coursesQueries.catalogue('', i18n.language));
  const [codeFor, setCodeFor] = useState<number | null>(null);
  // Every course shows its sessions unless folded.
  const [folded, setFolded] = useState<ReadonlySet<number>>(new Set());
  const f = figures.data;

  const sessionColumns = [
    { title: t('courses.admin.place'), dataIndex: 'place' },
    {
      title: t('courses.admin.startsAt'),
      render: (_: unknown, s: CourseSession) =>
        `${formatDateTime(s.startsAt).slice(0, 16)} – ${formatDateTime(s.endsAt).slice(11, 16)}`,
    },
    { title: t('courses.admin.capacity'), render: (_: unknown, s: CourseSession) => `${s.signedUp}/${s.capacity}` },
    { title: t('courses.checkedIn'), dataIndex: 'checkedIn' },
    {
      title: '',
      render: (_: unknown, s: CourseSession) => (
        <Button size="small" type="primary" data-testid={`show-code-${s.id}`} onClick={() => setCodeFor(s.id)}>
          {t('courses.admin.showCode')}
        </Button>
      ),
    },
  ];

  return (
    <div>
      <PageHeader title={t('nav.courses')} description={t('courses.title')} />
      <Row gutter={12} style={{ marginBottom: 12 }}>
        {(['courses', 'sessions', 'attendees', 'learners', 'completions', 'certificates'] as const).map((k) => (
          <Col key={k} xs={12} md={4}>
            <Card size="small">
              <Statistic title={t(`courses.admin.figures.${k}`)} value={f?.[k] ?? '–'} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card
        extra={<NewCourseButton categories={catalogue.data?.categories ?? []} />}
        title={t('courses.admin.courses')}
      >
        <Table
          rowKey="id"
          loading={courses.isPending}
          dataSource={courses.data?.items ?? []}
          pagination={false}
          expandable={{
            expandedRowKeys: (courses.data?.items ?? []).map((c) => c.id).filter((id) => !folded.has(id)),
            onExpand: (open, c) =>
              setFolded((f) => {
                const next = new Set(f);
                if (open) next.delete(c.id);
                else next.add(c.id);
                return next;
              }),
            expandedRowRender: (c) => (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Table size="small" rowKey="id" dataSource={c.sessions} columns={sessionColumns} pagination={false} />
                <NewSessionButton courseId={c.id} />
              </Space>
            ),
          }}
          columns={[
            { title: t('courses.admin.title'), dataIndex: 'title' },
            { title: t('courses.admin.category'), dataIndex: 'categoryLabel' },
            {
              title: t('courses.admin.status'),
              render: (_: unknown, c) => <Tag>{t(`courses.admin.statuses.${c.status}`)}</Tag>,
            },
            { title: t('courses.admin.learners'), dataIndex: 'learners' },
            { title: t('courses.admin.completions'), dataIndex: 'completions' },
          ]}
        />
      </Card>
      {codeFor !== null && <CodeScreen sessionId={codeFor} onClose={() => setCodeFor(null)} />}
    </div>
  );
}
