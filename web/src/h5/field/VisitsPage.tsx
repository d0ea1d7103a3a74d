import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { List, SearchBar, Tabs, Tag } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { formatDistance } from '../../shared/matters.ts';
import { type DueItem, fieldKeys, fieldQueries, type WorkLog } from '../../shared/query/field.ts';
import { formatDateTime, zonedDate } from '../../shared/time.ts';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';
import { OutboxBar } from '../offline/OutboxBar.tsx';
import { useOutboxItems, useOutboxSent } from '../offline/useOutbox.ts';
import { VISITS_PATH, visitsWaiting } from './pending.ts';
import './field.css';

/** 走访: who is due a visit (most overdue first, by name), and 我的工作日志 for today and this month. */
export default function VisitsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const queryClient = useQueryClient();
  // A visit kept on the phone has landed: who is due, and the log, are read again.
  useOutboxSent(
    (item) => {
      if (item.path === VISITS_PATH) void queryClient.invalidateQueries({ queryKey: fieldKeys.all });
    },
    [queryClient],
  );
  const tab = params.get('tab') === 'log' ? 'log' : 'due';
  return (
    <div className="h5-page h5-field">
      <PageNavBar title={t('field.visits.title')} onBack={() => navigate(-1)} />
      <OutboxBar />
      <Tabs activeKey={tab} onChange={(key) => setParams(key === 'log' ? { tab: 'log' } : {}, { replace: true })}>
        <Tabs.Tab key="due" title={t('field.visits.tabDue')}>
          <DueList />
        </Tabs.Tab>
        <Tabs.Tab key="log" title={t('field.visits.tabLog')}>
          <WorkLogView />
        </Tabs.Tab>
      </Tabs>
    </div>
  );
}

function DueList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  // A visit recorded with no network is on the phone: the person is marked, not dropped from the list yet.
  const waiting = visitsWaiting(useOutboxItems() ?? []);
  const due = useQuery({
    ...fieldQueries.due({ limit: 50, ...(q.trim() ? { q: q.trim() } : {}) }),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <div className="h5-section">
        <SearchBar placeholder={t('field.visits.search')} value={q} onChange={setQ} />
      </div>
      {due.isError && !due.data ? (
        <LoadFailed error={due.error} onRetry={() => void due.refetch()} />
      ) : !due.data ? (
        <ListSkeleton />
      ) : due.data.items.length === 0 ? (
        <p className="h5-muted h5-section">{t('field.visits.empty')}</p>
      ) : (
        <div data-testid="due-list">
          <List className="h5-list">
            {due.data.items.map((item) => (
              <List.Item
                key={item.personId}
                onClick={() => navigate(`/field/visits/${item.personId}`, { state: { name: item.name } })}
                description={<DueMeta item={item} waiting={waiting.has(item.personId)} />}
              >
                {item.name}
              </List.Item>
            ))}
          </List>
        </div>
      )}
      {due.data?.truncated && <p className="h5-muted h5-section">{t('field.visits.truncated')}</p>}
    </>
  );
}

function DueMeta({ item, waiting }: { item: DueItem; waiting: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="h5-field-due-meta">
      {waiting && (
        <Tag color="primary" fill="outline" data-testid="visit-waiting">
          {t('field.outbox.visitWaiting')}
        </Tag>
      )}
      {item.daysOverdue > 0 ? (
        <Tag color="danger" fill="outline">
          {t('field.visits.overdue', { count: item.daysOverdue })}
        </Tag>
      ) : item.daysOverdue === 0 ? (
        <Tag color="warning" fill="outline">
          {t('field.visits.dueToday')}
        </Tag>
      ) : (
        <span>{t('field.visits.dueOn', { date: item.dueOn })}</span>
      )}
      <span>{t('field.visits.every', { count: item.everyDays })}</span>
      <span>
        {item.lastVisitAt
          ? t('field.visits.lastVisit', { time: formatDateTime(item.lastVisitAt).slice(0, 10) })
          : t('field.visits.never')}
      </span>
      {item.address && <span>{item.address}</span>}
    </div>
  );
}

function WorkLogView() {
  const { t } = useTranslation();
  const today = zonedDate();
  const day = useQuery(fieldQueries.workLog({ date: today }));
  const month = useQuery(fieldQueries.workLog({ month: today.slice(0, 7) }));
  return (
    <div data-testid="work-log">
      <section className="h5-card">
        <div className="h5-card-title">
          {t('field.log.today')} · {today}
        </div>
        {day.data ? <Numbers log={day.data} testId="work-log-today" /> : <ListSkeleton />}
      </section>
      <section className="h5-card">
        <div className="h5-card-title">
          {t('field.log.month')} · {today.slice(0, 7)}
        </div>
        {month.data ? <Numbers log={month.data} testId="work-log-month" /> : <ListSkeleton />}
      </section>
      <p className="h5-muted h5-section">{t('field.log.hint')}</p>
    </div>
  );
}

function Numbers({ log, testId }: { log: WorkLog; testId: string }) {
  const { t } = useTranslation();
  const n = log.totals;
  const minutes = Math.round(n.patrolSeconds / 60);
  const patrolTime =
    minutes < 60
      ? t('field.log.minutes', { count: minutes })
      : t('field.log.hoursMinutes', { h: Math.floor(minutes / 60), m: minutes % 60 });
  const rows: [string, string, string][] = [
    ['patrols', t('field.log.patrols'), String(n.patrols)],
    ['patrol-time', t('field.log.patrolTime'), patrolTime],
    ['patrol-distance', t('field.log.patrolDistance'), formatDistance(t, n.patrolMeters)],
    ['buildings', t('field.log.buildings'), String(n.buildingsCheckedIn)],
    ['visits', t('field.log.visits'), String(n.visits)],
    ['reported', t('field.log.reported'), String(n.mattersReported)],
    ['taken', t('field.log.taken'), String(n.mattersTaken)],
    ['closed', t('field.log.closed'), String(n.mattersClosed)],
  ];
  return (
    <div className="h5-field-log" data-testid={testId}>
      {rows.map(([key, label, value]) => (
        <div key={key} className="h5-field-log-item" data-testid={`${testId}-${key}`}>
          <div className="h5-field-stat-value">{value}</div>
          <div className="h5-muted">{label}</div>
        </div>
      ))}
    </div>
  );
}
