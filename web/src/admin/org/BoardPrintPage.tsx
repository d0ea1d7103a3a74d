import { PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Skeleton, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { orgQueries } from '../../shared/query/org.ts';
import { QrCode } from '../../shared/QrCode.tsx';
import { LoadError } from '../components/LoadError.tsx';
import { BoardSheet } from './BoardPreview.tsx';

/**
 * 三亮一做 公示牌 for the building door: the board on one A4 sheet, with a QR code residents scan
 * to find the same people on their phone. Phones are whole only where the person chose to publish.
 */
export default function BoardPrintPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const buildingId = Number(params.get('buildingId')) || undefined;
  const gridId = Number(params.get('gridId')) || undefined;
  const board = useQuery({
    ...orgQueries.board(buildingId ? { buildingId } : { gridId }),
    enabled: Boolean(buildingId || gridId),
  });
  const place = board.data
    ? [board.data.community.name, board.data.grid?.name, board.data.building?.name].filter(Boolean).join(' · ')
    : '';
  useEffect(() => {
    if (place) document.title = `${t('board.title')} · ${place}`;
  }, [place, t]);

  return (
    <div className="gz-board-print-page">
      <div className="gz-print-toolbar">
        <Typography.Text type="secondary">{t('board.printHint')}</Typography.Text>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} disabled={!board.data}>
          {t('board.printNow')}
        </Button>
      </div>
      <div className="gz-board-print-sheet" data-testid="board-print">
        {board.error ? (
          <LoadError error={board.error} onRetry={() => void board.refetch()} />
        ) : !board.data ? (
          <Skeleton active paragraph={{ rows: 10 }} />
        ) : (
          <>
            <BoardSheet board={board.data} />
            <div className="gz-board-print-foot">
              <QrCode
                text={`${window.location.origin}/h5/community`}
                size={120}
                label={t('board.qrLabel')}
                className="gz-board-qr"
                testId="board-qr"
              />
              <div>
                <strong>{t('board.qrLabel')}</strong>
                <div>{t('board.qrHint')}</div>
              </div>
            </div>
          </>
        )}
      </div>
    </div>
  );
}
