import { ArrowLeftOutlined, PlusOutlined, MinusCircleOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import { TOPIC_STATUS_COLORS, type MeetingView, type TopicStatus } from '../../shared/deliberation.ts';
import { deliberationCalls, deliberationKeys, deliberationQueries } from '../../shared/query/deliberation.ts';
import { formatDateTime } from '../../shared/time.ts';
import { LoadError } from '../components/LoadError.tsx';
import { applyServerFieldErrors } from '../components/formErrors.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { ColorTag } from '../components/ColorTag.tsx';

interface MinutesForm {
  minutes: string;
  outcomes: Record<string, string>;
  decisions: { topicId?: number; title: string; text: string }[];
}

/** One meeting: agenda (another round for a topic debated before), who came, the minutes and the decisions to follow through. */
export default function MeetingPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const queryClient = useQueryClient();
  const loaded = useQuery(deliberationQueries.meeting(id));
  const m = loaded.data;
  const topics = useQuery({
    ...deliberationQueries.topics({ communityId: m?.communityId, limit: 100 }),
    enabled: Boolean(m),
  });
  // The meeting as a change left it is shown at once; the rest of deliberation (topics on the agenda, decisions) is fetched again.
  const changed = (next: MeetingView) => {
    queryClient.setQueryData(deliberationKeys.meeting(id), next);
    void queryClient.invalidateQueries({ queryKey: deliberationKeys.all });
  };
  const [attended, setAttended] = useState<number[]>([]);
  const [adding, setAdding] = useState<number>();
  const [busy, setBusy] = useState<string | null>(null);
  const [form] = Form.useForm<MinutesForm>();

  useEffect(() => {
    if (m) setAttended(m.participants.filter((p) => p.attended).map((p) => p.userId));
  }, [m]);

  const run = async (key: string, call: () => Promise<MeetingView>, done: string) => {
    setBusy(key);
    try {
      changed(await call());
      message.success(done);
      return true;
    } catch (error) {
      message.error(errorMessage(error));
      return false;
    } finally {
      setBusy(null);
    }
  };

  if (!m) {
    return (
      <div className="gz-page">
        {loaded.error ? <LoadError error={loaded.error} onRetry={() => void loaded.refetch()} /> : <Card loading />}
      </div>
    );
  }

  const saveMinutes = async (values: MinutesForm) => {
    setBusy('minutes');
    try {
      const next = await deliberationCalls.saveMinutes(id, {
        minutes: values.minutes,
        outcomes: Object.entries(values.outcomes ?? {})
          .filter(([, outcome]) => outcome?.trim())
          .map(([topicId, outcome]) => ({ topicId: Number(topicId), outcome: outcome.trim() })),
        decisions: (values.decisions ?? []).map((d) => ({
          ...(d.topicId ? { topicId: d.topicId } : {}),
          title: d.title,
          text: d.text,
        })),
      });
      changed(next);
      message.success(t('deliberation.admin.minutesSaved'));
      form.setFieldValue('decisions', []);
    } catch (error) {
      if (!applyServerFieldErrors(form, error, ['minutes'])) message.error(errorMessage(error));
    } finally {
      setBusy(null);
    }
  };

  const agendaIds = new Set(m.agenda.map((a) => a.topicId));
  const candidates = (topics.data?.items ?? []).filter(
    (x) => !agendaIds.has(x.id) && ['open', 'on_agenda', 'voting', 'decided'].includes(x.status),
  );

  return (
    <div className="gz-page">
      <PageHeader
        title={
          <Space>
            <Button
              type="text"
              icon={<ArrowLeftOutlined />}
              onClick={() => navigate('/deliberation/meetings')}
              aria-label={t('common.back')}
            />
            {m.title}
            <Tag
              color={m.status === 'held' ? 'green' : m.status === 'cancelled' ? 'default' : 'blue'}
              data-testid="meeting-status"
            >
              {t(`deliberation.meetingStatus.${m.status}`)}
            </Tag>
          </Space>
        }
        extra={
          m.canManage &&
          m.status === 'scheduled' && (
            <Button
              danger
              onClick={() =>
                modal.confirm({
                  title: t('deliberation.admin.cancelMeeting'),
                  content: t('deliberation.admin.cancelMeetingConfirm'),
                  onOk: () =>
                    run('cancel', () => deliberationCalls.cancelMeeting(id), t('deliberation.admin.cancelMeeting')),
                })
              }
            >
              {t('deliberation.admin.cancelMeeting')}
            </Button>
          )
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card>
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('deliberation.fields.kind')}>
                  {t(`deliberation.meetingKind.${m.kind}`)}
                </Descriptions.Item>
                <Descriptions.Item label={t('deliberation.fields.time')}>
                  {formatDateTime(m.startsAt).slice(0, 16)}–{formatDateTime(m.endsAt).slice(11, 16)}
                </Descriptions.Item>
                <Descriptions.Item label={t('deliberation.fields.place')}>{m.place || '—'}</Descriptions.Item>
                <Descriptions.Item label={t('deliberation.fields.recurrence')}>
                  {t(`deliberation.recurrence.${m.recurrence as 'none'}`)}
                </Descriptions.Item>
              </Descriptions>
            </Card>
            <Card title={t('deliberation.fields.topics')} size="small">
              <Table
                size="small"
                rowKey="topicId"
                pagination={false}
                dataSource={m.agenda}
                locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
                columns={[
                  {
                    title: t('deliberation.fields.title'),
                    dataIndex: 'title',
                    render: (title: string) => <strong>{title}</strong>,
                  },
                  {
                    title: t('deliberation.h5.rounds'),
                    dataIndex: 'round',
                    width: 80,
                    render: (n: number) => t('deliberation.roundN', { n }),
                  },
                  {
                    title: t('deliberation.fields.status'),
                    dataIndex: 'status',
                    width: 100,
                    render: (s: TopicStatus) => (
                      <ColorTag color={TOPIC_STATUS_COLORS[s]}>{t(`deliberation.topicStatus.${s}`)}</ColorTag>
                    ),
                  },
                ]}
                expandable={{ expandedRowRender: (a) => a.outcome || '—', rowExpandable: (a) => Boolean(a.outcome) }}
              />
              {m.canManage && m.status !== 'cancelled' && (
                <Space.Compact style={{ width: '100%', marginTop: 12 }}>
                  <Select
                    style={{ flex: 1 }}
                    value={adding}
                    onChange={setAdding}
                    placeholder={t('deliberation.admin.agendaPick')}
                    options={candidates.map((x) => ({ value: x.id, label: x.title }))}
                    showSearch
                    optionFilterProp="label"
                    aria-label={t('deliberation.admin.agendaPick')}
                  />
                  <Button
                    icon={<PlusOutlined />}
                    disabled={!adding}
                    loading={busy === 'agenda'}
                    onClick={() =>
                      void run(
                        'agenda',
                        () => deliberationCalls.addToAgenda(id, adding),
                        t('deliberation.admin.agendaAdd'),
                      ).then(() => setAdding(undefined))
                    }
                  >
                    {t('deliberation.admin.agendaAdd')}
                  </Button>
                </Space.Compact>
              )}
            </Card>
            <Card title={t('deliberation.admin.participants')} size="small">
              {m.participants.length === 0 ? (
                <Typography.Text type="secondary">{t('deliberation.admin.noParticipants')}</Typography.Text>
              ) : (
                <>
                  <Checkbox.Group
                    value={attended}
                    onChange={(v) => setAttended(v as number[])}
                    disabled={!m.canManage || m.status === 'cancelled'}
                  >
                    <Space orientation="vertical">
                      {m.participants.map((p) => (
                        <Checkbox key={p.userId} value={p.userId}>
                          {p.name}{' '}
                          <Typography.Text type="secondary">
                            （{t(`deliberation.party.${p.party as 'resident'}`)}）
                          </Typography.Text>
                        </Checkbox>
                      ))}
                    </Space>
                  </Checkbox.Group>
                  {m.canManage && m.status !== 'cancelled' && (
                    <div style={{ marginTop: 12 }}>
                      <Button
                        loading={busy === 'attendance'}
                        onClick={() =>
                          void run(
                            'attendance',
                            () => deliberationCalls.recordAttendance(id, attended),
                            t('deliberation.admin.attendanceSaved'),
                          )
                        }
                      >
                        {t('deliberation.admin.saveAttendance')}
                      </Button>
                    </div>
                  )}
                </>
              )}
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={14}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            {m.minutes && (
              <Card title={t('deliberation.admin.minutes')} size="small" data-testid="minutes">
                <div className="gz-minutes">{m.minutes}</div>
                {m.decisions.length > 0 && (
                  <>
                    <Typography.Title level={5} style={{ marginTop: 16 }}>
                      {t('deliberation.admin.decisions')}
                    </Typography.Title>
                    <ul>
                      {m.decisions.map((d) => (
                        <li key={d.id}>
                          <Link to={`/deliberation/decisions?open=${d.id}`}>{d.title}</Link>
                        </li>
                      ))}
                    </ul>
                  </>
                )}
              </Card>
            )}
            {m.canManage && m.status !== 'cancelled' && (
              <Card
                title={
                  m.minutes
                    ? `${t('deliberation.admin.minutes')} · ${t('common.edit')}`
                    : t('deliberation.admin.minutes')
                }
                size="small"
              >
                <Form<MinutesForm>
                  form={form}
                  layout="vertical"
                  onFinish={saveMinutes}
                  initialValues={{
                    minutes: m.minutes,
                    outcomes: Object.fromEntries(m.agenda.map((a) => [String(a.topicId), a.outcome])),
                    decisions: [],
                  }}
                >
                  <Form.Item
                    name="minutes"
                    label={t('deliberation.admin.minutes')}
                    rules={[{ required: true, min: 10, message: t('validation.required') }]}
                  >
                    <Input.TextArea
                      rows={6}
                      maxLength={20000}
                      placeholder={t('deliberation.admin.minutesPlaceholder')}
                      showCount
                    />
                  </Form.Item>
                  {m.agenda.map((a) => (
                    <Form.Item
                      key={a.topicId}
                      name={['outcomes', String(a.topicId)]}
                      label={`${t('deliberation.admin.outcome')}：${a.title}`}
                    >
                      <Input maxLength={2000} />
                    </Form.Item>
                  ))}
                  <Typography.Text strong>{t('deliberation.admin.decisions')}</Typography.Text>
                  <Form.List name="decisions">
                    {(fields, { add, remove }) => (
                      <>
                        {fields.map((field) => (
                          <Card
                            key={field.key}
                            size="small"
                            style={{ margin: '8px 0' }}
                            extra={<MinusCircleOutlined onClick={() => remove(field.name)} />}
                          >
                            <Form.Item name={[field.name, 'topicId']} label={t('deliberation.fields.topics')}>
                              <Select
                                allowClear
                                options={m.agenda.map((a) => ({ value: a.topicId, label: a.title }))}
                              />
                            </Form.Item>
                            <Form.Item
                              name={[field.name, 'title']}
                              label={t('deliberation.admin.decisionTitle')}
                              rules={[{ required: true, min: 2, message: t('validation.required') }]}
                            >
                              <Input maxLength={80} />
                            </Form.Item>
                            <Form.Item
                              name={[field.name, 'text']}
                              label={t('deliberation.admin.decisionText')}
                              rules={[{ required: true, min: 2, message: t('validation.required') }]}
                            >
                              <Input.TextArea rows={2} maxLength={5000} />
                            </Form.Item>
                          </Card>
                        ))}
                        <Button
                          type="dashed"
                          block
                          icon={<PlusOutlined />}
                          onClick={() => add({ topicId: m.agenda[0]?.topicId })}
                          style={{ margin: '8px 0 16px' }}
                        >
                          {t('deliberation.admin.addDecision')}
                        </Button>
                      </>
                    )}
                  </Form.List>
                  <Button type="primary" htmlType="submit" loading={busy === 'minutes'}>
                    {t('deliberation.admin.saveMinutes')}
                  </Button>
                </Form>
              </Card>
            )}
          </Space>
        </Col>
      </Row>
    </div>
  );
}
