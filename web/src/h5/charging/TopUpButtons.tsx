import { Button, Space } from 'antd-mobile';
import { useTranslation } from 'react-i18next';

/** Top-up amounts offered, in fen (10, 20 and 50 yuan). */
const AMOUNTS_FEN = [1000, 2000, 5000];

/** 充值: one button per amount; the money goes through the server's payment provider. */
export function TopUpButtons({ disabled, onTopUp }: { disabled: boolean; onTopUp: (fen: number) => void }) {
  const { t } = useTranslation();
  return (
    <Space wrap className="h5-charge-topups">
      {AMOUNTS_FEN.map((fen) => (
        <Button
          key={fen}
          size="small"
          disabled={disabled}
          data-testid={`charge-topup-${fen}`}
          onClick={() => onTopUp(fen)}
        >
          {t('chargingH5.topUpAmount', { amount: fen / 100 })}
        </Button>
      ))}
    </Space>
  );
}
