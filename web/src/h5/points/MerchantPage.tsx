import { Button, ErrorBlock, Input, Popup, PullToRefresh, Segmented } from 'antd-mobile';
import { CheckCircleFill, CloseCircleFill, ScanningOutline } from 'antd-mobile-icons';
import dayjs from 'dayjs';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import { formatFen, groupCode, normaliseVoucherCode, reasonOf } from '../../shared/points.ts';
import { formatDateTime } from '../../shared/time.ts';
import { pointsCalls, pointsKeys, pointsQueries } from '../../shared/query/points.ts';
import type { Voucher } from '../../shared/types.ts';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';

const QrScanner = lazy(() => import('./QrScanner.tsx'));

type Outcome = { ok: true; voucher: Voucher; at: number } | { ok: false; message: string; code: string; at: number };
type Span = 'today' | 'month' | 'lastMonth';

function spanRange(span: Span): { from: string; to: string } {
  const now = dayjs().tz('Asia/Shanghai');
  // The end is exclusive: the start of the next day or month.
  if (span === 'today')
    return { from: now.startOf('day').toISOString(), to: now.startOf('day').add(1, 'day').toISOString() };
  const month = (span === 'month' ? now : now.subtract(1, 'month')).startOf('month');
  return { from: month.toISOString(), to: month.add(1, 'month').toISOString() };
}

