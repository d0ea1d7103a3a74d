import { PlusOutlined } from '@ant-design/icons';
import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Input, List, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import {
  PHASES,
  type Phase,
  type Results,
  type SurveySummary,
  type TextAnswer,
  surveysApi,
  surveysKeys,
} from '../../shared/surveys.ts';
import { formatDateTime } from '../../shared/time.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { type ChartOption, EChart } from '../components/EChart.tsx';
import { ExportButton } from '../components/ExportButton.tsx';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { SurveyFormModal } from './SurveyFormModal.tsx';

const PHASE_COLORS: Record<Phase, string> = { draft: 'default', scheduled: 'gold', open: 'green', closed: 'orange' };

type QuestionResult = Results['questions'][number];

function questionChart(q: QuestionResult): ChartOption {
  return {
    tooltip: {},
    grid: { left: 140, right: 48, top: 8, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: q.options.map((o) => o.label) },
    series: [
      {
        type: 'bar',
        barMaxWidth: 22,
        label: { show: true, position: 'right', formatter: '{c}' },
        data: q.options.map((o) => o.count),
        itemStyle: { color: '#1677ff' },
      },
    ],
  };
}

function TextAnswers({ surveyId, questionId }: { surveyId: number; questionId: string }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Input.Search allowClear placeholder={t('surveys.searchTexts')} onSearch={setQ} style={{ maxWidth: 280 }} />
      <CursorTable
        rowKey="responseId"
        size="small"
        pageQuery={(page) =>
          queryOptions({
            queryKey: [...surveysKeys.all, 'texts', surveyId, questionId, { q, ...page }] as const,
            queryFn: () => surveysApi.texts(surveyId, { questionId, q: q || undefined, ...page }),
          })
        }
        locale={{ emptyText: t('surveys.noTexts') }}
        columns={[
          { title: t('surveys.textAnswers'), dataIndex: 'text' },
          {
            title: t('surveys.respondent'),
            width: 140,
            render: (_: unknown, a: TextAnswer) => a.respondent ?? '—',
          },
        ]}
      />
    </Space>
  );
}

