import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, ErrorBlock, List, Tag, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { yuan } from '../../shared/iot.ts';
import { reasonOf } from '../../shared/points.ts';
import { chargingActions, chargingKeys, chargingQueries } from '../../shared/query/charging.ts';
import { formatDateTime } from '../../shared/time.ts';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';
import { TopUpButtons } from './TopUpButtons.tsx';
import './charging.css';

const shiftMonth = (month: string, by: number) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const n = y * 12 + (m - 1) + by;
  return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
};

/** 我的充电: my balance (top up, refund the rest), my monthly statement, my sessions and their receipts. */
export default function MyChargingPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // Null: this month as the server counts it (its clock and time zone); then moved from the one shown.
  const [month, setMonth] = useState<string | null>(null);
  const wallet = useQuery(chargingQueries.wallet());
  const statement = useQuery(chargingQueries.statement(month));
  const sessions = useQuery(chargingQueries.mySessions());
  const act = useMutation({
    mutationFn: (run: () => Promise<unknown>) => run(),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: chargingKeys.mine() }),
    onError: (e) => Toast.show({ icon: 'fail', content: reasonOf(e) }),
  });

  const error = wallet.error ?? sessions.error;
  if (error)
    return <LoadFailed error={error} onRetry={() => void Promise.all([wallet.refetch(), sessions.refetch()])} />;
  const w = wallet.data;
  const s = statement.data;

  return (
    <div className="h5-page" data-testid="my-charging">
      <PageNavBar title={t('chargingH5.mine')} onBack={() => navigate('/me')} />
      <div className="h5-charge-head">
        <div className="h5-muted">{t('chargingH5.balance')}</div>
        <div className="h5-charge-balance" data-testid="my-charging-balance">
          {w ? t('chargingH5.yuan', { amount: yuan(w.balanceFen) }) : '—'}
        </div>
        {w && (
          <div className="h5-muted h5-small">
            {t('chargingH5.provider', {
              provider: t(`chargingH5.providers.${w.provider}`, { defaultValue: w.provider }),
            })}
          </div>
        )}
      </div>
      <TopUpButtons disabled={act.isPending} onTopUp={(fen) => act.mutate(() => chargingActions.topUp(fen))} />
      {w && w.balanceFen > 0 && (
        <div className="h5-charge-actions">
          <Button
            block
            size="small"
            data-testid="charge-refund"
            onClick={async () => {
              if (await Dialog.confirm({ content: t('chargingH5.refundConfirm', { amount: yuan(w.balanceFen) }) }))
                act.mutate(() => chargingActions.refund());
            }}
          >
            {t('chargingH5.refund')}
          </Button>
        </div>
      )}

      <List header={t('chargingH5.statement')} className="h5-list" data-testid="charge-statement">
        <List.Item
          extra={
            <span>
              <Button size="mini" fill="none" disabled={!s} onClick={() => s && setMonth(shiftMonth(s.month, -1))}>
                {t('chargingH5.prevMonth')}
              </Button>
              <Button size="mini" fill="none" disabled={!s} onClick={() => s && setMonth(shiftMonth(s.month, 1))}>
                {t('chargingH5.nextMonth')}
              </Button>
            </span>
          }
        >
          <strong>{s?.month ?? '—'}</strong>
        </List.Item>
        {s && (
          <List.Item
            description={t('chargingH5.statementPaid', {
              paid: yuan(s.paidFen),
              topUp: yuan(s.topUpFen),
              refund: yuan(s.refundFen),
            })}
            extra={
              <strong data-testid="charge-statement-total">{t('chargingH5.yuan', { amount: yuan(s.totalFen) })}</strong>
            }
          >
            {t('chargingH5.statementLine', { sessions: s.sessions, kwh: s.energyKwh })}
          </List.Item>
        )}
      </List>

      <List header={t('chargingH5.sessions')} className="h5-list">
        {!sessions.data ? (
          <ListSkeleton />
        ) : sessions.data.items.length === 0 ? (
          <ErrorBlock status="empty" title={t('chargingH5.noSessions')} description={t('chargingH5.scanHint')} />
        ) : (
          sessions.data.items.map((x) => (
            <List.Item
              key={x.id}
              data-testid="charge-session"
              description={`${formatDateTime(x.startedAt).slice(0, 16)} · ${x.energyKwh ?? x.live?.energyKwh ?? '0.000'} kWh`}
              extra={
                <span>
                  {x.totalFen !== null && <strong>{yuan(x.totalFen)}</strong>}{' '}
                  <Tag color={x.paidAt ? 'success' : x.status === 'charging' ? 'primary' : 'warning'}>
                    {x.paidAt
                      ? t('chargingH5.paid')
                      : x.status === 'completed'
                        ? t('chargingH5.unpaid')
                        : t(`chargingH5.status.${x.status}`)}
                  </Tag>
                </span>
              }
              onClick={() => navigate(x.status === 'completed' ? `/me/charging/receipts/${x.id}` : '/me/charging')}
            >
              {x.stationName} · {x.portLabel}
            </List.Item>
          ))
        )}
      </List>
    </div>
  );
}
