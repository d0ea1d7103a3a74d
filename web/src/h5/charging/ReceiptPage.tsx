import { useQuery } from '@tanstack/react-query';
import { Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { chargingQueries, receiptPrintUrl } from '../../shared/query/charging.ts';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';
import './charging.css';

/** 收费凭据: the server's receipt of my billed session (the same as the printable page), with whether it is paid. */
export default function ReceiptPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const receipt = useQuery(chargingQueries.receipt(id));
  const session = useQuery(chargingQueries.mySession(id));
  if (receipt.error) return <LoadFailed error={receipt.error} onRetry={() => void receipt.refetch()} />;
  const r = receipt.data;
  return (
    <div className="h5-page" data-testid="charge-receipt">
      <PageNavBar title={t('chargingH5.receipt')} onBack={() => navigate('/me/charging')} />
      {!r ? (
        <ListSkeleton />
      ) : (
        <div className="h5-charge-card">
          <div className="h5-charge-card-title">
            {r.station} · {r.port}{' '}
            {session.data && (
              <Tag color={session.data.paidAt ? 'success' : 'warning'} data-testid="charge-receipt-paid">
                {session.data.paidAt ? t('chargingH5.paid') : t('chargingH5.unpaid')}
              </Tag>
            )}
          </div>
          <div className="h5-muted h5-small">
            {r.startedAt} – {r.stoppedAt} · {r.meterStartKwh} → {r.meterEndKwh} kWh
          </div>
          <table className="h5-charge-bill">
            <tbody>
              {r.lines.map((l) => (
                <tr key={`${l.tariffId}${l.band}`}>
                  <td>
                    {l.bandName} {l.period}
                  </td>
                  <td className="h5-num">{l.energyKwh} kWh</td>
                  <td className="h5-num">{l.electricity}</td>
                </tr>
              ))}
              <tr>
                <td colSpan={2}>{t('chargingH5.electricity')}</td>
                <td className="h5-num">{r.electricityFee}</td>
              </tr>
              <tr>
                <td colSpan={2}>{t('chargingH5.serviceFee')}</td>
                <td className="h5-num">{r.serviceFee}</td>
              </tr>
              <tr className="h5-charge-total">
                <td colSpan={2}>{t('chargingH5.total')}</td>
                <td className="h5-num" data-testid="charge-receipt-total">
                  {t('chargingH5.yuan', { amount: r.total })}
                </td>
              </tr>
            </tbody>
          </table>
          <div className="h5-muted h5-small">{r.rounding}</div>
          <a className="h5-charge-print" href={receiptPrintUrl(r.sessionId)} target="_blank" rel="noreferrer">
            {t('chargingH5.printable')}
          </a>
        </div>
      )}
    </div>
  );
}
