import { INDICATOR_CATALOGUE } from '@gongzhi/server/enums';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Drawer, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import {
  assessmentCalls,
  assessmentKeys,
  assessmentQueries,
  type AssessmentLine,
} from '../../shared/query/assessment.ts';
import { LoadError } from '../components/LoadError.tsx';
import { peerGroupName } from '../../shared/assessment.ts';
import { lineValue } from './labels.ts';

const STATUS_COLORS = { pending: 'processing', granted: 'green', refused: 'default' } as const;

/** A line's records: each group (met, missed …) with its ids, matters and people as links. */
function Records({ line }: { line: AssessmentLine }) {
  const { t } = useTranslation();
  const groups = line.refs.filter((r) => r.ids.length > 0);
  if (groups.length === 0)
    return <Typography.Text type="secondary">{t('assessment.detail.noRecords')}</Typography.Text>;
  return (
    <Space direction="vertical" size={2}>
      {groups.map((g) => (
        <div key={`${g.kind}-${g.role}`} data-testid={`refs-${line.indicator}-${g.kind}-${g.role}`}>
          <Typography.Text type="secondary">
            {t(`assessment.ref.${g.kind}`)}（{t(`assessment.role.${g.role}`)} {g.ids.length}）：
          </Typography.Text>{' '}
          {g.ids.map((id, i) =>
            g.links[i] ? (
              <Link key={id} to={g.links[i]} style={{ marginInlineEnd: 6 }}>
                #{id}
              </Link>
            ) : (
              <span key={id} style={{ marginInlineEnd: 6 }}>
                #{id}
              </span>
            ),
          )}
        </div>
      ))}
    </Space>
  );
}

/** A score's breakdown (得分明细): every line's value, points and records; the workload; appeals. */
export function ScoreDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { data, error, refetch, isLoading } = useQuery(assessmentQueries.score(id));
  const [appealing, setAppealing] = useState<AssessmentLine | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const file = useMutation({
    mutationFn: (v: { reason: string }) =>
      assessmentCalls.appeal(id, { indicator: appealing!.indicator, reason: v.reason }),
    onSuccess: () => {
      message.success(t('assessment.appeal.filed'));
      setAppealing(null);
      form.resetFields();
      void queryClient.invalidateQueries({ queryKey: assessmentKeys.all });
    },
    onError: (e) => message.error(errorMessage(e)),
  });

  return (
    <Drawer open width={860} title={t('assessment.breakdown')} onClose={onClose} loading={isLoading}>
      {error && <LoadError error={error} onRetry={() => void refetch()} />}
      {data && (
        <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="score-breakdown">
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('assessment.detail.subject')}>
              {data.subjectName}
              {data.gridName ? `（${data.gridName}）` : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('assessment.detail.month')}>
              {data.month} · {t('assessment.scheme.version', { version: data.version })}
            </Descriptions.Item>
            <Descriptions.Item label={t('assessment.detail.score')}>
              <Typography.Text strong data-testid="breakdown-score">
                {t('assessment.detail.formula', {
                  raw: data.rawPoints,
                  factor: data.workloadFactor,
                  score: data.score,
                })}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('assessment.peerGroup')}>
              {peerGroupName(t, data.peerGroup)} ·{' '}
              {t('assessment.detail.rank', { rank: data.rank, size: data.peerSize })}
            </Descriptions.Item>
            <Descriptions.Item label={t('assessment.detail.workload')} span={2}>
              {t('assessment.detail.workloadText', {
                weighted: data.workload.weightedLoad ?? '—',
                load: data.workload.load ?? '—',
                median: data.workload.peerMedian ?? '—',
                strength: data.workload.strength,
              })}
              {data.workload.matterIds.length > 0 && (
                <div>
                  <Typography.Text type="secondary">{t('assessment.detail.workloadMatters')}：</Typography.Text>
                  {data.workload.matterIds.map((m) => (
                    <Link key={m} to={`/matters/${m}`} style={{ marginInlineEnd: 6 }}>
                      #{m}
                    </Link>
                  ))}
                </div>
              )}
            </Descriptions.Item>
          </Descriptions>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={data.lines}
            columns={[
              {
                title: t('assessment.detail.indicator'),
                key: 'indicator',
                width: 130,
                render: (_, l) => t(`assessment.indicator.${l.indicator}`),
              },
              {
                title: t('assessment.detail.value'),
                key: 'value',
                width: 110,
                render: (_, l) => {
                  const kind = INDICATOR_CATALOGUE[l.indicator].kind;
                  return (
                    <span>
                      {lineValue(kind, l.value)}
                      {kind === 'rate' && l.denominator !== null && l.denominator > 0 && (
                        <Typography.Text type="secondary">
                          {' '}
                          ({l.numerator}/{l.denominator})
                        </Typography.Text>
                      )}
                    </span>
                  );
                },
              },
              {
                title: t('assessment.detail.points'),
                key: 'points',
                width: 130,
                render: (_, l) => (
                  <Space direction="vertical" size={0}>
                    <span data-testid={`points-${l.indicator}`}>
                      {l.effectivePoints} / {l.weight}
                    </span>
                    {l.grantedPoints !== null && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('assessment.detail.granted', { points: l.grantedPoints, original: l.points })}
                      </Typography.Text>
                    )}
                  </Space>
                ),
              },
              { title: t('assessment.detail.records'), key: 'records', render: (_, l) => <Records line={l} /> },
              {
                title: t('assessment.appeal.file'),
                key: 'appeal',
                width: 120,
                render: (_, l) => (
                  <Space direction="vertical" size={2}>
                    {l.appeals.map((a) => (
                      <Tag key={a.id} color={STATUS_COLORS[a.status]}>
                        {t(`assessment.appeal.status.${a.status}`)}
                      </Tag>
                    ))}
                    {l.canAppeal && (
                      <Button size="small" onClick={() => setAppealing(l)} data-testid={`appeal-${l.indicator}`}>
                        {t('assessment.appeal.file')}
                      </Button>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        </Space>
      )}
      <Modal
        open={appealing !== null}
        title={
          appealing ? t('assessment.appeal.title', { indicator: t(`assessment.indicator.${appealing.indicator}`) }) : ''
        }
        onCancel={() => setAppealing(null)}
        onOk={() => form.submit()}
        confirmLoading={file.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => file.mutate(v)}>
          <Form.Item
            name="reason"
            label={t('assessment.appeal.reason')}
            rules={[{ required: true, min: 5, max: 1000 }]}
          >
            <Input.TextArea rows={4} />
          </Form.Item>
        </Form>
      </Modal>
    </Drawer>
  );
}
