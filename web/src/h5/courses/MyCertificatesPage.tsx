import { useQuery } from '@tanstack/react-query';
import { ErrorBlock, PullToRefresh, Tag } from 'antd-mobile';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { QrCode } from '../../shared/QrCode.tsx';
import { coursesQueries } from '../../shared/query/courses.ts';
import { formatDateTime } from '../../shared/time.ts';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';
import './courses.css';

/** 我的证书: training certificates with the QR of their verification page and the PDF. */
export default function MyCertificatesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const certs = useQuery(coursesQueries.certificates());

  let content: ReactNode;
  if (certs.error && !certs.data) content = <LoadFailed error={certs.error} onRetry={() => void certs.refetch()} />;
  else if (!certs.data) content = <ListSkeleton />;
  else if (certs.data.items.length === 0) content = <ErrorBlock status="empty" title={t('courses.noCertificates')} />;
  else
    content = certs.data.items.map((c) => (
      <section key={c.id} className="h5-card" data-testid={`certificate-${c.code}`}>
        <div className="h5-course-row">
          <span className="h5-course-title">{c.courseTitle}</span>
          <Tag color={c.revoked ? 'danger' : 'success'}>{c.revoked ? t('courses.revoked') : t('courses.valid')}</Tag>
        </div>
        <div className="h5-course-muted">
          {c.holderName} · {formatDateTime(c.issuedAt).slice(0, 10)}
        </div>
        <div className="h5-course-muted">{c.trainingLabel}</div>
        <QrCode text={c.verifyUrl} size={160} label={t('courses.verify')} testId="certificate-qr" />
        <div className="h5-course-row">
          <a href={`/api/courses/certificates/${c.code}/pdf`} target="_blank" rel="noreferrer">
            {t('courses.pdf')}
          </a>
          <a href={c.verifyUrl} target="_blank" rel="noreferrer" data-testid="certificate-verify">
            {t('courses.verify')}
          </a>
        </div>
      </section>
    ));

  return (
    <div className="h5-page">
      <PageNavBar title={t('courses.certificates')} onBack={() => navigate(-1)} />
      <PullToRefresh onRefresh={async () => void (await certs.refetch())}>{content}</PullToRefresh>
    </div>
  );
}
