import { Button, Dialog, ErrorBlock, Toast } from 'antd-mobile';
import { CheckCircleFill, EnvironmentOutline } from 'antd-mobile-icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../shared/api.ts';
import { pointsCalls, pointsKeys, pointsQueries } from '../../shared/query/points.ts';
import { formatFen, groupCode, VOUCHER_STATUS_COLORS, voucherStatusLabel, reasonOf } from '../../shared/points.ts';
import { formatDateTime } from '../../shared/time.ts';
import type { Voucher } from '../../shared/types.ts';
import { ColorTag } from '../components/ColorTag.tsx';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { QrCode } from '../../shared/QrCode.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';

/** While the voucher is held its page looks again this often, to show the merchant's redemption. */
const POLL_MS = 5_000;

/** A voucher to show at the counter: QR code and the short code, large; cancel while unused. */
export default function VoucherPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const passed = (useLocation().state as { voucher?: Voucher } | null)?.voucher;
  const queryClient = useQueryClient();
  // Held: look again now and then (while the page is in view), so the holder sees the merchant redeem it.
  const found = useQuery({
    ...pointsQueries.voucher(id),
    placeholderData: passed?.id === id ? passed : undefined,
    refetchInterval: (query) => (query.state.data?.status === 'held' ? POLL_MS : false),
  });
  const voucher = found.data;
  const [busy, setBusy] = useState(false);

  const cancel = async () => {
    if (!voucher) return;
    const ok = await Dialog.confirm({
      title: t('points.h5.cancelTitle'),
      content: t('points.h5.cancelBody', { points: voucher.points }),
      confirmText: t('points.h5.cancelVoucher'),
      cancelText: t('points.h5.keepVoucher'),
    });
    if (!ok) return;
    setBusy(true);
    try {
      queryClient.setQueryData(pointsKeys.voucher(id), await pointsCalls.cancelVoucher(voucher.id));
      void queryClient.invalidateQueries({ queryKey: pointsKeys.all });
      Toast.show({ icon: 'success', content: t('points.h5.cancelled', { points: voucher.points }) });
    } catch (e) {
      Toast.show({ icon: 'fail', content: reasonOf(e) });
      if (e instanceof ApiError && e.status === 409) void queryClient.invalidateQueries({ queryKey: pointsKeys.all });
    } finally {
      setBusy(false);
    }
  };

  let content: ReactNode;
  if (voucher === undefined)
    content = found.error ? <LoadFailed error={found.error} onRetry={() => void found.refetch()} /> : <ListSkeleton />;
  else if (voucher === null) content = <ErrorBlock status="empty" title={t('points.h5.voucherMissing')} />;
  else {
    const held = voucher.status === 'held';
    content = (
      <div className="h5-voucher" data-testid="voucher" data-status={voucher.status}>
        <section className={`h5-voucher-ticket${held ? '' : ' h5-voucher-ticket-used'}`}>
          <div className="h5-voucher-ticket-head">
            <div>
              <div className="h5-voucher-ticket-item">{voucher.itemName}</div>
              <div className="h5-voucher-ticket-merchant">{voucher.merchantName}</div>
            </div>
            <ColorTag color={VOUCHER_STATUS_COLORS[voucher.status]} testId="voucher-status">
              {voucherStatusLabel(t, voucher.status)}
            </ColorTag>
          </div>
          {held && voucher.qrToken ? (
            <>
              <QrCode text={voucher.qrToken} label={t('points.h5.qrLabel')} />
              <div className="h5-voucher-code" data-testid="voucher-code" data-code={voucher.code}>
                {groupCode(voucher.code)}
              </div>
              <p className="h5-voucher-hint">{t('points.h5.showAtCounter')}</p>
            </>
          ) : (
            <div className="h5-voucher-done">
              {voucher.status === 'redeemed' && <CheckCircleFill className="h5-voucher-done-icon" />}
              <div className="h5-voucher-code h5-voucher-code-used" data-testid="voucher-code" data-code={voucher.code}>
                {groupCode(voucher.code)}
              </div>
              <p className="h5-voucher-hint">
                {voucher.status === 'redeemed' && voucher.redeemedAt
                  ? t('points.h5.redeemedAt', { at: formatDateTime(voucher.redeemedAt).slice(0, 16) })
                  : voucher.status === 'expired'
                    ? t('points.h5.expiredReturned', { points: voucher.points })
                    : t('points.h5.releasedReturned', { points: voucher.points })}
              </p>
            </div>
          )}
        </section>
        <section className="h5-card">
          <dl className="h5-facts">
            <dt>{t('points.h5.price')}</dt>
            <dd>{t('points.pointsValue', { points: voucher.points })}</dd>
            <dt>{t('points.h5.value')}</dt>
            <dd>{formatFen(voucher.cashValueFen)}</dd>
            <dt>{t('points.h5.createdAt')}</dt>
            <dd>{formatDateTime(voucher.createdAt).slice(0, 16)}</dd>
            <dt>{t('points.h5.validUntil')}</dt>
            <dd data-testid="voucher-expiry">{formatDateTime(voucher.expiresAt).slice(0, 16)}</dd>
          </dl>
          {voucher.merchantAddress && (
            <div className="h5-muted h5-small h5-voucher-address">
              <EnvironmentOutline /> {voucher.merchantAddress}
            </div>
          )}
        </section>
        {held && (
          <div className="h5-section">
            <Button
              block
              fill="outline"
              color="danger"
              loading={busy}
              onClick={() => void cancel()}
              data-testid="voucher-cancel"
            >
              {t('points.h5.cancelVoucher')}
            </Button>
            <p className="h5-tip">{t('points.h5.cancelHint', { points: voucher.points })}</p>
          </div>
        )}
      </div>
    );
  }

  return (
    <div className="h5-page h5-voucher-page">
      <PageNavBar
        title={t('points.h5.voucherTitle')}
        onBack={() => (window.history.length > 1 ? navigate(-1) : navigate('/points/vouchers'))}
      />
      {content}
    </div>
  );
}
