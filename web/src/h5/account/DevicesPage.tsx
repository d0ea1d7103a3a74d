import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, List, Tag, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import {
  type SignedInDevice,
  selfServiceCalls,
  selfServiceKeys,
  selfServiceQueries,
} from '../../shared/query/self-service.ts';
import { formatDateTime } from '../../shared/time.ts';
import { deviceName } from '../../shared/user-agent.ts';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';
import './account.css';

/** 登录设备: the devices signed in to one's account, this one marked; any other can be signed out. */
export function DevicesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const devices = useQuery(selfServiceQueries.devices());

  const signOut = async (handle: string, confirm: string) => {
    if (!(await Dialog.confirm({ content: confirm, confirmText: t('selfService.devices.signOut') }))) return;
    try {
      const { ended } = await selfServiceCalls.signOut(handle);
      Toast.show({ icon: 'success', content: t('selfService.devices.signedOut', { count: ended }) });
    } catch (error) {
      Toast.show({ icon: 'fail', content: errorMessage(error) });
    }
    await queryClient.invalidateQueries({ queryKey: selfServiceKeys.devices() });
  };

  const nameOf = (d: SignedInDevice) => deviceName(d.userAgent) ?? t('selfService.devices.unknownDevice');
  const items = devices.data?.items ?? [];
  const others = items.filter((d) => !d.current);

  return (
    <div className="h5-page h5-standalone" data-testid="devices-page">
      <PageNavBar title={t('selfService.devices.title')} onBack={() => navigate('/me')} />
      <p className="h5-self-hint">{t('selfService.devices.hint')}</p>
      {devices.error && !devices.data ? (
        <LoadFailed error={devices.error} onRetry={() => void devices.refetch()} />
      ) : !devices.data ? (
        <ListSkeleton lines={3} />
      ) : (
        <>
          <List className="h5-list">
            {[...items.filter((d) => d.current), ...others].map((d) => (
              <List.Item
                key={d.id}
                data-testid="device"
                description={
                  <>
                    <div>{t('selfService.devices.signedInAt', { time: formatDateTime(d.createdAt) })}</div>
                    {d.ip && <div className="gz-mono">{d.ip}</div>}
                  </>
                }
                extra={
                  d.current ? (
                    <Tag color="success" fill="outline">
                      {t('selfService.devices.current')}
                    </Tag>
                  ) : (
                    <Button
                      size="mini"
                      color="danger"
                      fill="outline"
                      onClick={() => void signOut(d.id, t('selfService.devices.signOutConfirm', { device: nameOf(d) }))}
                    >
                      {t('selfService.devices.signOut')}
                    </Button>
                  )
                }
              >
                {nameOf(d)}
              </List.Item>
            ))}
          </List>
          <div className="h5-section">
            {others.length > 1 ? (
              <Button
                block
                color="danger"
                fill="outline"
                onClick={() => void signOut('others', t('selfService.devices.signOutOthersConfirm'))}
              >
                {t('selfService.devices.signOutOthers')}
              </Button>
            ) : (
              others.length === 0 && <p className="h5-muted h5-self-center">{t('selfService.devices.empty')}</p>
            )}
          </div>
        </>
      )}
    </div>
  );
}
