import { EnvironmentOutlined } from '@ant-design/icons';
import { Alert, Button } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useOrgTree } from './OrgTreeContext.tsx';

/**
 * A list opened from the cockpit for a street or district below one's own area carries it as
 * `areaId`: the list passes it on to the API (and to its export) and says so above the table,
 * with a button that shows the whole list again. A list with no community control of its own
 * (`community: true`) takes the cockpit's `communityId` the same way.
 */
export function useAreaDrill(options: { community?: boolean } = {}): {
  areaId: number | undefined;
  communityId: number | undefined;
  banner: ReactNode;
} {
  const { t } = useTranslation();
  const { index } = useOrgTree();
  const [params, setParams] = useSearchParams();
  const positive = (name: string) => {
    const n = Number(params.get(name));
    return Number.isInteger(n) && n > 0 ? n : undefined;
  };
  const areaId = positive('areaId');
  const communityId = options.community ? positive('communityId') : undefined;
  const shown = areaId ?? communityId;
  if (shown === undefined) return { areaId, communityId, banner: null };
  const clear = () =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.delete('areaId');
        if (options.community) next.delete('communityId');
        return next;
      },
      { replace: true },
    );
  const banner = (
    <Alert
      type="info"
      showIcon
      icon={<EnvironmentOutlined />}
      style={{ marginBottom: 12 }}
      data-testid="area-drill"
      message={t('cockpit.areaDrill', { area: index?.divisionById.get(shown)?.name ?? `#${shown}` })}
      action={
        <Button size="small" onClick={clear}>
          {t('cockpit.areaDrillClear')}
        </Button>
      }
    />
  );
  return { areaId, communityId, banner };
}
