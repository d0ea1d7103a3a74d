import { toString as qrToSvg } from 'qrcode';
import { useEffect, useState } from 'react';

/** A QR code of text, drawn as SVG by the qrcode package (no network, no canvas). */
export function QrCode({
  text,
  size = 220,
  label,
  className = 'h5-qr',
  testId = 'voucher-qr',
}: {
  text: string;
  size?: number;
  label: string;
  className?: string;
  testId?: string;
}) {
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    qrToSvg(text, {
      type: 'svg',
      margin: 1,
      errorCorrectionLevel: 'M',
      color: { dark: '#1f1f1f', light: '#ffffff' },
    }).then(
      (out) => live && setSvg(out),
      () => live && setSvg(null),
    );
    return () => {
      live = false;
    };
  }, [text]);
  return (
    <div className={className} style={{ width: size, height: size }} data-testid={testId}>
      {svg && (
        <img
          src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
          width={size}
          height={size}
          alt={label}
        />
      )}
    </div>
  );
}
