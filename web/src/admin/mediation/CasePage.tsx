import { ArrowLeftOutlined, EyeOutlined, PrinterOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Modal,
  Row,
  Space,
  Steps,
  Table,
  Tabs,
  Tag,
  Timeline,
  Typography,
  Popconfirm,
} from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError, errorMessage } from '../../shared/api.ts';
import {
  CASE_STEPS,
  caseStep,
  type CaseAction,
  type Claim,
  type Instalment,
  type RevealView,
} from '../../shared/mediation.ts';
import { mediationCalls, mediationQueries, mediationUrls } from '../../shared/query/mediation.ts';
import { i18n } from '../../shared/i18n/index.ts';
import { formatFen } from '../../shared/points.ts';
import { formatDateTime } from '../../shared/time.ts';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { CaseActionModal, type ModalAction } from './CaseActionModal.tsx';
import { CaseStatusTag, RiskTag } from './tags.tsx';

/** Buttons in the order of the work; those the server allows are shown. */
const BUTTONS: { action: CaseAction; modal: ModalAction; primary?: boolean; danger?: boolean }[] = [
  { action: 'take', modal: 'take', primary: true },
  { action: 'investigate', modal: 'investigate', primary: true },
  { action: 'mediate', modal: 'mediate', primary: true },
  { action: 'session', modal: 'session' },
  { action: 'agree', modal: 'agree', primary: true },
  { action: 'perform', modal: 'perform' },
  { action: 'follow_up', modal: 'follow_up', primary: true },
  { action: 'assign', modal: 'assign' },
  { action: 'extend', modal: 'extend' },
  { action: 'party', modal: 'party' },
  { action: 'withdraw', modal: 'withdraw', danger: true },
  { action: 'fail', modal: 'fail', danger: true },
];

