import { ExportOutlined } from '@ant-design/icons';
import { Button, Drawer } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { MatterDetailView } from './MatterDetailView.tsx';

/** A matter beside the list or map it was opened from. */
export function MatterDrawer({
  matterId,
  onClose,
  onChanged,
}: {
  matterId: number | null;
  onClose: () => void;
  onChanged?: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Drawer
      title={t('nav.matterDetail')}
      open={matterId !== null}
      onClose={onClose}
      size={760}
      destroyOnHidden
      extra={
        matterId !== null && (
          <Link to={`/matters/${matterId}`}>
            <Button icon={<ExportOutlined />}>{t('matters.detail.openPage')}</Button>
          </Link>
        )
      }
    >
      {matterId !== null && <MatterDetailView key={matterId} matterId={matterId} onChanged={onChanged} />}
    </Drawer>
  );
}
