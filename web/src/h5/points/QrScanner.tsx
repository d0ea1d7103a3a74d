import { Button } from 'antd-mobile';
import jsQR from 'jsqr';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

interface Detector {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}
type DetectorClass = new (options: { formats: string[] }) => Detector;

/** How often a frame is looked at. */
const EVERY_MS = 200;

/**
 * The camera, looking for a QR code: the browser's own BarcodeDetector where it has
 * one (Android Chrome), else jsQR on the frames. Loaded only when opened.
 */
export default function QrScanner({ onCode, onClose }: { onCode: (text: string) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const onCodeRef = useRef(onCode);
  onCodeRef.current = onCode;

  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d', { willReadFrequently: true });
    const Native = (globalThis as { BarcodeDetector?: DetectorClass }).BarcodeDetector;
    const detector = Native ? new Native({ formats: ['qr_code'] }) : null;

    const look = async () => {
      const v = video.current;
      if (stopped || !v || !context) return;
      if (v.readyState >= 2 && v.videoWidth > 0) {
        let found: string | null = null;
        if (detector) {
          found = (await detector.detect(v).catch(() => []))[0]?.rawValue ?? null;
        } else {
          // A smaller frame is read faster and still holds a phone-sized code.
          const scale = Math.min(1, 640 / Math.max(v.videoWidth, v.videoHeight));
          canvas.width = Math.round(v.videoWidth * scale);
          canvas.height = Math.round(v.videoHeight * scale);
          context.drawImage(v, 0, 0, canvas.width, canvas.height);
          const image = context.getImageData(0, 0, canvas.width, canvas.height);
          found = jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' })?.data ?? null;
        }
        if (found && !stopped) {
          stopped = true;
          onCodeRef.current(found);
          return;
        }
      }
      timer = setTimeout(() => void look(), EVERY_MS);
    };

    (async () => {
      if (!navigator.mediaDevices?.getUserMedia) {
        setFailure(t('merchant.scanUnsupported'));
        return;
      }
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
        if (stopped) return;
        const v = video.current!;
        v.srcObject = stream;
        await v.play().catch(() => undefined);
        void look();
      } catch {
        setFailure(t('merchant.scanDenied'));
      }
    })();

    return () => {
      stopped = true;
      clearTimeout(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [t]);

  return (
    <div className="h5-scanner" data-testid="qr-scanner">
      {failure ? (
        <div className="h5-scanner-failure">{failure}</div>
      ) : (
        <div className="h5-scanner-view">
          <video ref={video} muted playsInline />
          <div className="h5-scanner-frame" />
        </div>
      )}
      <p className="h5-muted h5-scanner-hint">{t('merchant.scanHint')}</p>
      <Button block fill="outline" onClick={onClose}>
        {t('common.close')}
      </Button>
    </div>
  );
}