/** A case's file: steps, parties, sessions, agreement and payments, follow-up, claims register, history; actions as the server allows. */
export default function CasePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const loaded = useQuery(mediationQueries.case(id));
  const c = loaded.data;
  const [modal, setModal] = useState<{ action: ModalAction; instalment?: Instalment } | null>(null);
  const [revealed, setRevealed] = useState<RevealView | null>(null);
  const claims = useQuery({ ...mediationQueries.claims(id, { limit: 100 }), enabled: Boolean(c?.groupDispute) });

  if (!c) {
    const notFound = loaded.error instanceof ApiError && loaded.error.status === 404;
    return (
      <div className="gz-page">
        {loaded.error ? (
          notFound ? (
            <Alert type="warning" showIcon title={t('mediation.detail.notFound')} />
          ) : (
            <LoadError error={loaded.error} onRetry={() => void loaded.refetch()} />
          )
        ) : (
          <Card loading />
        )}
      </div>
    );
  }

  const allowed = new Set(c.allowedActions);
  const step = caseStep(c);
  const reveal = async () => {
    try {
      setRevealed(await mediationCalls.reveal(id));
    } catch (error) {
      message.error(errorMessage(error));
    }
  };

  return (
    <div className="gz-page">
      <PageHeader
        title={
          <Space wrap>
            <Button
              type="text"
              icon={<ArrowLeftOutlined />}
              onClick={() => navigate('/mediation/cases')}
              aria-label={t('common.back')}
            />
            <span className="gz-mono">{c.code}</span>
            <CaseStatusTag status={c.status} name={c.statusName} testId="case-status" />
            <RiskTag risk={c.risk} />
            {c.overdue && <Tag color="red">{t('mediation.fields.overdue')}</Tag>}
            {c.groupDispute && <Tag color="magenta">{t('mediation.fields.group')}</Tag>}
          </Space>
        }
        description={`${c.category.name} · ${c.summary}`}
        extra={
          <Space>
            {allowed.has('reveal') && (
              <Button icon={<EyeOutlined />} onClick={() => void reveal()}>
                {t('mediation.detail.reveal')}
              </Button>
            )}
            {c.agreement && (
              <Button
                icon={<PrinterOutlined />}
                href={mediationUrls.agreement(id)}
                target="_blank"
                data-testid="print-agreement"
              >
                {t('mediation.detail.print')}
              </Button>
            )}
            {c.agreement && allowed.has('reveal') && (
              // The copy the parties sign carries their whole ID numbers; the server records each print.
              <Popconfirm
                title={t('mediation.detail.printSignedTitle')}
                description={t('mediation.detail.printSignedBody')}
                okText={t('mediation.detail.printSignedOk')}
                onConfirm={() => window.open(mediationUrls.agreement(id, 'signed'), '_blank')}
              >
                <Button icon={<PrinterOutlined />} data-testid="print-agreement-signed">
                  {t('mediation.detail.printSigned')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        }
      />
      <Card className="gz-case-steps-card" style={{ marginBottom: 16 }}>
        <Steps
          className="gz-case-steps"
          current={step.current}
          status={step.state === 'error' ? 'error' : step.state === 'finish' ? 'finish' : 'process'}
          items={CASE_STEPS.map((s) => ({ title: t(`mediation.steps.${s}`) }))}
          data-testid="case-steps"
        />
        {c.referral && (
          <Alert
            type="warning"
            showIcon
            title={t('mediation.detail.referral', { name: c.referral.name, to: c.referral.to })}
            description={c.endReason}
            style={{ marginBottom: 12 }}
          />
        )}
        <div className="gz-case-actions" data-testid="case-actions">
          {BUTTONS.filter((b) => allowed.has(b.action)).map((b) => (
            <Button
              key={b.action}
              type={b.primary ? 'primary' : 'default'}
              danger={b.danger}
              onClick={() => setModal({ action: b.modal })}
            >
              {t(`mediation.actions.${b.action}`)}
            </Button>
          ))}
          {allowed.has('claim') && (
            <Button onClick={() => setModal({ action: 'claim' })}>{t('mediation.actions.claim')}</Button>
          )}
        </div>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card>
            <Tabs
              items={[
                {
                  key: 'overview',
                  label: t('mediation.detail.overview'),
                  children: (
                    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
                      <Table
                        size="small"
                        rowKey="id"
                        pagination={false}
                        dataSource={c.partyList}
                        columns={[
                          {
                            title: t('mediation.fields.role'),
                            dataIndex: 'role',
                            width: 100,
                            render: (r: 'applicant') => t(`mediation.partyRole.${r}`),
                          },
                          {
                            title: t('mediation.fields.name'),
                            dataIndex: 'name',
                            render: (n: string, p) => (p.representative ? `${n}（${p.representative}）` : n),
                          },
                          {
                            title: t('mediation.fields.phone'),
                            dataIndex: 'phone',
                            width: 140,
                            render: (v: string | null) => <span className="gz-mono">{v ?? '—'}</span>,
                          },
                          {
                            title: t('mediation.fields.idNumber'),
                            dataIndex: 'idNumber',
                            width: 200,
                            render: (v: string | null) => <span className="gz-mono">{v ?? '—'}</span>,
                          },
                          { title: t('mediation.fields.address'), dataIndex: 'address', ellipsis: true },
                        ]}
                      />
                      <Descriptions column={1} size="small" bordered>
                        <Descriptions.Item label={t('mediation.fields.facts')}>
                          <span style={{ whiteSpace: 'pre-wrap' }}>{c.facts || '—'}</span>
                        </Descriptions.Item>
                        <Descriptions.Item label={t('mediation.fields.issues')}>{c.issues || '—'}</Descriptions.Item>
                      </Descriptions>
                    </Space>
                  ),
                },
                {
                  key: 'sessions',
                  label: `${t('mediation.detail.sessions')} (${c.sessions.length})`,
                  children:
                    c.sessions.length === 0 ? (
                      <Empty description={t('mediation.detail.noSessions')} />
                    ) : (
                      <Timeline
                        items={c.sessions.map((s) => ({
                          children: (
                            <div>
                              <strong>{formatDateTime(s.heldAt).slice(0, 16)}</strong>{' '}
                              {s.place && <Typography.Text type="secondary">· {s.place}</Typography.Text>}
                              <div>
                                {s.attendees.map((a) => (
                                  <Tag key={`${a.name}-${a.side}`}>
                                    {a.name}·{t(`mediation.side.${a.side}`)}
                                  </Tag>
                                ))}
                              </div>
                              <div style={{ whiteSpace: 'pre-wrap', marginTop: 4 }}>{s.notes}</div>
                            </div>
                          ),
                        }))}
                      />
                    ),
                },
                {
                  key: 'agreement',
                  label: t('mediation.detail.agreement'),
                  children: !c.agreement ? (
                    <Empty description={t('mediation.detail.noAgreement')} />
                  ) : (
                    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="agreement">
                      {c.agreement.fullyPerformed && (
                        <Alert type="success" showIcon title={t('mediation.detail.performed')} />
                      )}
                      <ol>
                        {c.agreement.terms.map((term, i) => (
                          <li key={i}>{term}</li>
                        ))}
                      </ol>
                      <Descriptions column={2} size="small" bordered>
                        <Descriptions.Item label={t('mediation.forms.total')}>
                          {formatFen(c.agreement.totalFen)}
                        </Descriptions.Item>
                        <Descriptions.Item label={t('mediation.detail.paidAmount')}>
                          {t('mediation.detail.paid', {
                            paid: formatFen(c.agreement.paidFen),
                            total: formatFen(c.agreement.totalFen),
                          })}
                        </Descriptions.Item>
                        <Descriptions.Item label={t('mediation.detail.performanceMethod')}>
                          {c.agreement.performanceMethod}
                        </Descriptions.Item>
                        <Descriptions.Item label={t('mediation.detail.performanceDeadline')}>
                          {c.agreement.performanceDeadline}
                        </Descriptions.Item>
                        <Descriptions.Item label={t('mediation.detail.signedOn')}>
                          {c.agreement.signedOn}
                        </Descriptions.Item>
                        <Descriptions.Item label={t('mediation.detail.copies')}>{c.agreement.copies}</Descriptions.Item>
                      </Descriptions>
                      {c.agreement.instalments.length > 0 && (
                        <Table<Instalment>
                          size="small"
                          rowKey="seq"
                          pagination={false}
                          dataSource={c.agreement.instalments}
                          columns={[
                            { title: '#', dataIndex: 'seq', width: 50 },
                            { title: t('mediation.detail.dueOn'), dataIndex: 'dueOn', width: 120 },
                            {
                              title: t('mediation.detail.instalmentAmount'),
                              dataIndex: 'amountFen',
                              align: 'right',
                              render: (f: number) => formatFen(f),
                            },
                            {
                              title: t('mediation.detail.paidAmount'),
                              dataIndex: 'paidFen',
                              align: 'right',
                              render: (f: number) => formatFen(f),
                            },
                            {
                              title: t('mediation.detail.paidOn'),
                              dataIndex: 'paidOn',
                              width: 120,
                              render: (d: string | null, i) => (i.paid ? <Tag color="green">{d}</Tag> : '—'),
                            },
                            {
                              title: t('common.actions'),
                              key: 'pay',
                              width: 110,
                              render: (_v, i) =>
                                !i.paid &&
                                allowed.has('pay') && (
                                  <Button
                                    size="small"
                                    onClick={() => setModal({ action: 'pay', instalment: i })}
                                    data-testid={`pay-${i.seq}`}
                                  >
                                    {t('mediation.actions.pay')}
                                  </Button>
                                ),
                            },
                          ]}
                        />
                      )}
                    </Space>
                  ),
                },
                {
                  key: 'followUps',
                  label: t('mediation.detail.followUps'),
                  children:
                    c.followUps.length === 0 ? (
                      <Empty
                        description={
                          c.followUpDueOn
                            ? t('mediation.detail.followUpDue', { date: c.followUpDueOn })
                            : t('mediation.detail.noFollowUps')
                        }
                      />
                    ) : (
                      <Timeline
                        items={c.followUps.map((f) => ({
                          color: f.satisfied ? 'green' : 'red',
                          children: (
                            <div data-testid="follow-up">
                              <strong>{formatDateTime(f.visitedAt).slice(0, 16)}</strong> · {f.visitedBy} ·{' '}
                              <Tag color={f.satisfied ? 'green' : 'red'}>
                                {f.satisfied ? t('mediation.detail.satisfied') : t('mediation.detail.unsatisfied')}
                              </Tag>
                              <div>{f.findings}</div>
                            </div>
                          ),
                        }))}
                      />
                    ),
                },
                ...(c.groupDispute
                  ? [
                      {
                        key: 'claims',
                        label: `${t('mediation.detail.claims')} (${c.claimsSummary.count})`,
                        children: (
                          <Space orientation="vertical" style={{ width: '100%' }}>
                            <Typography.Text strong>
                              {t('mediation.detail.claimTotal', {
                                count: claims.data?.count ?? c.claimsSummary.count,
                                total: formatFen(claims.data?.totalFen ?? c.claimsSummary.totalFen),
                              })}
                            </Typography.Text>
                            <Table<Claim>
                              size="small"
                              rowKey="id"
                              loading={claims.isFetching}
                              dataSource={claims.data?.items ?? []}
                              pagination={{ pageSize: 20, showSizeChanger: false }}
                              columns={[
                                { title: t('mediation.forms.claimant'), dataIndex: 'claimantName', width: 110 },
                                { title: t('mediation.forms.claimAddress'), dataIndex: 'address', width: 120 },
                                {
                                  title: t('mediation.fields.phone'),
                                  dataIndex: 'phone',
                                  width: 130,
                                  render: (v: string | null) => <span className="gz-mono">{v ?? '—'}</span>,
                                },
                                {
                                  title: t('mediation.forms.amount'),
                                  dataIndex: 'amountFen',
                                  align: 'right',
                                  width: 120,
                                  render: (f: number) => formatFen(f),
                                },
                                { title: t('mediation.forms.description'), dataIndex: 'description', ellipsis: true },
                                {
                                  title: t('mediation.detail.visitedBy'),
                                  key: 'v',
                                  width: 160,
                                  render: (_v, x) => `${x.visitedBy} · ${formatDateTime(x.visitedAt).slice(5, 10)}`,
                                },
                              ]}
                            />
                          </Space>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card size="small">
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('mediation.fields.community')}>{c.community.name}</Descriptions.Item>
                <Descriptions.Item label={t('mediation.fields.studio')}>{c.studio?.name ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('mediation.fields.mediator')}>
                  {c.mediator?.name ?? t('mediation.queue.unassigned')}
                </Descriptions.Item>
                <Descriptions.Item label={t('mediation.fields.amountShort')}>
                  {c.amountFen ? formatFen(c.amountFen) : '—'}
                </Descriptions.Item>
                <Descriptions.Item label={t('mediation.fields.people')}>{c.peopleCount}</Descriptions.Item>
                <Descriptions.Item label={t('mediation.fields.acceptedAt')}>
                  {formatDateTime(c.acceptedAt).slice(0, 16)}
                </Descriptions.Item>
                <Descriptions.Item label={t('mediation.fields.dueAt')}>
                  {formatDateTime(c.dueAt).slice(0, 10)}
                  {c.extendedDays > 0 && (
                    <Tag style={{ marginLeft: 6 }}>{t('mediation.detail.extended', { days: c.extendedDays })}</Tag>
                  )}
                </Descriptions.Item>
                {c.followUpDueOn && (
                  <Descriptions.Item label={t('mediation.forms.followUpOn')}>{c.followUpDueOn}</Descriptions.Item>
                )}
              </Descriptions>
            </Card>
            <Card size="small" title={t('mediation.detail.taskForce')}>
              {c.taskForce.length === 0 ? (
                <Typography.Text type="secondary">{t('mediation.detail.noTaskForce')}</Typography.Text>
              ) : (
                c.taskForce.map((m) => (
                  <div key={m.id}>
                    <Tag color="blue">{m.roleName}</Tag> {m.name}{' '}
                    <Typography.Text type="secondary">{m.organisation}</Typography.Text>
                  </div>
                ))
              )}
            </Card>
            <Card size="small" title={t('mediation.detail.timeline')}>
              <Timeline
                items={[...c.timeline].reverse().map((e) => ({
                  children: (
                    <div>
                      <div>
                        <strong>
                          {i18n.exists(`mediation.timeline.${e.action}`)
                            ? t(`mediation.timeline.${e.action as 'open'}`)
                            : e.action}
                        </strong>{' '}
                        · {e.actor}
                      </div>
                      {e.note && <div>{e.note}</div>}
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {formatDateTime(e.at).slice(0, 16)}
                      </Typography.Text>
                    </div>
                  ),
                }))}
              />
            </Card>
          </Space>
        </Col>
      </Row>
      {modal && (
        <CaseActionModal
          c={c}
          action={modal.action}
          instalment={modal.instalment}
          onClose={() => setModal(null)}
          onDone={() => setModal(null)}
        />
      )}
      <Modal
        open={revealed !== null}
        onCancel={() => setRevealed(null)}
        footer={null}
        title={t('mediation.detail.revealTitle')}
        width={640}
      >
        {revealed && (
          <Table
            size="small"
            rowKey={(r) => `${'claimantName' in r ? 'c' : 'p'}${r.id}`}
            pagination={false}
            dataSource={[
              ...revealed.parties.map((p) => ({ id: p.id, name: p.name, idNumber: p.idNumber, phone: p.phone })),
              ...revealed.claims.map((x) => ({
                id: x.id,
                name: x.claimantName,
                idNumber: null,
                phone: x.phone,
                claimantName: x.claimantName,
              })),
            ]}
            columns={[
              { title: t('mediation.fields.name'), dataIndex: 'name' },
              {
                title: t('mediation.fields.idNumber'),
                dataIndex: 'idNumber',
                render: (v: string | null) => <span className="gz-mono">{v ?? '—'}</span>,
              },
              {
                title: t('mediation.fields.phone'),
                dataIndex: 'phone',
                render: (v: string | null) => <span className="gz-mono">{v ?? '—'}</span>,
              },
            ]}
          />
        )}
      </Modal>
    </div>
  );
}
