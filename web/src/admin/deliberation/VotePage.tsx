import { ArrowLeftOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Progress, Result, Row, Space, Table, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import { BALLOT_CHANNELS, percent, VOTE_PHASE_COLORS, type VoteView } from '../../shared/deliberation.ts';
import { deliberationCalls, deliberationKeys, deliberationQueries } from '../../shared/query/deliberation.ts';
import { formatDateTime } from '../../shared/time.ts';
import { EChart, type ChartOption } from '../components/EChart.tsx';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { Art278Panel } from './Art278Panel.tsx';
import { ColorTag } from '../components/ColorTag.tsx';
import { NonVotersCard } from './NonVotersCard.tsx';
import { CommentsPanel } from './CommentsPanel.tsx';
import { BallotEntriesCard } from './BallotEntriesCard.tsx';

const CHANNEL_COLORS = { online: '#1f5fbf', paper: '#d46b08', proxy: '#722ed1' } as const;

/** The count by channel: per option the ballots (and area, for owners) online, on paper and by proxy, with totals. */
function ChannelTable({ vote }: { vote: VoteView }) {
  const { t } = useTranslation();
  const result = vote.result!;
  const owners = vote.electorate === 'owners';
  const cell = (c: { ballots: number; areaM2: number }) =>
    owners ? t('voteChannels.ballotsArea', { ballots: c.ballots, area: c.areaM2.toFixed(2) }) : String(c.ballots);
  const rows = [
    ...result.tallies.map((x) => ({ key: x.key, label: x.label, by: x.byChannel!, total: x })),
    {
      key: '__total',
      label: t('voteChannels.total'),
      by: result.channels!,
      total: {
        ballots: BALLOT_CHANNELS.reduce((a, c) => a + result.channels![c].ballots, 0),
        areaM2: BALLOT_CHANNELS.reduce((a, c) => a + result.channels![c].areaM2, 0),
      },
    },
  ];
  return (
    <Table
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={rows}
      data-testid="channel-table"
      style={{ margin: '12px 0' }}
      rowClassName={(r) => (r.key === '__total' ? 'gz-total-row' : '')}
      columns={[
        {
          title: t('voteChannels.choice'),
          dataIndex: 'label',
          render: (l: string, r) => (r.key === '__total' ? <strong>{l}</strong> : l),
        },
        ...BALLOT_CHANNELS.map((c) => ({
          title: t(`voteChannels.channel.${c}`),
          key: c,
          render: (_v: unknown, r: (typeof rows)[number]) => cell(r.by[c]),
        })),
        {
          title: t('voteChannels.total'),
          key: 'total',
          render: (_v: unknown, r: (typeof rows)[number]) => <strong>{cell(r.total)}</strong>,
        },
      ]}
    />
  );
}

/** A vote: its terms and turnout; once closed, count and publish; the result with the art. 278 reckoning. */
export default function VotePage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const queryClient = useQueryClient();
  const loaded = useQuery(deliberationQueries.vote(id));
  const v = loaded.data;
  const [busy, setBusy] = useState(false);

  const act = async (path: 'count' | 'cancel', done: string) => {
    setBusy(true);
    try {
      queryClient.setQueryData(deliberationKeys.vote(id), await deliberationCalls.voteAction(id, path));
      void queryClient.invalidateQueries({ queryKey: deliberationKeys.all });
      message.success(done);
    } catch (error) {
      message.error(errorMessage(error));
      void queryClient.invalidateQueries({ queryKey: deliberationKeys.all });
    } finally {
      setBusy(false);
    }
  };

  const chart = useMemo<ChartOption | null>(() => {
    if (!v?.result) return null;
    const owners = v.electorate === 'owners';
    const split = v.result.tallies.every((x) => x.byChannel);
    if (split)
      // Ballots per option, stacked by channel (online, paper, proxy).
      return {
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 48, right: 24, top: 36, bottom: 28 },
        xAxis: { type: 'category', data: v.result.tallies.map((x) => x.label) },
        yAxis: [{ type: 'value', name: t('deliberation.admin.ballots'), minInterval: 1 }],
        series: BALLOT_CHANNELS.map((c) => ({
          name: t(`voteChannels.channel.${c}`),
          type: 'bar' as const,
          stack: 'ballots',
          data: v.result!.tallies.map((x) => x.byChannel![c].ballots),
          itemStyle: { color: CHANNEL_COLORS[c] },
          label: {
            show: true,
            position: 'inside' as const,
            formatter: (p: { value: unknown }) => (p.value ? String(p.value) : ''),
          },
        })),
      };
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: owners ? 64 : 24, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: v.result.tallies.map((x) => x.label) },
      yAxis: owners
        ? [
            { type: 'value', name: t('deliberation.art278.households'), minInterval: 1 },
            { type: 'value', name: 'm²' },
          ]
        : [{ type: 'value', minInterval: 1 }],
      series: [
        {
          name: t('deliberation.admin.ballots'),
          type: 'bar',
          data: v.result.tallies.map((x) => x.ballots),
          itemStyle: { color: '#1f5fbf' },
          label: { show: true, position: 'top' },
        },
        ...(owners
          ? [
              {
                name: 'm²',
                type: 'bar' as const,
                yAxisIndex: 1,
                data: v.result.tallies.map((x) => x.areaM2),
                itemStyle: { color: '#d46b08' },
              },
            ]
          : []),
      ],
    };
  }, [v, t]);

  if (!v)
    return (
      <div className="gz-page">
        {loaded.error ? <LoadError error={loaded.error} onRetry={() => void loaded.refetch()} /> : <Card loading />}
      </div>
    );

  return (
    <div className="gz-page">
      <PageHeader
        title={
          <Space>
            <Button
              type="text"
              icon={<ArrowLeftOutlined />}
              onClick={() => navigate('/deliberation/votes')}
              aria-label={t('common.back')}
            />
            {v.title}
            <ColorTag color={VOTE_PHASE_COLORS[v.phase]} testId="vote-phase">
              {t(`deliberation.votePhase.${v.phase}`)}
            </ColorTag>
          </Space>
        }
        extra={
          v.canManage && (
            <Space>
              {v.phase === 'closed' && (
                <Button
                  type="primary"
                  loading={busy}
                  onClick={() => void act('count', t('deliberation.admin.counted'))}
                  data-testid="count-vote"
                >
                  {t('deliberation.admin.count')}
                </Button>
              )}
              {(v.phase === 'notice' || v.phase === 'open') && (
                <Button
                  danger
                  onClick={() =>
                    modal.confirm({
                      title: t('deliberation.admin.cancelVote'),
                      content: t('deliberation.admin.cancelVoteConfirm'),
                      onOk: () => act('cancel', t('deliberation.admin.cancelVote')),
                    })
                  }
                >
                  {t('deliberation.admin.cancelVote')}
                </Button>
              )}
              <Button onClick={() => void loaded.refetch()}>{t('common.refresh')}</Button>
            </Space>
          )
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={9}>
          <Card>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', fontSize: 15 }}>{v.question}</Typography.Paragraph>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('deliberation.fields.electorate')}>
                <Tag>{t(`deliberation.rule.${v.rule}`)}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('deliberation.fields.scope')}>
                {t(`deliberation.scope.${v.scopeKind}`)}
              </Descriptions.Item>
              <Descriptions.Item label={t('deliberation.fields.ballotUnit')}>
                {t(`deliberation.ballotUnit.${v.ballotUnit}`)}
              </Descriptions.Item>
              <Descriptions.Item label={t('deliberation.fields.noticeAt')}>
                {formatDateTime(v.noticeAt).slice(0, 16)}
              </Descriptions.Item>
              <Descriptions.Item label={t('deliberation.fields.opensAt')}>
                {formatDateTime(v.opensAt).slice(0, 16)}
              </Descriptions.Item>
              <Descriptions.Item label={t('deliberation.fields.closesAt')}>
                {formatDateTime(v.closesAt).slice(0, 16)}
              </Descriptions.Item>
              <Descriptions.Item label={t('deliberation.fields.allowChange')}>
                {v.allowChange ? t('common.yes') : t('common.no')}
              </Descriptions.Item>
              <Descriptions.Item label={t('voteChannels.secondBallot.label')}>
                <span data-testid="second-ballot">{t(`voteChannels.secondBallot.short.${v.secondBallot}`)}</span>
              </Descriptions.Item>
              {v.electorate === 'owners' && (
                <Descriptions.Item label={t('deliberation.admin.totalArea')}>
                  {v.totalAreaM2.toFixed(2)} m²
                </Descriptions.Item>
              )}
              {v.topicId && (
                <Descriptions.Item label={t('deliberation.fields.topics')}>
                  <Link to={`/deliberation/topics?open=${v.topicId}`}>#{v.topicId}</Link>
                </Descriptions.Item>
              )}
            </Descriptions>
            <div style={{ marginTop: 12 }}>
              <Typography.Text strong>
                {t('deliberation.turnoutOf', { count: v.ballots, voters: v.voters })}
              </Typography.Text>
              <Progress
                percent={v.voters ? Math.round((v.ballots / v.voters) * 1000) / 10 : 0}
                format={() => percent(v.turnout)}
                data-testid="turnout"
              />
              <Typography.Text type="secondary" data-testid="ballots-by-channel">
                {t('voteChannels.soFar', v.ballotsByChannel)}
              </Typography.Text>
            </div>
          </Card>
        </Col>
        <Col xs={24} xl={15}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('deliberation.result')} data-testid="vote-result">
              {!v.result ? (
                <Result
                  status="info"
                  title={t(`deliberation.votePhase.${v.phase}`)}
                  subTitle={
                    v.phase === 'closed'
                      ? t('deliberation.h5.closedCounting')
                      : t('deliberation.openWindow', {
                          from: formatDateTime(v.opensAt).slice(0, 16),
                          to: formatDateTime(v.closesAt).slice(0, 16),
                        })
                  }
                />
              ) : (
                <>
                  {v.result.reckoning.rule === 'plurality' ? (
                    <div
                      className={`gz-verdict ${v.result.reckoning.winner ? 'gz-verdict-passed' : 'gz-verdict-failed'}`}
                    >
                      <span>
                        {v.result.reckoning.winner
                          ? t('deliberation.winner', {
                              label: v.options.find((o) => o.key === (v.result!.reckoning as { winner: string }).winner)
                                ?.label,
                            })
                          : v.result.reckoning.tie
                            ? t('deliberation.tie')
                            : t('deliberation.noBallots')}
                      </span>
                      <span className="gz-verdict-rule">
                        {t('deliberation.turnoutShare', { share: percent(v.result.reckoning.turnout) })}
                      </span>
                    </div>
                  ) : (
                    <Art278Panel reckoning={v.result.reckoning} />
                  )}
                  <Typography.Title level={5}>
                    {v.result.channels ? t('voteChannels.byChannelChart') : t('deliberation.admin.talliesChart')}
                  </Typography.Title>
                  {chart && <EChart option={chart} height={260} ariaLabel={t('deliberation.admin.talliesChart')} />}
                  {v.result.channels && <ChannelTable vote={v} />}
                  {v.result.countedAt && (
                    <Typography.Text type="secondary">
                      {t('deliberation.countedAt', { at: formatDateTime(v.result.countedAt).slice(0, 16) })}
                    </Typography.Text>
                  )}
                </>
              )}
            </Card>
            {v.canManage && v.phase !== 'cancelled' && v.phase !== 'notice' && <BallotEntriesCard vote={v} />}
            {v.canManage && (v.phase === 'open' || v.phase === 'notice') && (
              <NonVotersCard voteId={id} open={v.phase === 'open'} />
            )}
            <Card title={t('deliberation.admin.discussion')} size="small">
              <CommentsPanel targetType="vote" targetId={id} />
            </Card>
          </Space>
        </Col>
      </Row>
    </div>
  );
}
