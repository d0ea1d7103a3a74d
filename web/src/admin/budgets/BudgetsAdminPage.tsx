import { PlusOutlined } from '@ant-design/icons';
import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import {
  budgetsApi,
  budgetsKeys,
  PHASES,
  type Phase,
  type Proposal,
  type Round,
  type RoundSummary,
  yuanText,
} from '../../shared/budgets.ts';
import { formatDateTime } from '../../shared/time.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { type ChartOption, EChart } from '../components/EChart.tsx';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { RoundFormModal } from './RoundFormModal.tsx';

const PHASE_COLORS: Record<Phase, string> = {
  proposing: 'blue',
  reviewing: 'gold',
  voting: 'green',
  closed: 'orange',
  counted: 'default',
};

function ReviewModal({ proposal, onClose, onSaved }: { proposal: Proposal; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ feasible: boolean; note?: string }>();
  const feasible = Form.useWatch('feasible', form);
  const submit = async (v: { feasible: boolean; note?: string }) => {
    try {
      await budgetsApi.review(proposal.id, { feasible: v.feasible, note: v.note?.trim() ?? '' });
      message.success(t('budgets.admin.saved'));
      onSaved();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  return (
    <Modal
      open
      title={`${t('budgets.admin.review')} · ${proposal.title}`}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ feasible: true, note: proposal.reviewNote }}
      >
        <Form.Item name="feasible" label={t('budgets.admin.review')}>
          <Select
            data-testid="review-feasible"
            options={[
              { value: true, label: t('budgets.admin.feasible') },
              { value: false, label: t('budgets.admin.infeasible') },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="note"
          label={t('budgets.admin.reviewNote')}
          rules={[{ required: feasible === false, message: t('budgets.admin.reviewNoteRequired') }, { max: 1000 }]}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function SpendModal({ proposal, onClose, onSaved }: { proposal: Proposal; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ amountYuan: number; spentOn: dayjs.Dayjs; note: string }>();
  const submit = async (v: { amountYuan: number; spentOn: dayjs.Dayjs; note: string }) => {
    try {
      await budgetsApi.spend(proposal.id, {
        amountYuan: v.amountYuan,
        spentOn: v.spentOn.format('YYYY-MM-DD'),
        note: v.note.trim(),
      });
      message.success(t('budgets.admin.saved'));
      onSaved();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  return (
    <Modal open title={`${t('budgets.admin.spend')} · ${proposal.title}`} onOk={() => form.submit()} onCancel={onClose}>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ spentOn: dayjs() }}>
        <Form.Item name="amountYuan" label={t('budgets.admin.spendAmount')} rules={[{ required: true }]}>
          <InputNumber min={0.01} precision={2} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="spentOn" label={t('budgets.admin.spendOn')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label={t('budgets.admin.spendNote')} rules={[{ required: true, max: 500 }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RoundDetail({ id }: { id: number }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [reviewing, setReviewing] = useState<Proposal | null>(null);
  const [spending, setSpending] = useState<Proposal | null>(null);
  const round = useQuery({ queryKey: [...budgetsKeys.all, 'round', id], queryFn: () => budgetsApi.round(id) });
  const refresh = () => void client.invalidateQueries({ queryKey: budgetsKeys.all });
  if (round.isError) return <LoadError error={round.error} onRetry={() => void round.refetch()} />;
  const r: Round | undefined = round.data;
  const money = (v: number) => yuanText(v, i18n.language);
  const count = async () => {
    try {
      await budgetsApi.count(id);
      refresh();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  const chart: ChartOption | null =
    r && r.phase === 'counted' && r.items.length > 0
      ? {
          tooltip: {},
          grid: { left: 160, right: 24, top: 8, bottom: 24 },
          xAxis: { type: 'value', minInterval: 1 },
          yAxis: { type: 'category', inverse: true, data: r.items.map((p) => p.title) },
          series: [
            {
              type: 'bar',
              barMaxWidth: 24,
              data: r.items.map((p) => ({
                value: p.votes ?? 0,
                itemStyle: { color: p.funded ? '#389e0d' : '#bfbfbf' },
              })),
            },
          ],
        }
      : null;
  const canReview = r?.mayManage && (r.phase === 'proposing' || r.phase === 'reviewing');
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        loading={round.isPending}
        title={
          r && (
            <Space>
              {r.title}
              <Tag color={PHASE_COLORS[r.phase]}>{t(`budgets.phases.${r.phase}`)}</Tag>
            </Space>
          )
        }
        extra={
          <Space>
            <Button onClick={() => navigate('/budgets')}>{t('budgets.admin.back')}</Button>
            {r?.mayManage && r.phase === 'closed' && (
              <Popconfirm title={t('budgets.admin.countConfirm')} onConfirm={() => void count()}>
                <Button type="primary" data-testid="round-count">
                  {t('budgets.admin.count')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        }
      >
        {r && (
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('budgets.admin.community')}>{r.community.name}</Descriptions.Item>
            <Descriptions.Item label={t('budgets.admin.kind')}>{t(`budgets.kinds.${r.kind}`)}</Descriptions.Item>
            <Descriptions.Item label={t('budgets.budget')}>{money(r.budgetYuan)}</Descriptions.Item>
            <Descriptions.Item label={t('budgets.proposalsClose')}>
              {formatDateTime(r.proposalsCloseAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('budgets.votingOpens')}>{formatDateTime(r.votingOpensAt)}</Descriptions.Item>
            <Descriptions.Item label={t('budgets.votingCloses')}>{formatDateTime(r.votingClosesAt)}</Descriptions.Item>
            <Descriptions.Item label={t('budgets.ballots')}>{r.ballots}</Descriptions.Item>
            {r.result && (
              <Descriptions.Item label={t('budgets.funded')} span={2}>
                <span data-testid="round-result">
                  {t('budgets.result', {
                    count: r.items.filter((p) => p.funded).length,
                    spent: money(r.result.spentYuan),
                    left: money(r.result.leftYuan),
                  })}
                </span>
              </Descriptions.Item>
            )}
          </Descriptions>
        )}
      </Card>
      {chart && (
        <Card size="small" title={t('budgets.admin.votesChart')}>
          <EChart
            option={chart}
            height={Math.max(160, 40 * (r?.items.length ?? 0))}
            ariaLabel={t('budgets.admin.votesChart')}
          />
        </Card>
      )}
      <Card size="small" title={t('budgets.proposals')}>
        <Table<Proposal>
          rowKey="id"
          size="small"
          scroll={{ x: 900 }}
          pagination={false}
          dataSource={r?.items ?? []}
          locale={{ emptyText: t('budgets.noProposals') }}
          columns={[
            { title: t('budgets.proposalTitle'), dataIndex: 'title' },
            { title: t('budgets.cost'), align: 'right', render: (_, p) => money(p.costYuan) },
            { title: t('budgets.proposer'), dataIndex: 'proposerName' },
            {
              title: t('budgets.admin.review'),
              render: (_, p) => (
                <Space direction="vertical" size={0}>
                  <Tag color={p.review === 'feasible' ? 'green' : p.review === 'infeasible' ? 'red' : 'default'}>
                    {t(`budgets.reviews.${p.review}`)}
                  </Tag>
                  {p.reviewNote && <span style={{ fontSize: 12, color: '#888' }}>{p.reviewNote}</span>}
                </Space>
              ),
            },
            { title: t('budgets.votes'), align: 'right', render: (_, p) => p.votes ?? '—' },
            {
              title: t('budgets.funded'),
              render: (_, p) =>
                p.funded === null ? (
                  '—'
                ) : p.funded ? (
                  <Tag color="green">{t('budgets.funded')}</Tag>
                ) : (
                  t('budgets.notFunded')
                ),
            },
            { title: t('budgets.spent'), align: 'right', render: (_, p) => (p.funded ? money(p.spentYuan) : '—') },
            {
              title: '',
              render: (_, p) => (
                <Space>
                  {canReview && (
                    <Button size="small" onClick={() => setReviewing(p)} data-testid={`review-${p.id}`}>
                      {t('budgets.admin.review')}
                    </Button>
                  )}
                  {r?.mayManage && p.funded && (
                    <Button size="small" onClick={() => setSpending(p)}>
                      {t('budgets.admin.spend')}
                    </Button>
                  )}
                  {p.decisionId && <Link to="/deliberation/decisions">{t('budgets.admin.decision')}</Link>}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {reviewing && (
        <ReviewModal
          proposal={reviewing}
          onClose={() => setReviewing(null)}
          onSaved={() => {
            setReviewing(null);
            refresh();
          }}
        />
      )}
      {spending && (
        <SpendModal
          proposal={spending}
          onClose={() => setSpending(null)}
          onSaved={() => {
            setSpending(null);
            refresh();
          }}
        />
      )}
    </Space>
  );
}

function RoundList() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [phase, setPhase] = useState<Phase | undefined>();
  const [creating, setCreating] = useState(false);
  return (
    <Card
      title={
        <Select
          allowClear
          placeholder={t('budgets.admin.times')}
          value={phase}
          onChange={setPhase}
          style={{ width: 140 }}
          options={PHASES.map((p) => ({ value: p, label: t(`budgets.phases.${p}`) }))}
        />
      }
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="round-new">
          {t('budgets.admin.newRound')}
        </Button>
      }
    >
      <CursorTable
        rowKey="id"
        scroll={{ x: 900 }}
        pageQuery={(page) =>
          queryOptions({
            queryKey: [...budgetsKeys.all, 'rounds', { phase, ...page }] as const,
            queryFn: () => budgetsApi.rounds({ phase, ...page }),
          })
        }
        locale={{ emptyText: t('budgets.empty') }}
        onRow={(r: RoundSummary) => ({ onClick: () => navigate(`/budgets/${r.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('budgets.admin.roundTitle'), dataIndex: 'title' },
          { title: t('budgets.admin.kind'), render: (_: unknown, r: RoundSummary) => t(`budgets.kinds.${r.kind}`) },
          { title: t('budgets.admin.community'), render: (_: unknown, r: RoundSummary) => r.community.name },
          {
            title: t('budgets.budget'),
            align: 'right',
            render: (_: unknown, r: RoundSummary) => yuanText(r.budgetYuan, i18n.language),
          },
          {
            title: t('budgets.admin.times'),
            render: (_: unknown, r: RoundSummary) => (
              <Tag color={PHASE_COLORS[r.phase]}>{t(`budgets.phases.${r.phase}`)}</Tag>
            ),
          },
          { title: t('budgets.proposals'), dataIndex: 'proposals', align: 'right' },
          { title: t('budgets.ballots'), dataIndex: 'ballots', align: 'right' },
          {
            title: t('budgets.votingCloses'),
            render: (_: unknown, r: RoundSummary) => formatDateTime(r.votingClosesAt),
          },
        ]}
      />
      {creating && (
        <RoundFormModal
          onClose={() => setCreating(false)}
          onSaved={(id) => {
            setCreating(false);
            void client.invalidateQueries({ queryKey: budgetsKeys.all });
            navigate(`/budgets/${id}`);
          }}
        />
      )}
    </Card>
  );
}

/** 微实事 / 微创投: the community's participatory budgets, from proposals to funded and followed-through projects. */
export default function BudgetsAdminPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  return (
    <div>
      <PageHeader title={t('nav.budgets')} description={t('budgets.admin.description')} />
      {id ? <RoundDetail id={Number(id)} /> : <RoundList />}
    </div>
  );
}
