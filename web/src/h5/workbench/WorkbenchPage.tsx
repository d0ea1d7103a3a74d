import { useQuery } from '@tanstack/react-query';
import { Badge, Grid, List, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { mattersQueries } from '../../shared/query/matters.ts';
import { can, useMe } from '../../shared/session.tsx';
import type { MatterListItem } from '../../shared/types.ts';
import { PageNavBar } from '../components/PageNavBar.tsx';
import { OutboxBar } from '../offline/OutboxBar.tsx';
import { DutyStations } from './DutyStations.tsx';

/** Overdue first, then by deadline (soonest first), then the newest without one. */
export function byUrgency(a: MatterListItem, b: MatterListItem): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  const da = a.dueAt ? Date.parse(a.dueAt) : Number.POSITIVE_INFINITY;
  const db = b.dueAt ? Date.parse(b.dueAt) : Number.POSITIVE_INFINITY;
  return da - db || b.id - a.id;
}

const QUEUES = ['mine', 'grid', 'overdue'] as const;

/** 工作台: today's work of a staff member on the phone, overdue first; the matter lists refresh live. */
export default function WorkbenchPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const lists = {
    mine: useQuery(mattersQueries.list({ queue: 'mine', limit: 50, withTotal: true })),
    grid: useQuery(mattersQueries.list({ queue: 'grid', limit: 50, withTotal: true })),
    overdue: useQuery(mattersQueries.list({ queue: 'overdue', limit: 50, withTotal: true })),
  };
  const seen = new Map<number, MatterListItem>();
  for (const q of QUEUES) for (const m of lists[q].data?.items ?? []) seen.set(m.id, m);
  const work = [...seen.values()].sort(byUrgency);
  return (
    <div data-testid="workbench">
      <PageNavBar title={t('workbench.title')} />
      <OutboxBar />
      <Grid columns={3} style={{ padding: 12, background: '#fff' }}>
        {QUEUES.map((q) => (
          <Grid.Item key={q} style={{ textAlign: 'center' }} data-testid={`workbench-count-${q}`}>
            <div
              style={{ fontSize: 22, fontWeight: 600, color: q === 'overdue' ? 'var(--adm-color-danger)' : undefined }}
            >
              {lists[q].data?.total ?? lists[q].data?.items.length ?? '–'}
            </div>
            <div style={{ color: '#666', fontSize: 13 }}>{t(`workbench.counts.${q}`)}</div>
          </Grid.Item>
        ))}
      </Grid>
      {can(me, 'cockpit.read') && (
        <List>
          <List.Item
            data-testid="workbench-cockpit"
            description={t('cockpit.phone.entryHint')}
            onClick={() => navigate('/cockpit')}
          >
            {t('cockpit.phone.entry')}
          </List.Item>
        </List>
      )}
      <DutyStations />
      <List header={t('workbench.field')}>
        <List.Item
          data-testid="workbench-on-spot"
          description={t('workbench.onSpotHint')}
          onClick={() => navigate('/report?onSpot=1')}
        >
          {t('workbench.onSpot')}
        </List.Item>
        <List.Item onClick={() => navigate('/field/patrol')}>{t('workbench.patrol')}</List.Item>
        <List.Item onClick={() => navigate('/field/visits')}>{t('workbench.visits')}</List.Item>
        {can(me, 'notices.visit') && (
          <List.Item data-testid="workbench-notice-tasks" onClick={() => navigate('/notices/tasks')}>
            {t('notices.h5.tasks')}
          </List.Item>
        )}
      </List>
      <List header={t('workbench.today')}>
        {work.length === 0 && <List.Item>{t('workbench.empty')}</List.Item>}
        {work.map((m) => (
          <List.Item
            key={m.id}
            data-testid="workbench-matter"
            onClick={() => navigate(`/matters/${m.id}`)}
            description={m.address}
            extra={
              m.overdue ? (
                <Tag color="danger">{t('workbench.overdue')}</Tag>
              ) : m.dueAt ? (
                <span style={{ fontSize: 12 }}>{t('workbench.due', { at: new Date(m.dueAt).toLocaleString() })}</span>
              ) : null
            }
          >
            <Badge content={m.overdue ? Badge.dot : null}>
              <span>
                {m.category.name} · {m.code}
              </span>
            </Badge>
          </List.Item>
        ))}
      </List>
    </div>
  );
}
