import { useQuery } from '@tanstack/react-query';
import { Card, ErrorBlock, ProgressBar, SpinLoading, Tag } from 'antd-mobile';
import { lazy, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../shared/api.ts';
import { type PublicCommunityPage as Page, type PublicVote, publicPagesApi } from '../../shared/publicpages.ts';
import { formatDateTime } from '../../shared/time.ts';
import { LanguagePicker } from '../LanguagePicker.tsx';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';
import './public.css';

// Leaflet loads only when there is something to put on the map.
const ReportMap = lazy(() => import('./ReportMap.tsx'));

const percent = (f: { value: number }) => `${(f.value * 100).toFixed(1)}%`;

function Section({
  title,
  empty,
  testId,
  children,
}: {
  title: string;
  empty: string;
  testId: string;
  children: ReactNode[];
}) {
  return (
    <section className="h5-public-section" data-testid={testId}>
      <h2>{title}</h2>
      {children.length === 0 ? <div className="h5-public-empty">{empty}</div> : children}
    </section>
  );
}

function VoteResult({ vote }: { vote: PublicVote }) {
  const { t } = useTranslation();
  const result = vote.result;
  if (!result) return null;
  const total = result.tallies.reduce((s, x) => s + x.ballots, 0);
  const r = result.reckoning;
  return (
    <div className="h5-public-result" data-testid={`public-vote-result-${vote.id}`}>
      <div className="h5-public-label">{t('publicPages.result')}</div>
      {result.tallies.map((x) => (
        <div key={x.key} className="h5-public-tally">
          <div className="h5-public-tally-head">
            <span>{x.label}</span>
            <span>
              {t('publicPages.ballots', { n: x.ballots })}
              {vote.electorate === 'owners' ? ` · ${t('publicPages.area_m2', { area: x.areaM2 })}` : ''}
            </span>
          </div>
          <ProgressBar percent={total ? (x.ballots / total) * 100 : 0} />
        </div>
      ))}
      {r.rule === 'plurality' ? (
        <div className="h5-public-verdict">
          {r.winner
            ? t('publicPages.winner', { label: vote.options.find((o) => o.key === r.winner)?.label ?? r.winner })
            : r.tie
              ? t('publicPages.tie')
              : t('publicPages.noWinner')}
        </div>
      ) : (
        <div className="h5-public-verdict">
          <Tag color={r.passed ? 'success' : 'danger'}>
            {r.passed ? t('publicPages.passed') : t('publicPages.notPassed')}
          </Tag>
          <div>
            {t('publicPages.participation', {
              count: percent(r.participationByCount),
              area: percent(r.participationByArea),
            })}{' '}
            ({r.bounds.participation})
          </div>
          <div>
            {t('publicPages.agreement', { count: percent(r.agreementByCount), area: percent(r.agreementByArea) })} (
            {r.bounds.agreement})
          </div>
        </div>
      )}
    </div>
  );
}

function Content({ page }: { page: Page }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  return (
    <>
      <div className="h5-public-head">
        <h1>{page.community.name}</h1>
        <div>{t('publicPages.area', { street: page.community.street, district: page.community.district })}</div>
      </div>
      <Section title={t('publicPages.notices')} empty={t('publicPages.noNotices')} testId="public-notices">
        {page.notices.map((n) => (
          <Card key={n.id} title={n.headline} className="h5-public-card">
            <p>{n.description}</p>
            {n.instruction && <p className="h5-public-muted">{n.instruction}</p>}
            <div className="h5-public-muted">{formatDateTime(n.sent)}</div>
          </Card>
        ))}
      </Section>
      <Section title={t('publicPages.votes')} empty={t('publicPages.noVotes')} testId="public-votes">
        {page.votes.map((v) => (
          <Card
            key={v.id}
            title={v.title}
            extra={
              <Tag color={v.phase === 'counted' ? 'success' : 'primary'}>{t(`publicPages.phases.${v.phase}`)}</Tag>
            }
            className="h5-public-card"
          >
            <p>{v.question}</p>
            <div className="h5-public-muted">
              {t(`publicPages.rules.${v.rule}`)} · {t('publicPages.voters', { n: v.voters })}
            </div>
            <div className="h5-public-muted">
              {t('publicPages.period', { from: formatDateTime(v.opensAt), to: formatDateTime(v.closesAt) })}
            </div>
            <VoteResult vote={v} />
          </Card>
        ))}
      </Section>
      <Section title={t('publicPages.decisions')} empty={t('publicPages.noDecisions')} testId="public-decisions">
        {page.decisions.map((d) => (
          <Card
            key={d.id}
            title={d.title}
            extra={<Tag>{t(`publicPages.decisionStatus.${d.status}`)}</Tag>}
            className="h5-public-card"
          >
            <p>{d.text}</p>
            <ProgressBar percent={d.progress} text />
            {d.updates.length > 0 && (
              <ul className="h5-public-updates">
                {d.updates.map((u) => (
                  <li key={u.at}>
                    <span className="h5-public-muted">{formatDateTime(u.at)}</span> {u.note} ({u.progress}%)
                  </li>
                ))}
              </ul>
            )}
          </Card>
        ))}
      </Section>
      {page.budgets.length > 0 && (
        <Section title={t('publicPages.budgets')} empty={t('publicPages.noBudgets')} testId="public-budgets">
          {page.budgets.map((r) => (
            <Card key={r.id} title={r.title} className="h5-public-card">
              <ul className="h5-public-updates">
                {r.projects.map((p) => (
                  <li key={p.id}>
                    {p.title}{' '}
                    <span className="h5-public-muted">
                      {t('publicPages.projectCost', { cost: p.costYuan, votes: p.votes })}
                    </span>
                  </li>
                ))}
              </ul>
            </Card>
          ))}
        </Section>
      )}
      <Section title={t('publicPages.reports')} empty={t('publicPages.noReports')} testId="public-reports">
        {page.reports.length > 0 && (
          <div key="map">
            <div className="h5-public-muted">{t('publicPages.reportMap')}</div>
            <Suspense fallback={<SpinLoading />}>
              <ReportMap reports={page.reports} />
            </Suspense>
          </div>
        )}
        {page.reports.map((r) => (
          <Card
            key={r.id}
            title={en ? r.category.en : r.category.zh}
            extra={<Tag color="success">{t('publicPages.resolved', { at: formatDateTime(r.resolvedAt) })}</Tag>}
            className="h5-public-card"
          >
            <p>{r.description}</p>
            {r.statusNote && <p>{t('publicPages.reply', { note: r.statusNote })}</p>}
            <div className="h5-public-muted">
              {r.address ? `${r.address} · ` : ''}
              {t('publicPages.reported', { at: formatDateTime(r.reportedAt) })}
            </div>
          </Card>
        ))}
      </Section>
      <p className="h5-public-privacy">{t('publicPages.privacy')}</p>
    </>
  );
}

/** /p/:communityId — a community's public page (公示, 办件公开). No sign-in. */
export default function PublicCommunityPage() {
  const { t } = useTranslation();
  const id = Number(useParams().communityId);
  const page = useQuery({
    queryKey: ['public', 'community', id],
    queryFn: () => publicPagesApi.community(id),
    enabled: Number.isInteger(id) && id > 0,
    staleTime: 30_000,
    retry: (n, e) => !(e instanceof ApiError && e.status === 404) && n < 2,
  });
  const notFound = !(Number.isInteger(id) && id > 0) || (page.error instanceof ApiError && page.error.status === 404);
  return (
    <div className="h5-public">
      <PageNavBar
        title={page.data ? t('publicPages.title', { name: page.data.community.name }) : t('publicPages.indexTitle')}
      />
      <div className="h5-public-bar h5-public-back">
        <Link to="/p">‹ {t('publicPages.back')}</Link>
        <LanguagePicker />
      </div>
      {notFound ? (
        <ErrorBlock status="empty" title={t('publicPages.notFound')} description="" />
      ) : page.isPending ? (
        <ListSkeleton />
      ) : page.isError ? (
        <LoadFailed error={page.error} onRetry={() => void page.refetch()} />
      ) : (
        <Content page={page.data} />
      )}
    </div>
  );
}
