import { ActionSheet, Button, ErrorBlock, PullToRefresh, Tag, Toast } from 'antd-mobile';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { CheckCircleFill, ClockCircleOutline, ExclamationCircleFill } from 'antd-mobile-icons';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import { canConfirm, type CheckView } from '../../shared/iot.ts';
import { careCalls, careKeys, careQueries } from '../../shared/query/care.ts';
import { formatDateTime } from '../../shared/time.ts';
import { useNow } from '../../shared/useNow.ts';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';
import './care.css';

const hhmm = (iso: string | null) => (iso ? formatDateTime(iso).slice(11, 16) : '');

/** 我的关爱: the people I look after (窗帘之约), today's checks with a big "safe" tap, and alerts to look into. */
export default function MyCarePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // A missed check reaches a helper as a notification: live notification events make this stale (LiveInvalidation).
  const mine = useQuery(careQueries.mine());
  const [busy, setBusy] = useState<number | null>(null);
  const now = useNow(30_000);
  const changed = () => void queryClient.invalidateQueries({ queryKey: careKeys.all });

  const confirm = (targetId: number, check: CheckView) => {
    const handler = ActionSheet.show({
      extra: t('iot.h5.care.howTitle'),
      cancelText: t('common.cancel'),
      actions: (['saw', 'called', 'visited'] as const).map((how) => ({
        key: how,
        text: t(`iot.care.how.${how}`),
        onClick: async () => {
          handler.close();
          setBusy(check.id);
          try {
            await careCalls.confirmCheck(targetId, check.id, how);
            Toast.show({ icon: 'success', content: t('iot.h5.care.confirmed') });
            changed();
          } catch (error) {
            Toast.show({ icon: 'fail', content: errorMessage(error) });
          } finally {
            setBusy(null);
          }
        },
      })),
    });
  };

  const acknowledge = async (targetId: number, checkId: number) => {
    setBusy(checkId);
    try {
      await careCalls.acknowledgeCheck(targetId, checkId);
      Toast.show({ icon: 'success', content: t('iot.h5.care.acknowledged') });
      changed();
    } catch (error) {
      Toast.show({ icon: 'fail', content: errorMessage(error) });
    } finally {
      setBusy(null);
    }
  };

  let content: ReactNode;
  const data = mine.data;
  if (mine.error && !data) content = <LoadFailed error={mine.error} onRetry={() => void mine.refetch()} />;
  else if (!data) content = <ListSkeleton />;
  else if (data.targets.length === 0 && data.alerts.length === 0)
    content = <ErrorBlock status="empty" title={t('iot.h5.care.title')} description={t('iot.h5.care.empty')} />;
  else
    content = (
      <>
        {data.alerts.length > 0 && (
          <section className="h5-card h5-care-alerts" data-testid="care-alerts">
            <div className="h5-card-title">
              <span>
                <ExclamationCircleFill color="#c8161d" /> {t('iot.h5.care.alerts')}
              </span>
            </div>
            {data.alerts.map((a) => (
              <div key={a.id} className="h5-care-alert">
                <span>
                  {t('iot.h5.care.alertLine', {
                    name: a.targetName,
                    kind: t(`iot.care.checkKind.${a.kind}`),
                    time: a.dueTime,
                  })}
                </span>
                <Button
                  size="small"
                  color="danger"
                  loading={busy === a.id}
                  onClick={() => void acknowledge(a.targetId, a.id)}
                >
                  {t('iot.h5.care.acknowledge')}
                </Button>
              </div>
            ))}
          </section>
        )}
        <div className="h5-care-day">{t('iot.h5.care.today', { day: data.day })}</div>
        {data.targets.map((target) => (
          <section
            key={target.id}
            className="h5-card h5-care-target"
            data-testid={`care-target-${target.id}`}
            data-name={target.name}
          >
            <div className="h5-care-head">
              <div className="h5-board-avatar">{target.name.slice(0, 1)}</div>
              <div className="h5-care-who">
                <strong>{target.name}</strong>
                <div className="h5-muted">
                  {target.kinds.map((k) => t(`iot.care.kind.${k}`)).join(' · ')} ·{' '}
                  {t('iot.h5.care.position', { n: target.position })}
                </div>
                <div className="h5-muted">{target.address}</div>
              </div>
            </div>
            <div className="h5-care-checks">
              {target.checks.map((c) => (
                <div
                  key={c.id}
                  className={`h5-care-check h5-care-check-${c.status}`}
                  data-testid={`care-check-${c.id}`}
                  data-status={c.status}
                  data-kind={c.kind}
                >
                  <div className="h5-care-check-top">
                    <span className="h5-care-check-name">
                      {c.status === 'done' ? (
                        <CheckCircleFill color="#389e0d" />
                      ) : c.status === 'missed' ? (
                        <ExclamationCircleFill color="#c8161d" />
                      ) : (
                        <ClockCircleOutline />
                      )}{' '}
                      {t(`iot.care.checkKind.${c.kind}`)}
                    </span>
                    <Tag
                      color={c.status === 'done' ? 'success' : c.status === 'missed' ? 'danger' : '#1677ff'}
                      fill="outline"
                    >
                      {t(`iot.h5.care.${c.status}`)}
                    </Tag>
                  </div>
                  <div className="h5-muted">
                    {c.status === 'done'
                      ? c.satisfiedBy === 'device'
                        ? t('iot.h5.care.doneByDevice', { time: hhmm(c.satisfiedAt) })
                        : t('iot.h5.care.doneBy', { name: c.satisfiedByName ?? '', time: hhmm(c.satisfiedAt) })
                      : t('iot.h5.care.due', { time: c.dueTime })}
                  </div>
                  {c.status !== 'done' && !canConfirm(c, now) && (
                    <div className="h5-muted h5-care-later">{t('iot.h5.care.opensAt', { time: hhmm(c.opensAt) })}</div>
                  )}
                  {canConfirm(c, now) && (
                    <Button
                      block
                      color={c.status === 'missed' ? 'danger' : 'success'}
                      size="large"
                      className="h5-care-confirm"
                      loading={busy === c.id}
                      onClick={() => confirm(target.id, c)}
                    >
                      <CheckCircleFill /> {t('iot.h5.care.confirm')}
                    </Button>
                  )}
                </div>
              ))}
            </div>
            <div className="h5-care-foot">
              <span className={target.visitPlan?.overdue ? 'h5-care-overdue' : 'h5-muted'}>
                {target.visitPlan
                  ? target.visitPlan.overdue
                    ? t('iot.h5.care.overdueVisit', { day: target.visitPlan.nextDueOn })
                    : t('iot.h5.care.nextVisit', { day: target.visitPlan.nextDueOn })
                  : ''}
              </span>
              <Button
                size="small"
                fill="outline"
                color="primary"
                onClick={() => navigate(`/care/${target.id}/visit`, { state: { name: target.name } })}
              >
                {t('iot.h5.care.visit')}
              </Button>
            </div>
          </section>
        ))}
      </>
    );

  return (
    <div className="h5-page h5-care">
      <PageNavBar title={t('iot.h5.care.title')} onBack={() => navigate(-1)} />
      <PullToRefresh onRefresh={async () => void (await mine.refetch())}>{content}</PullToRefresh>
    </div>
  );
}