/** 商户核销: the merchant types, pastes or scans a voucher's code; each voucher is redeemed once. */
export default function MerchantPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const merchant = useQuery(pointsQueries.myMerchant());
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [scanning, setScanning] = useState(false);
  const [span, setSpan] = useState<Span>('today');
  const range = spanRange(span);
  const settlement = useQuery({
    ...pointsQueries.settlement(merchant.data?.id ?? 0, range),
    enabled: Boolean(merchant.data),
    placeholderData: keepPreviousData,
  });

  const redeem = async (raw: string) => {
    const value = normaliseVoucherCode(raw);
    if (value.length < 6 || busy) return;
    setBusy(true);
    try {
      const voucher = await pointsCalls.redeemVoucher(value);
      setOutcome({ ok: true, voucher, at: Date.now() });
      void queryClient.invalidateQueries({ queryKey: pointsKeys.all });
      setCode('');
    } catch (error) {
      setOutcome({ ok: false, message: reasonOf(error), code: value, at: Date.now() });
      void queryClient.invalidateQueries({ queryKey: pointsKeys.all });
    } finally {
      setBusy(false);
    }
  };

  if (merchant.data === null) {
    return (
      <div className="h5-page">
        <PageNavBar title={t('merchant.title')} onBack={() => navigate(-1)} />
        <ErrorBlock status="empty" title={t('merchant.notMerchant')} description={t('merchant.notMerchantHint')} />
      </div>
    );
  }

  return (
    <div className="h5-page h5-merchant-page">
      <PageNavBar title={t('merchant.title')} onBack={() => navigate(-1)} />
      {merchant.error && !merchant.data ? (
        <LoadFailed error={merchant.error} onRetry={() => void merchant.refetch()} />
      ) : !merchant.data ? (
        <ListSkeleton />
      ) : (
        <PullToRefresh onRefresh={async () => void (await settlement.refetch())}>
          <div className="h5-merchant-banner">
            <strong>{merchant.data.name}</strong>
            <span>{merchant.data.address}</span>
            <Button
              size="mini"
              fill="outline"
              onClick={() => navigate('/merchant/credit')}
              data-testid="my-credit-link"
            >
              {t('credit.mineTitle')}
            </Button>
          </div>
          <section className="h5-card">
            <label className="h5-card-title" htmlFor="redeem-code">
              {t('merchant.redeemTitle')}
            </label>
            <div className="h5-redeem-row">
              <Input
                id="redeem-code"
                className="h5-input h5-redeem-input"
                value={code}
                onChange={setCode}
                placeholder={t('merchant.codePlaceholder')}
                autoComplete="off"
                autoCapitalize="characters"
                clearable
                onEnterPress={() => void redeem(code)}
              />
              <Button
                className="h5-scan-button"
                fill="outline"
                color="primary"
                onClick={() => setScanning(true)}
                aria-label={t('merchant.scan')}
              >
                <ScanningOutline />
              </Button>
            </div>
            <Button
              block
              color="primary"
              size="large"
              className="h5-redeem-submit"
              loading={busy}
              disabled={normaliseVoucherCode(code).length < 6}
              onClick={() => void redeem(code)}
              data-testid="redeem-submit"
            >
              {t('merchant.redeem')}
            </Button>
            <p className="h5-muted h5-small">{t('merchant.codeHint')}</p>
          </section>

          {outcome?.ok && (
            <section className="h5-card h5-outcome h5-outcome-ok" data-testid="redeem-success" key={outcome.at}>
              <div className="h5-outcome-head">
                <CheckCircleFill /> {t('merchant.success')}
              </div>
              <div className="h5-outcome-item">{outcome.voucher.itemName}</div>
              <dl className="h5-facts">
                <dt>{t('merchant.cashValue')}</dt>
                <dd className="h5-outcome-money">{formatFen(outcome.voucher.cashValueFen)}</dd>
                <dt>{t('points.h5.price')}</dt>
                <dd>{t('points.pointsValue', { points: outcome.voucher.points })}</dd>
                <dt>{t('merchant.code')}</dt>
                <dd className="h5-mono">{groupCode(outcome.voucher.code)}</dd>
                <dt>{t('merchant.redeemedAt')}</dt>
                <dd>{formatDateTime(outcome.voucher.redeemedAt).slice(5, 19)}</dd>
              </dl>
            </section>
          )}
          {outcome && !outcome.ok && (
            <section
              className="h5-card h5-outcome h5-outcome-refused"
              data-testid="redeem-refused"
              role="alert"
              key={outcome.at}
            >
              <div className="h5-outcome-head">
                <CloseCircleFill /> {t('merchant.refused')}
              </div>
              <div className="h5-outcome-message">{outcome.message}</div>
              <div className="h5-muted h5-small">{t('merchant.refusedCode', { code: groupCode(outcome.code) })}</div>
            </section>
          )}

          <section className="h5-card" data-testid="settlement">
            <div className="h5-card-title">{t('merchant.settlement')}</div>
            <Segmented
              block
              value={span}
              onChange={(value) => setSpan(value as Span)}
              options={(['today', 'month', 'lastMonth'] as Span[]).map((s) => ({
                value: s,
                label: t(`merchant.spans.${s}`),
              }))}
            />
            {settlement.error && !settlement.data ? (
              <div className="h5-warning">{errorMessage(settlement.error)}</div>
            ) : settlement.data ? (
              <>
                <div className="h5-settle-totals">
                  <div>
                    <strong data-testid="settle-count">{settlement.data.totals.count}</strong>
                    <span>{t('merchant.count')}</span>
                  </div>
                  <div>
                    <strong>{settlement.data.totals.points}</strong>
                    <span>{t('merchant.points')}</span>
                  </div>
                  <div>
                    <strong>{formatFen(settlement.data.totals.cashFen)}</strong>
                    <span>{t('merchant.owed')}</span>
                  </div>
                </div>
                {settlement.data.days.length === 0 ? (
                  <div className="h5-muted">{t('merchant.noRedemptions')}</div>
                ) : (
                  <table className="h5-settle-days">
                    <thead>
                      <tr>
                        <th>{t('merchant.day')}</th>
                        <th>{t('merchant.count')}</th>
                        <th>{t('merchant.points')}</th>
                        <th>{t('merchant.owed')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {settlement.data.days.map((d) => (
                        <tr key={d.day}>
                          <td>{d.day.slice(5, 10)}</td>
                          <td>{d.count}</td>
                          <td>{d.points}</td>
                          <td>{formatFen(d.cashFen)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </>
            ) : (
              <ListSkeleton lines={3} />
            )}
          </section>
        </PullToRefresh>
      )}
      <Popup visible={scanning} onMaskClick={() => setScanning(false)} bodyClassName="h5-sheet" destroyOnClose>
        <div className="h5-sheet-title">{t('merchant.scan')}</div>
        <Suspense fallback={<ListSkeleton lines={3} />}>
          {scanning && (
            <QrScanner
              onClose={() => setScanning(false)}
              onCode={(text) => {
                setScanning(false);
                setCode(text);
                void redeem(text);
              }}
            />
          )}
        </Suspense>
      </Popup>
    </div>
  );
}
