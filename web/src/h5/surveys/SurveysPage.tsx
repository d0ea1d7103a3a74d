import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Button,
  Checkbox,
  ErrorBlock,
  Form,
  InfiniteScroll,
  Input,
  List,
  NoticeBar,
  PullToRefresh,
  Radio,
  Rate,
  Space,
  Stepper,
  Tag,
  Toast,
} from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import { type AnswerValue, type Question, type Survey, surveysApi, surveysKeys } from '../../shared/surveys.ts';
import { formatDateTime } from '../../shared/time.ts';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';

/** Nothing given; a rating of 0 is a cleared rating. */
function empty(v: unknown, type?: Question['type']): boolean {
  return (
    v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0) || (type === 'rating' && v === 0)
  );
}

function QuestionField({ q, index }: { q: Question; index: number }) {
  const { t } = useTranslation();
  const label = `${index + 1}. ${q.title}`;
  const rules = q.required
    ? [
        {
          validator: (_: unknown, v: unknown) =>
            empty(v, q.type) ? Promise.reject(new Error(t('surveys.h5.requiredMissing'))) : Promise.resolve(),
        },
      ]
    : [];
  const common = { name: q.id, label, required: q.required, rules };
  switch (q.type) {
    case 'single':
      return (
        <Form.Item {...common}>
          <Radio.Group>
            <Space direction="vertical">
              {q.options?.map((o, i) => (
                <Radio key={o} value={i} data-testid={`answer-${q.id}-${i}`}>
                  {o}
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        </Form.Item>
      );
    case 'multiple':
      return (
        <Form.Item
          {...common}
          description={q.maxChoices ? t('surveys.h5.chooseAtMost', { count: q.maxChoices }) : undefined}
          rules={[
            ...rules,
            {
              validator: (_: unknown, v?: number[]) =>
                q.maxChoices && (v?.length ?? 0) > q.maxChoices
                  ? Promise.reject(new Error(t('surveys.h5.chooseAtMost', { count: q.maxChoices })))
                  : Promise.resolve(),
            },
          ]}
        >
          <Checkbox.Group>
            <Space direction="vertical">
              {q.options?.map((o, i) => (
                <Checkbox key={o} value={i} data-testid={`answer-${q.id}-${i}`}>
                  {o}
                </Checkbox>
              ))}
            </Space>
          </Checkbox.Group>
        </Form.Item>
      );
    case 'rating':
      return (
        <Form.Item {...common}>
          <Rate count={5} />
        </Form.Item>
      );
    case 'number':
      return (
        <Form.Item {...common}>
          <Stepper min={q.min} max={q.max} />
        </Form.Item>
      );
    default:
      return (
        <Form.Item {...common}>
          <Input maxLength={500} clearable data-testid={`answer-${q.id}`} />
        </Form.Item>
      );
  }
}

function AnswerForm({ survey }: { survey: Survey }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const send = useMutation({
    mutationFn: (v: Record<string, unknown>) => {
      const answers: Record<string, AnswerValue> = {};
      for (const q of survey.items) {
        const a = v[q.id];
        if (empty(a, q.type)) continue;
        answers[q.id] = typeof a === 'string' ? a.trim() : (a as AnswerValue);
      }
      return surveysApi.respond(survey.id, answers);
    },
    onSuccess: () => {
      Toast.show({ icon: 'success', content: t('surveys.h5.submitted') });
      void client.invalidateQueries({ queryKey: surveysKeys.all });
      navigate('/surveys');
    },
    onError: (e) => Toast.show({ icon: 'fail', content: errorMessage(e) }),
  });
  return (
    <Form
      layout="vertical"
      onFinish={(v: Record<string, unknown>) => send.mutate(v)}
      onFinishFailed={() => Toast.show({ content: t('surveys.h5.requiredMissing') })}
      footer={
        <Button block type="submit" color="primary" loading={send.isPending} data-testid="survey-submit">
          {t('surveys.h5.submit')}
        </Button>
      }
    >
      {survey.items.map((q, i) => (
        <QuestionField key={q.id} q={q} index={i} />
      ))}
    </Form>
  );
}

function SurveyAnswer({ id }: { id: number }) {
  const { t } = useTranslation();
  const survey = useQuery({ queryKey: [...surveysKeys.all, 'one', id], queryFn: () => surveysApi.get(id) });
  const s = survey.data;
  if (survey.error && !s) return <LoadFailed error={survey.error} onRetry={() => void survey.refetch()} />;
  if (!s) return <ListSkeleton />;
  return (
    <div>
      <div style={{ padding: '12px 16px', background: '#fff' }}>
        <h2 style={{ margin: '0 0 8px', fontSize: 18 }}>{s.title}</h2>
        {s.description && <p style={{ margin: '0 0 8px', color: '#555' }}>{s.description}</p>}
        <div style={{ color: '#888', fontSize: 13 }}>{t('surveys.h5.until', { time: formatDateTime(s.closesAt) })}</div>
      </div>
      {s.anonymous && <NoticeBar content={t('surveys.h5.anonymousNote')} color="info" />}
      {s.answered ? (
        <ErrorBlock status="empty" title={t('surveys.h5.done')} description="" />
      ) : s.phase !== 'open' || !s.mayAnswer ? (
        <ErrorBlock status="default" title={t('surveys.h5.notOpen')} description="" />
      ) : (
        <AnswerForm survey={s} />
      )}
    </div>
  );
}

function SurveyList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useInfiniteQuery({
    queryKey: [...surveysKeys.all, 'mine'],
    queryFn: ({ pageParam }) => surveysApi.mine({ limit: 20, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((page) => page.items);
  if (list.error && !items) return <LoadFailed error={list.error} onRetry={() => void list.refetch()} />;
  if (!items) return <ListSkeleton />;
  if (items.length === 0) return <ErrorBlock status="empty" title={t('surveys.h5.empty')} description="" />;
  return (
    <PullToRefresh onRefresh={() => list.refetch().then(() => undefined)}>
      <List>
        {items.map((s) => (
          <List.Item
            key={s.id}
            data-testid={`survey-${s.id}`}
            onClick={() => navigate(`/surveys/${s.id}`)}
            description={t('surveys.h5.until', { time: formatDateTime(s.closesAt) })}
            extra={
              s.answered ? (
                <Tag color="success" fill="outline">
                  {t('surveys.h5.done')}
                </Tag>
              ) : (
                <Tag color={s.phase === 'open' ? 'success' : 'default'}>{t(`surveys.phases.${s.phase}`)}</Tag>
              )
            }
          >
            {s.title}
          </List.Item>
        ))}
      </List>
      <InfiniteScroll
        loadMore={async () => void (await list.fetchNextPage({ throwOnError: true }))}
        hasMore={list.hasNextPage}
      />
    </PullToRefresh>
  );
}

/** 问卷调查 on the phone: the surveys one is asked, and the form to answer one. */
export default function SurveysPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { id } = useParams();
  return (
    <div>
      <PageNavBar title={t('surveys.title')} onBack={() => navigate(-1)} />
      {id ? <SurveyAnswer id={Number(id)} /> : <SurveyList />}
    </div>
  );
}
