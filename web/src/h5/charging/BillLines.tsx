import { useTranslation } from 'react-i18next';
import { yuan, type MySessionView } from '../../shared/iot.ts';

/** A billed session itemised: the energy per band, then electricity, service fee and total (实充实付). */
export function BillLines({ session }: { session: MySessionView }) {
  const { t } = useTranslation();
  return (
    <table className="h5-charge-bill">
      <tbody>
        {session.lines.map((l) => (
          <tr key={`${l.tariffId}${l.band}`}>
            <td>
              {l.bandName} {l.period}
            </td>
            <td className="h5-num">{l.energyKwh} kWh</td>
            <td className="h5-num">× {l.price}</td>
          </tr>
        ))}
        <tr>
          <td colSpan={2}>{t('chargingH5.electricity')}</td>
          <td className="h5-num">{yuan(session.electricityFen)}</td>
        </tr>
        <tr>
          <td colSpan={2}>
            {t('chargingH5.serviceFee')} ({session.energyKwh} kWh × {session.lines[0]?.servicePrice ?? '—'})
          </td>
          <td className="h5-num">{yuan(session.serviceFen)}</td>
        </tr>
        <tr className="h5-charge-total">
          <td colSpan={2}>{t('chargingH5.total')}</td>
          <td className="h5-num" data-testid="charge-total">
            {t('chargingH5.yuan', { amount: yuan(session.totalFen) })}
          </td>
        </tr>
      </tbody>
    </table>
  );
}
