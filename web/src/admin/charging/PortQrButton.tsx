import { QrcodeOutlined } from '@ant-design/icons';
import { Button, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QrCode } from '../../shared/QrCode.tsx';
import type { PortView } from '../../shared/iot.ts';
import './port-qr.css';

/** The address a port's QR sticker holds: the H5 scan-to-charge page of its code. */
export const chargePortUrl = (code: string) => `${window.location.origin}/h5/charge/${code}`;

/** 扫码充电二维码: a port's QR code for staff to print and stick beside the plug. */
export function PortQrButton({ port, stationName }: { port: PortView; stationName: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const url = chargePortUrl(port.code);
  return (
    <>
      <Button
        size="small"
        type="link"
        icon={<QrcodeOutlined />}
        aria-label={t('chargingH5.qr')}
        data-testid={`port-qr-${port.label}`}
        onClick={() => setOpen(true)}
      />
      <Modal
        open={open}
        title={`${t('chargingH5.qr')} · ${stationName} ${port.label}`}
        onCancel={() => setOpen(false)}
        footer={[
          <Button key="print" onClick={() => window.print()}>
            {t('chargingH5.print')}
          </Button>,
        ]}
      >
        <div
          className="gz-port-qr-sticker"
          style={{ display: 'grid', justifyItems: 'center', gap: 8 }}
          data-testid="port-qr"
        >
          <QrCode
            text={url}
            size={240}
            label={`${stationName} ${port.label}`}
            className="gz-qr"
            testId="port-qr-code"
          />
          <Typography.Text strong>
            {stationName} · {port.label}
          </Typography.Text>
          <Typography.Text type="secondary">{t('chargingH5.qrHint', { port: port.label })}</Typography.Text>
          <Typography.Text copyable className="gz-small gz-mono" data-testid="port-qr-url">
            {url}
          </Typography.Text>
        </div>
      </Modal>
    </>
  );
}
