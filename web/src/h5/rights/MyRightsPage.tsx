import { useQuery } from '@tanstack/react-query';
import { Button, ErrorBlock, PullToRefresh, Steps, Tag } from 'antd-mobile';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { rightsQueries } from '../../shared/query/rights.ts';
import { fenToYuan, ROUTE_COLORS, type RightsCaseDetail } from '../../shared/rights.ts';
import { formatDateTime } from '../../shared/time.ts';
import { ColorTag } from '../components/ColorTag.tsx';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';
import { DeadlineList } from './DeadlineList.tsx';
import './rights.css';

/** Where a case went, in words: the mediation case's code, or the booking's who and when. */
function RoutedTo({ c }: { c: RightsCaseDetail }) {
  const { t } = useTranslation();
  const ref = c.routeRef;
  const detail =
    ref.mediationCaseCode !== undefined
      ? t('rights.mediationCase', { code: ref.mediationCaseCode })
      : ref.startsAt && ref.dutyRole
        ? t('rights.booking', {
            role: t(`rights.dutyRoles.${ref.dutyRole}`),
            name: ref.dutyName,
            time: formatDateTime(ref.startsAt).slice(0, 16),
          })
        : null;
  return (
    <div className="h5-rights-routed" data-testid="rights-routed">
      {t('rights.routedTo')}：<ColorTag color={ROUTE_COLORS[c.route.code]}>{c.route.label}</ColorTag>
      {detail && <div className="h5-rights-muted">{detail}</div>}
    </div>
  );
}

/** 我的维权: my rights cases — each with its deadlines and their rules, where it went and its steps. */
export default function MyRightsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const cases = useQuery(rightsQueries.mine());

  let content: ReactNode;
  if (cases.error && !cases.data) content = <LoadFailed error={cases.error} onRetry={() => void cases.refetch()} />;
  else if (!cases.data) content = <ListSkeleton />;
  else if (cases.data.items.length === 0) content = <ErrorBlock status="empty" title={t('rights.none')} />;
  else
    content = cases.data.items.map((c) => (
      <section key={c.id} className="h5-card" data-testid={`rights-case-${c.id}`}>
        <div className="h5-rights-deadline-top">
          <span className="h5-rights-deadline-title">{c.kind.label}</span>
          <Tag color={c.status.code === 'routed' ? 'primary' : 'success'} fill="outline">
            {c.status.label}
          </Tag>
        </div>
        <div className="h5-rights-muted">
          <span className="h5-mono">{c.code}</span> · {formatDateTime(c.createdAt).slice(0, 16)}
        </div>
        <RoutedTo c={c} />
        {c.recoveredFen > 0 && (
          <div className="h5-rights-routed">{t('rights.recovered', { amount: fenToYuan(c.recoveredFen) })}</div>
        )}
        <DeadlineList assessment={c.assessment} />
        <Steps direction="vertical" current={c.steps.length - 1}>
          {c.steps.map((s, i) => (
            <Steps.Step
              key={`${s.at}-${i}`}
              title={[t(`rights.actions.${s.action as 'open'}`), s.route && t(`rights.routes.${s.route}`)]
                .filter(Boolean)
                .join(' → ')}
              description={[formatDateTime(s.at).slice(0, 16), s.note].filter(Boolean).join(' · ')}
              status="finish"
            />
          ))}
        </Steps>
      </section>
    ));

  return (
    <div className="h5-page">
      <PageNavBar
        title={t('rights.mine')}
        onBack={() => navigate(-1)}
        right={
          <Button size="mini" color="primary" fill="none" onClick={() => navigate('/rights')}>
            {t('rights.newCase')}
          </Button>
        }
      />
      <PullToRefresh onRefresh={async () => void (await cases.refetch())}>{content}</PullToRefresh>
    </div>
  );
}
