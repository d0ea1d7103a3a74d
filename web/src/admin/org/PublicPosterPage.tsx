import { PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Skeleton, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { publicPageUrl, publicPagesApi } from '../../shared/publicpages.ts';
import { QrCode } from '../../shared/QrCode.tsx';
import { LoadError } from '../components/LoadError.tsx';

/**
 * A poster of a community's public page (公示) for the notice board: its name, what the page shows and
 * a large QR code of the short link, on one A4 sheet. The name is read from the public page itself.
 */
export default function PublicPosterPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const communityId = Number(params.get('communityId')) || 0;
  const page = useQuery({
    queryKey: ['publicPages', 'community', communityId],
    queryFn: () => publicPagesApi.community(communityId),
    enabled: communityId > 0,
  });
  const name = page.data?.community.name;
  useEffect(() => {
    if (name) document.title = t('publicPages.poster.heading', { name });
  }, [name, t]);
  const url = publicPageUrl(communityId);

  return (
    <div className="gz-board-print-page">
      <div className="gz-print-toolbar">
        <Typography.Text type="secondary">{t('publicPages.poster.printHint')}</Typography.Text>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} disabled={!page.data}>
          {t('publicPages.poster.printNow')}
        </Button>
      </div>
      <div className="gz-board-print-sheet gz-public-poster" data-testid="public-poster">
        {page.error ? (
          <LoadError error={page.error} onRetry={() => void page.refetch()} />
        ) : !page.data ? (
          <Skeleton active paragraph={{ rows: 10 }} />
        ) : (
          <>
            <h1 className="gz-public-poster-title">{t('publicPages.poster.heading', { name })}</h1>
            <div className="gz-public-poster-lead">{t('publicPages.poster.lead')}</div>
            <QrCode
              text={url}
              size={360}
              label={t('publicPages.poster.qrLabel')}
              className=""
              testId="public-poster-qr"
            />
            <div className="gz-public-poster-items">{t('publicPages.poster.items')}</div>
            <div className="gz-public-poster-url">
              {t('publicPages.poster.orOpen')} <strong>{url}</strong>
            </div>
          </>
        )}
      </div>
    </div>
  );
}
