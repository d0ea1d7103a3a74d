import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { PageHeader } from '../components/PageHeader.tsx';
import { MatterDetailView } from '../matters/MatterDetailView.tsx';
import { NotFoundPage } from '../components/NotFoundPage.tsx';

/** /matters/:id — where notification links lead. */
export default function MatterPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  if (!Number.isInteger(id) || id <= 0) return <NotFoundPage />;
  return (
    <div className="gz-page">
      <PageHeader title={t('nav.matterDetail')} description={t('matters.workflow')} />
      <Card className="gz-matter-page">
        <MatterDetailView key={id} matterId={id} />
      </Card>
    </div>
  );
}