function SurveyDetail({ id }: { id: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const survey = useQuery({ queryKey: [...surveysKeys.all, 'one', id], queryFn: () => surveysApi.get(id) });
  const s = survey.data;
  const results = useQuery({
    queryKey: [...surveysKeys.all, 'results', id],
    queryFn: () => surveysApi.results(id),
    enabled: !!s && s.phase !== 'draft',
  });
  const refresh = () => void client.invalidateQueries({ queryKey: surveysKeys.all });
  if (survey.isError) return <LoadError error={survey.error} onRetry={() => void survey.refetch()} />;
  const publish = async () => {
    try {
      await surveysApi.publish(id);
      message.success(t('surveys.published'));
      refresh();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  const r = results.data;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        loading={survey.isPending}
        title={
          s && (
            <Space>
              {s.title}
              <Tag color={PHASE_COLORS[s.phase]} data-testid="survey-phase">
                {t(`surveys.phases.${s.phase}`)}
              </Tag>
            </Space>
          )
        }
        extra={
          <Space>
            <Button onClick={() => navigate('/surveys')}>{t('surveys.back')}</Button>
            {s?.mayManage && s.phase === 'draft' && (
              <>
                <Button onClick={() => setEditing(true)} data-testid="survey-edit">
                  {t('surveys.edit')}
                </Button>
                <Popconfirm title={t('surveys.publishConfirm')} onConfirm={() => void publish()}>
                  <Button type="primary" data-testid="survey-publish">
                    {t('surveys.publish')}
                  </Button>
                </Popconfirm>
              </>
            )}
            {s && s.phase !== 'draft' && <ExportButton kind="survey-results" filters={{ surveyId: id }} />}
          </Space>
        }
      >
        {s && (
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('surveys.community')}>{s.community.name}</Descriptions.Item>
            <Descriptions.Item label={t('surveys.opensAt')}>{formatDateTime(s.opensAt)}</Descriptions.Item>
            <Descriptions.Item label={t('surveys.closesAt')}>{formatDateTime(s.closesAt)}</Descriptions.Item>
            <Descriptions.Item label={t('surveys.anonymous')}>
              {s.anonymous ? t('surveys.anonymous') : t('surveys.named')}
            </Descriptions.Item>
            <Descriptions.Item label={t('surveys.responses')}>
              <span data-testid="survey-responses">{s.responses}</span>
            </Descriptions.Item>
            {r && <Descriptions.Item label={t('surveys.audience')}>{r.audience}</Descriptions.Item>}
            {s.description && (
              <Descriptions.Item label={t('surveys.surveyDescription')} span={3}>
                {s.description}
              </Descriptions.Item>
            )}
            {(s.gridIds.length > 0 || s.buildingIds.length > 0 || s.audienceTags.length > 0) && (
              <Descriptions.Item label={t('surveys.audience')} span={3}>
                {[...s.gridIds.map((g) => `#G${g}`), ...s.buildingIds.map((b) => `#B${b}`), ...s.audienceTags].join(
                  ' · ',
                )}
              </Descriptions.Item>
            )}
          </Descriptions>
        )}
      </Card>
      {s?.phase === 'draft' && (
        <Card size="small" title={t('surveys.questions')}>
          <List
            dataSource={s.items}
            renderItem={(q, i) => (
              <List.Item>
                <Space>
                  <span>
                    {i + 1}. {q.title}
                  </span>
                  <Tag>{t(`surveys.types.${q.type}`)}</Tag>
                  {q.required && <Tag color="red">{t('surveys.required')}</Tag>}
                  {q.options && <Typography.Text type="secondary">{q.options.join(' / ')}</Typography.Text>}
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}
      {results.isError && <LoadError error={results.error} onRetry={() => void results.refetch()} />}
      {r?.questions.map((q, i) => (
        <Card
          key={q.id}
          size="small"
          data-testid={`result-${q.id}`}
          title={
            <Space>
              {`${i + 1}. ${q.title}`}
              <Tag>{t(`surveys.types.${q.type}`)}</Tag>
            </Space>
          }
          extra={
            <Space>
              <span>{t('surveys.answered', { count: q.answered })}</span>
              {q.average !== null && <span>{t('surveys.average', { value: q.average })}</span>}
            </Space>
          }
        >
          {q.type === 'text' ? (
            <TextAnswers surveyId={id} questionId={q.id} />
          ) : q.options.length > 0 ? (
            <EChart option={questionChart(q)} height={Math.max(120, 36 * q.options.length)} ariaLabel={q.title} />
          ) : null}
        </Card>
      ))}
      {editing && s && (
        <SurveyFormModal
          survey={s}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            refresh();
          }}
        />
      )}
    </Space>
  );
}

function SurveyList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [phase, setPhase] = useState<Phase | undefined>();
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  return (
    <Card
      title={
        <Space wrap>
          <Input.Search allowClear placeholder={t('surveys.search')} onSearch={setQ} style={{ width: 220 }} />
          <Select
            allowClear
            placeholder={t('surveys.phase')}
            value={phase}
            onChange={setPhase}
            style={{ width: 140 }}
            options={PHASES.map((p) => ({ value: p, label: t(`surveys.phases.${p}`) }))}
          />
        </Space>
      }
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="survey-new">
          {t('surveys.newSurvey')}
        </Button>
      }
    >
      <CursorTable
        rowKey="id"
        scroll={{ x: 900 }}
        pageQuery={(page) =>
          queryOptions({
            queryKey: [...surveysKeys.all, 'list', { phase, q, ...page }] as const,
            queryFn: () => surveysApi.list({ phase, q: q || undefined, ...page }),
          })
        }
        locale={{ emptyText: t('surveys.empty') }}
        onRow={(s: SurveySummary) => ({ onClick: () => navigate(`/surveys/${s.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('surveys.surveyTitle'), dataIndex: 'title' },
          { title: t('surveys.community'), render: (_: unknown, s: SurveySummary) => s.community.name },
          {
            title: t('surveys.phase'),
            render: (_: unknown, s: SurveySummary) => (
              <Tag color={PHASE_COLORS[s.phase]}>{t(`surveys.phases.${s.phase}`)}</Tag>
            ),
          },
          {
            title: t('surveys.anonymous'),
            render: (_: unknown, s: SurveySummary) => (s.anonymous ? t('surveys.anonymous') : t('surveys.named')),
          },
          { title: t('surveys.questions'), dataIndex: 'questions', align: 'right' },
          { title: t('surveys.responses'), dataIndex: 'responses', align: 'right' },
          { title: t('surveys.closesAt'), render: (_: unknown, s: SurveySummary) => formatDateTime(s.closesAt) },
        ]}
      />
      {creating && (
        <SurveyFormModal
          onClose={() => setCreating(false)}
          onSaved={(id) => {
            setCreating(false);
            void client.invalidateQueries({ queryKey: surveysKeys.all });
            navigate(`/surveys/${id}`);
          }}
        />
      )}
    </Card>
  );
}

/** 问卷调查: surveys of the communities one manages, their question builder, publishing and results. */
export default function SurveysAdminPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  return (
    <div>
      <PageHeader title={t('nav.surveys')} description={t('surveys.description')} />
      {id ? <SurveyDetail id={Number(id)} /> : <SurveyList />}
    </div>
  );
}
