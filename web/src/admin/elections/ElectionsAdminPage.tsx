import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import {
  type Candidate,
  ELECTION_PHASES,
  type Election,
  type ElectionPhase,
  type ElectionResult,
  type ElectionSummary,
  electionsApi,
  electionsKeys,
  percent,
} from '../../shared/elections.ts';
import { formatDateTime } from '../../shared/time.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { type ChartOption, EChart } from '../components/EChart.tsx';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ElectionFormModal } from './ElectionFormModal.tsx';

const PHASE_COLORS: Record<ElectionPhase, string> = {
  upcoming: 'default',
  nominating: 'blue',
  reviewing: 'gold',
  voting: 'green',
  closed: 'orange',
  counted: 'default',
};

/** Owner households of the election, searched by name or room, for nominating and paper ballots. */
function useOwners(id: number, q: string) {
  return useQuery({
    queryKey: [...electionsKeys.all, 'owners', id, q],
    queryFn: () => electionsApi.owners(id, { q: q || undefined, limit: 50 }),
  });
}

function NominateModal({ e, onClose, onSaved }: { e: Election; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const owners = useOwners(e.id, q);
  const [form] = Form.useForm<{ personId: number; statement: string }>();
  const submit = async (v: { personId: number; statement: string }) => {
    try {
      await electionsApi.nominate(e.id, { personId: v.personId, statement: v.statement.trim() });
      message.success(t('elections.admin.saved'));
      onSaved();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  return (
    <Modal open title={t('elections.admin.nominate')} onOk={() => form.submit()} onCancel={onClose}>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="personId" label={t('elections.admin.nominee')} rules={[{ required: true }]}>
          <Select
            showSearch
            filterOption={false}
            onSearch={setQ}
            loading={owners.isFetching}
            placeholder={t('elections.admin.nomineeSearch')}
            data-testid="nominee"
            options={(owners.data?.items ?? []).flatMap((h) =>
              h.owners.map((o) => ({ value: o.personId, label: `${h.address} · ${o.name}` })),
            )}
          />
        </Form.Item>
        <Form.Item name="statement" label={t('elections.statement')} rules={[{ required: true, max: 2000 }]}>
          <Input.TextArea rows={4} data-testid="nominee-statement" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RejectModal({ c, onClose, onSaved }: { c: Candidate; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note: string }>();
  const submit = async (v: { note: string }) => {
    try {
      await electionsApi.review(c.id, { approve: false, note: v.note.trim() });
      onSaved();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  return (
    <Modal open title={`${t('elections.admin.reject')} · ${c.name}`} onOk={() => form.submit()} onCancel={onClose}>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="note" label={t('elections.admin.rejectReason')} rules={[{ required: true, max: 1000 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function PaperBallotModal({ e, onClose, onSaved }: { e: Election; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const owners = useOwners(e.id, q);
  const [form] = Form.useForm<{ householdId: number; candidateIds: number[] }>();
  const approved = e.items.filter((c) => c.status === 'approved');
  const submit = async (v: { householdId: number; candidateIds?: number[] }) => {
    try {
      await electionsApi.paper(e.id, v.householdId, v.candidateIds ?? []);
      message.success(t('elections.admin.paperSaved'));
      onSaved();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  return (
    <Modal open title={t('elections.admin.paperBallot')} onOk={() => form.submit()} onCancel={onClose}>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="householdId" label={t('elections.admin.household')} rules={[{ required: true }]}>
          <Select
            showSearch
            filterOption={false}
            onSearch={setQ}
            loading={owners.isFetching}
            placeholder={t('elections.admin.nomineeSearch')}
            data-testid="paper-household"
            options={(owners.data?.items ?? []).map((h) => ({
              value: h.householdId,
              disabled: h.voted,
              label: `${h.address} · ${h.owners.map((o) => o.name).join('、')} · ${
                h.voted ? t('elections.admin.voted') : t('elections.admin.notVoted')
              }`,
            }))}
          />
        </Form.Item>
        <Form.Item
          name="candidateIds"
          label={t('elections.chooseUpTo', { n: e.seats })}
          rules={[
            {
              validator: (_, v?: number[]) =>
                (v?.length ?? 0) > e.seats
                  ? Promise.reject(new Error(t('elections.overLimit', { n: e.seats })))
                  : Promise.resolve(),
            },
          ]}
        >
          <Checkbox.Group options={approved.map((c) => ({ value: c.id, label: c.name }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function LotModal({ e, onClose, onSaved }: { e: Election; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const tie = e.result!.tie!;
  const name = new Map(e.result!.candidates.map((c) => [c.candidateId, c.name]));
  const [form] = Form.useForm<{ winnerIds: number[]; note: string }>();
  const submit = async (v: { winnerIds: number[]; note: string }) => {
    try {
      await electionsApi.lot(e.id, v.winnerIds, v.note.trim());
      message.success(t('elections.admin.lotRecorded'));
      onSaved();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  return (
    <Modal open title={t('elections.admin.lot')} onOk={() => form.submit()} onCancel={onClose}>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="winnerIds"
          label={`${t('elections.admin.lotWinners')} (${tie.seats})`}
          rules={[{ required: true, type: 'array', len: tie.seats }]}
        >
          <Checkbox.Group options={tie.candidateIds.map((id) => ({ value: id, label: name.get(id) ?? id }))} />
        </Form.Item>
        <Form.Item name="note" label={t('elections.admin.lotNote')} rules={[{ required: true, max: 1000 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function csvOf(e: Election, r: ElectionResult): string {
  const elected = new Set(r.elected.map((x) => x.candidateId));
  const rows = [
    ['候选人', '得票户数', '户数占比', '得票面积(㎡)', '面积占比', '过半数', '当选'],
    ...r.candidates.map((c) => [
      c.name,
      String(c.ballots),
      percent(c.byCount),
      String(c.areaM2),
      percent(c.byArea),
      c.eligible ? '是' : '否',
      elected.has(c.candidateId) ? '是' : '否',
    ]),
  ];
  const cell = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  return `\uFEFF${e.title}\n${rows.map((row) => row.map(cell).join(',')).join('\n')}\n`;
}

function ResultCard({ e, onLot }: { e: Election; onLot: () => void }) {
  const { t } = useTranslation();
  const r = e.result!;
  const names = (ids: readonly number[]) =>
    ids.map((id) => r.candidates.find((c) => c.candidateId === id)?.name ?? id).join('、');
  const elected = new Set(r.elected.map((x) => x.candidateId));
  const chart: ChartOption = {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, data: [t('elections.admin.chartByCount'), t('elections.admin.chartByArea')] },
    grid: { left: 100, right: 60, top: 48, bottom: 72 },
    xAxis: [
      {
        type: 'value',
        minInterval: 1,
        max: r.ballots || undefined,
        name: t('elections.admin.chartByCount'),
        nameLocation: 'middle',
        nameGap: 28,
      },
      {
        type: 'value',
        position: 'top',
        max: r.ballotsAreaM2 || undefined,
        name: t('elections.admin.chartByArea'),
        nameLocation: 'middle',
        nameGap: 24,
      },
    ],
    yAxis: { type: 'category', inverse: true, data: r.candidates.map((c) => c.name) },
    series: [
      {
        name: t('elections.admin.chartByCount'),
        type: 'bar',
        xAxisIndex: 0,
        barMaxWidth: 16,
        label: { show: true, position: 'right' },
        itemStyle: { color: '#c8161d' },
        data: r.candidates.map((c) => c.ballots),
      },
      {
        name: t('elections.admin.chartByArea'),
        type: 'bar',
        xAxisIndex: 1,
        barMaxWidth: 16,
        label: { show: true, position: 'right' },
        itemStyle: { color: '#fa8c16' },
        data: r.candidates.map((c) => c.areaM2),
      },
    ],
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([csvOf(e, r)], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${e.title}.csv`;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <Card
      size="small"
      title={t('elections.result')}
      extra={
        <Button size="small" icon={<DownloadOutlined />} onClick={download}>
          {t('elections.admin.export')}
        </Button>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <div data-testid="election-quorum">
          {t('elections.quorum', { count: percent(r.participationByCount), area: percent(r.participationByArea) })}
          {' · '}
          {r.quorumMet ? t('elections.quorumMet') : t('elections.quorumNotMet')}
        </div>
        {r.quorumMet && (
          <Alert
            type={r.elected.length ? 'success' : 'warning'}
            data-testid="election-elected"
            message={t('elections.electedList', { names: names(r.elected.map((x) => x.candidateId)) || '—' })}
            description={
              (r.vacantSeats > 0 || r.pendingSeats > 0 || r.tie || r.lotNote) && (
                <Space direction="vertical" size={0}>
                  {r.vacantSeats > 0 && <span>{t('elections.vacant', { n: r.vacantSeats })}</span>}
                  {r.pendingSeats > 0 && <span>{t('elections.pendingSeats', { n: r.pendingSeats })}</span>}
                  {r.tie && (
                    <span>
                      {t('elections.admin.tie', {
                        names: names(r.tie.candidateIds),
                        seats: r.tie.seats,
                        rule: t(`elections.tieRules.${r.tie.rule}`),
                      })}
                    </span>
                  )}
                  {r.tie?.rule === 'runoff' && !r.tie.resolved && <span>{t('elections.admin.runoff')}</span>}
                  {r.lotNote && <span>{t('elections.admin.lotNoteShown', { note: r.lotNote })}</span>}
                </Space>
              )
            }
            action={
              e.mayManage &&
              e.phase === 'counted' &&
              r.tie?.rule === 'lot' &&
              !r.tie.resolved && (
                <Button type="primary" onClick={onLot} data-testid="election-lot">
                  {t('elections.admin.lot')}
                </Button>
              )
            }
          />
        )}
        {r.candidates.length > 0 && (
          <EChart
            option={chart}
            height={Math.max(200, 48 * r.candidates.length + 80)}
            ariaLabel={t('elections.admin.chartTitle')}
          />
        )}
        <Table
          rowKey="candidateId"
          size="small"
          pagination={false}
          dataSource={r.candidates}
          columns={[
            { title: t('elections.admin.rank'), dataIndex: 'rank', width: 60 },
            { title: t('elections.candidates'), dataIndex: 'name' },
            { title: t('elections.admin.chartByCount'), dataIndex: 'ballots', align: 'right' },
            { title: t('elections.admin.shareByCount'), align: 'right', render: (_, c) => percent(c.byCount) },
            { title: t('elections.admin.chartByArea'), dataIndex: 'areaM2', align: 'right' },
            { title: t('elections.admin.shareByArea'), align: 'right', render: (_, c) => percent(c.byArea) },
            {
              title: t('elections.admin.eligible'),
              render: (_, c) => (c.eligible ? <Tag color="green">✓</Tag> : '—'),
            },
            {
              title: '',
              render: (_, c) =>
                elected.has(c.candidateId) ? (
                  <Tag color="red">{t('elections.elected')}</Tag>
                ) : r.tie?.pendingCandidateIds.includes(c.candidateId) ? (
                  <Tag color="gold">{t('elections.pending')}</Tag>
                ) : null,
            },
          ]}
        />
        <Table
          rowKey={(b) => String(b.buildingId)}
          size="small"
          pagination={false}
          title={() => t('elections.admin.byBuilding')}
          dataSource={r.byBuilding}
          scroll={{ x: 600 }}
          columns={[
            { title: t('elections.admin.building'), render: (_, b) => b.name || '—' },
            {
              title: t('elections.admin.turnout'),
              render: (_, b) => `${b.ballots} / ${b.households} · ${b.ballotsAreaM2} / ${b.areaM2} ㎡`,
            },
            ...r.candidates.map((c) => ({
              title: c.name,
              align: 'right' as const,
              render: (_: unknown, b: ElectionResult['byBuilding'][number]) => {
                const x = b.candidates.find((y) => y.candidateId === c.candidateId);
                return x ? `${x.ballots} · ${x.areaM2} ㎡` : '—';
              },
            })),
          ]}
        />
      </Space>
    </Card>
  );
}

function ElectionDetail({ id }: { id: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [modal, setModal] = useState<'nominate' | 'paper' | 'lot' | null>(null);
  const [rejecting, setRejecting] = useState<Candidate | null>(null);
  const query = useQuery({ queryKey: [...electionsKeys.all, 'election', id], queryFn: () => electionsApi.get(id) });
  const refresh = () => void client.invalidateQueries({ queryKey: electionsKeys.all });
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const e = query.data;
  const act = async (f: () => Promise<unknown>) => {
    try {
      await f();
      refresh();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  const reviewing = e?.mayManage && (e.phase === 'nominating' || e.phase === 'reviewing');
  const close = () => {
    setModal(null);
    refresh();
  };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        loading={query.isPending}
        title={
          e && (
            <Space>
              {e.title}
              <Tag color={PHASE_COLORS[e.phase]} data-testid="election-phase">
                {t(`elections.phases.${e.phase}`)}
              </Tag>
            </Space>
          )
        }
        extra={
          <Space wrap>
            <Button onClick={() => navigate('/elections')}>{t('elections.admin.back')}</Button>
            {reviewing && (
              <Button onClick={() => setModal('nominate')} data-testid="election-nominate">
                {t('elections.admin.nominate')}
              </Button>
            )}
            {e?.mayManage && (e.phase === 'voting' || e.phase === 'closed') && (
              <Button onClick={() => setModal('paper')} data-testid="election-paper">
                {t('elections.admin.paperBallot')}
              </Button>
            )}
            {e?.mayManage && e.phase === 'closed' && (
              <Popconfirm
                title={t('elections.admin.countConfirm')}
                onConfirm={() => void act(() => electionsApi.count(id))}
              >
                <Button type="primary" data-testid="election-count">
                  {t('elections.admin.count')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        }
      >
        {e && (
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('elections.admin.community')}>{e.community.name}</Descriptions.Item>
            <Descriptions.Item label={t('elections.seats')}>
              {t('elections.seatsValue', { n: e.seats })}
            </Descriptions.Item>
            <Descriptions.Item label={t('elections.admin.tieRule')}>
              {t(`elections.tieRules.${e.tieRule}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('elections.nominations')}>
              {formatDateTime(e.nominationsOpenAt)} – {formatDateTime(e.nominationsCloseAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('elections.voting')}>
              {formatDateTime(e.votingOpensAt)} – {formatDateTime(e.votingClosesAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('elections.electors')}>
              {e.electors} · {t('elections.areaM2', { n: e.totalAreaM2 })}
            </Descriptions.Item>
            <Descriptions.Item label={t('elections.ballots')}>
              <span data-testid="election-ballots">{e.ballots}</span>
            </Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      <Card size="small" title={t('elections.candidates')}>
        <Table<Candidate>
          rowKey="id"
          size="small"
          scroll={{ x: 800 }}
          pagination={false}
          dataSource={e?.items ?? []}
          locale={{ emptyText: t('elections.noCandidates') }}
          columns={[
            { title: t('elections.candidates'), dataIndex: 'name', width: 120 },
            {
              title: t('elections.statement'),
              dataIndex: 'statement',
              render: (s: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{s}</span>,
            },
            { title: '', width: 120, render: (_, c) => t(`elections.nominatedBy.${c.nominatedBy}`) },
            {
              title: '',
              width: 160,
              render: (_, c) => (
                <Space direction="vertical" size={0}>
                  <Tag color={c.status === 'approved' ? 'green' : c.status === 'rejected' ? 'red' : 'default'}>
                    {t(`elections.statuses.${c.status}`)}
                  </Tag>
                  {c.reviewNote && <span style={{ fontSize: 12, color: '#888' }}>{c.reviewNote}</span>}
                </Space>
              ),
            },
            {
              title: '',
              width: 200,
              render: (_, c) =>
                reviewing && (
                  <Space>
                    {c.status !== 'approved' && (
                      <Button
                        size="small"
                        data-testid={`approve-${c.id}`}
                        onClick={() => void act(() => electionsApi.review(c.id, { approve: true, note: '' }))}
                      >
                        {t('elections.admin.approve')}
                      </Button>
                    )}
                    {c.status !== 'rejected' && (
                      <Button size="small" danger onClick={() => setRejecting(c)}>
                        {t('elections.admin.reject')}
                      </Button>
                    )}
                  </Space>
                ),
            },
          ]}
        />
      </Card>
      {e?.result && <ResultCard e={e} onLot={() => setModal('lot')} />}
      {e && modal === 'nominate' && <NominateModal e={e} onClose={() => setModal(null)} onSaved={close} />}
      {e && modal === 'paper' && <PaperBallotModal e={e} onClose={() => setModal(null)} onSaved={close} />}
      {e && modal === 'lot' && <LotModal e={e} onClose={() => setModal(null)} onSaved={close} />}
      {rejecting && (
        <RejectModal
          c={rejecting}
          onClose={() => setRejecting(null)}
          onSaved={() => {
            setRejecting(null);
            refresh();
          }}
        />
      )}
    </Space>
  );
}

function ElectionList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [phase, setPhase] = useState<ElectionPhase | undefined>();
  const [creating, setCreating] = useState(false);
  return (
    <Card
      title={
        <Select
          allowClear
          placeholder={t('elections.admin.phase')}
          value={phase}
          onChange={setPhase}
          style={{ width: 140 }}
          options={ELECTION_PHASES.map((p) => ({ value: p, label: t(`elections.phases.${p}`) }))}
        />
      }
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="election-new">
          {t('elections.admin.newElection')}
        </Button>
      }
    >
      <CursorTable
        rowKey="id"
        scroll={{ x: 900 }}
        pageQuery={(page) =>
          queryOptions({
            queryKey: [...electionsKeys.all, 'list', { phase, ...page }] as const,
            queryFn: () => electionsApi.list({ phase, ...page }),
          })
        }
        locale={{ emptyText: t('elections.empty') }}
        onRow={(r: ElectionSummary) => ({
          onClick: () => navigate(`/elections/${r.id}`),
          style: { cursor: 'pointer' },
        })}
        columns={[
          { title: t('elections.admin.electionTitle'), dataIndex: 'title' },
          { title: t('elections.admin.community'), render: (_: unknown, r: ElectionSummary) => r.community.name },
          { title: t('elections.seats'), dataIndex: 'seats', align: 'right' },
          {
            title: t('elections.admin.phase'),
            render: (_: unknown, r: ElectionSummary) => (
              <Tag color={PHASE_COLORS[r.phase]}>{t(`elections.phases.${r.phase}`)}</Tag>
            ),
          },
          { title: t('elections.candidates'), dataIndex: 'candidates', align: 'right' },
          {
            title: t('elections.ballots'),
            align: 'right',
            render: (_: unknown, r: ElectionSummary) => `${r.ballots} / ${r.electors}`,
          },
          {
            title: t('elections.admin.votingCloses'),
            render: (_: unknown, r: ElectionSummary) => formatDateTime(r.votingClosesAt),
          },
        ]}
      />
      {creating && (
        <ElectionFormModal
          onClose={() => setCreating(false)}
          onSaved={(id) => {
            setCreating(false);
            void client.invalidateQueries({ queryKey: electionsKeys.all });
            navigate(`/elections/${id}`);
          }}
        />
      )}
    </Card>
  );
}

/** 业委会选举: owners' committee elections, from nominations to the published result. */
export default function ElectionsAdminPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  return (
    <div>
      <PageHeader title={t('nav.elections')} description={t('elections.admin.description')} />
      {id ? <ElectionDetail id={Number(id)} /> : <ElectionList />}
    </div>
  );
}
