import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, List, Space, Tag, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { yuan, type MySessionView } from '../../shared/iot.ts';
import { reasonOf } from '../../shared/points.ts';
import { chargingActions, chargingKeys, chargingQueries } from '../../shared/query/charging.ts';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';
import { BillLines } from './BillLines.tsx';
import { TopUpButtons } from './TopUpButtons.tsx';
import './charging.css';

/**
 * 扫码充电: the page a port's QR code opens. The signed-in resident or courier sees the port
 * and its prices, starts a session of their own, watches it (polled while charging), stops
 * it, and pays the bill from their balance.
 */
export default function ChargePortPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { code = '' } = useParams();
  const queryClient = useQueryClient();
  const port = useQuery(chargingQueries.port(code));
  const act = useMutation({
    mutationFn: (run: () => Promise<unknown>) => run(),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: chargingKeys.mine() }),
    onError: (e) => Toast.show({ icon: 'fail', content: reasonOf(e) }),
  });

  if (port.error) return <LoadFailed error={port.error} onRetry={() => void port.refetch()} />;
  const p = port.data;
  const mine = p?.mine ?? null;
  const canStart = p?.open && !p.busy && p.tariff !== null && mine === null;

  return (
    <div className="h5-page" data-testid="charge-port">
      <PageNavBar title={t('chargingH5.title')} onBack={() => navigate('/me/charging')} />
      {!p ? (
        <ListSkeleton />
      ) : (
        <>
          <div className="h5-charge-head">
            <div className="h5-charge-station">{p.stationName}</div>
            <div className="h5-charge-port" data-testid="charge-port-name">
              {t('chargingH5.port', { port: p.portLabel })}
            </div>
            <div className="h5-muted h5-small">{p.address}</div>
            <Space wrap style={{ marginTop: 8 }}>
              {!p.open ? (
                <Tag color="default">{t('chargingH5.closed')}</Tag>
              ) : p.busy && !mine ? (
                <Tag color="warning">{t('chargingH5.busy')}</Tag>
              ) : mine?.status === 'charging' ? (
                <Tag color="success">{t('chargingH5.charging')}</Tag>
              ) : (
                <Tag color="success" fill="outline">
                  {t('chargingH5.free')}
                </Tag>
              )}
            </Space>
          </div>

          {mine?.status === 'charging' && mine.live && <LivePanel session={mine} />}
          {mine?.status === 'completed' && (
            <div className="h5-charge-card" data-testid="charge-bill">
              <div className="h5-charge-card-title">{t('chargingH5.stopped')}</div>
              <BillLines session={mine} />
            </div>
          )}

          <List header={t('chargingH5.prices')} className="h5-list">
            {p.tariff ? (
              <>
                {p.tariff.bands.map((b) => (
                  <List.Item key={`${b.kind}${b.start}`} extra={t('chargingH5.perKwh', { price: b.price })}>
                    {t('chargingH5.band', { name: b.name, start: b.start, end: b.end })}
                  </List.Item>
                ))}
                <List.Item extra={t('chargingH5.perKwh', { price: p.tariff.servicePrice })}>
                  {t('chargingH5.service')}
                </List.Item>
              </>
            ) : (
              <List.Item>{t('chargingH5.noTariff')}</List.Item>
            )}
          </List>

          <List header={t('chargingH5.balance')} className="h5-list">
            <List.Item
              extra={
                <strong data-testid="charge-balance">{t('chargingH5.yuan', { amount: yuan(p.balanceFen) })}</strong>
              }
            >
              {t('chargingH5.balance')}
            </List.Item>
          </List>
          {mine === null && p.balanceFen < p.minStartBalanceFen && (
            <div className="h5-charge-note">{t('chargingH5.needBalance', { amount: yuan(p.minStartBalanceFen) })}</div>
          )}
          <TopUpButtons disabled={act.isPending} onTopUp={(fen) => act.mutate(() => chargingActions.topUp(fen))} />

          <div className="h5-charge-actions">
            {mine === null && (
              <Button
                block
                color="primary"
                size="large"
                disabled={!canStart}
                loading={act.isPending}
                data-testid="charge-start"
                onClick={() => act.mutate(() => chargingActions.start(code))}
              >
                {t('chargingH5.start')}
              </Button>
            )}
            {mine?.status === 'charging' && (
              <Button
                block
                color="danger"
                size="large"
                loading={act.isPending}
                data-testid="charge-stop"
                onClick={async () => {
                  if (await Dialog.confirm({ content: t('chargingH5.stopConfirm') }))
                    act.mutate(() => chargingActions.stop(mine.id));
                }}
              >
                {t('chargingH5.stop')}
              </Button>
            )}
            {mine?.status === 'completed' && mine.paidAt === null && (
              <Button
                block
                color="primary"
                size="large"
                loading={act.isPending}
                data-testid="charge-pay"
                onClick={() =>
                  act.mutate(async () => {
                    await chargingActions.pay(mine.id);
                    Toast.show({ icon: 'success', content: t('chargingH5.paid') });
                    navigate(`/me/charging/receipts/${mine.id}`);
                  })
                }
              >
                {t('chargingH5.pay', { amount: yuan(mine.totalFen) })}
              </Button>
            )}
          </div>
        </>
      )}
    </div>
  );
}

/** How far my session has got: energy, minutes and the amount so far, from the charger's latest reading. */
function LivePanel({ session }: { session: MySessionView }) {
  const { t } = useTranslation();
  const live = session.live!;
  return (
    <div className="h5-charge-card h5-charge-live" data-testid="charge-live">
      <div className="h5-charge-figures">
        <div>
          <div className="h5-muted h5-small">{t('chargingH5.energy')}</div>
          <strong data-testid="charge-live-energy">{live.energyKwh} kWh</strong>
        </div>
        <div>
          <div className="h5-muted h5-small">{t('chargingH5.minutes')}</div>
          <strong>{t('chargingH5.minutesValue', { minutes: live.minutes })}</strong>
        </div>
        <div>
          <div className="h5-muted h5-small">{t('chargingH5.running')}</div>
          <strong data-testid="charge-live-amount">{t('chargingH5.yuan', { amount: yuan(live.runningFen) })}</strong>
        </div>
      </div>
      <div className="h5-muted h5-small">{t('chargingH5.liveNote')}</div>
    </div>
  );
}
