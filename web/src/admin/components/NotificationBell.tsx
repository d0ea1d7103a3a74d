import { BellOutlined } from '@ant-design/icons';
import { App, Badge, Button, Dropdown, Empty, List, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useLive } from '../../shared/live.tsx';
import { useNotifications } from '../../shared/notifications.tsx';
import { formatDateTime } from '../../shared/time.ts';
import type { AppNotification } from '../../shared/types.ts';

/** Links are paths inside the app (/matters/42); anything else is not followed. */
function inAppPath(link: string): string | null {
  return link.startsWith('/') && !link.startsWith('//') ? link : null;
}

/** The header bell: unread count, the latest notifications, and a pop-up as each arrives. */
export function NotificationBell() {
  const { t } = useTranslation();
  const { notification } = App.useApp();
  const navigate = useNavigate();
  const { unread, items, markRead } = useNotifications();
  const [open, setOpen] = useState(false);

  const follow = (item: { id: number; link: string }) => {
    setOpen(false);
    void markRead([item.id]).catch(() => undefined);
    const path = inAppPath(item.link);
    if (path) navigate(path);
  };

  useLive('notification', (event) => {
    const key = `n${event.id}`;
    const path = inAppPath(event.link);
    notification.info({
      key,
      title: event.title,
      placement: 'bottomRight',
      icon: <BellOutlined style={{ color: '#1f5fbf' }} />,
      actions: path && (
        <Button
          type="primary"
          size="small"
          onClick={() => {
            notification.destroy(key);
            follow(event);
          }}
        >
          {t('notifications.view')}
        </Button>
      ),
    });
  });

  const panel = (
    <div className="gz-bell-panel" data-testid="notification-panel">
      <div className="gz-bell-head">
        <strong>{t('notifications.title')}</strong>
        <Button type="link" size="small" disabled={unread === 0} onClick={() => void markRead()}>
          {t('notifications.markAllRead')}
        </Button>
      </div>
      {items && items.length > 0 ? (
        <List<AppNotification>
          size="small"
          dataSource={items}
          className="gz-bell-list"
          renderItem={(item) => (
            <List.Item
              className={item.read ? 'gz-bell-item' : 'gz-bell-item gz-bell-unread'}
              onClick={() => follow(item)}
            >
              <div className="gz-bell-text">
                <div className="gz-bell-title">{item.title}</div>
                {item.body && (
                  <Typography.Text type="secondary" ellipsis className="gz-bell-body">
                    {item.body}
                  </Typography.Text>
                )}
                <div className="gz-muted gz-small">{formatDateTime(item.createdAt)}</div>
              </div>
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />
      )}
    </div>
  );

  return (
    <Dropdown open={open} onOpenChange={setOpen} trigger={['click']} popupRender={() => panel} placement="bottomRight">
      <Button type="text" className="gz-bell" aria-label={t('notifications.bell')} data-testid="notification-bell">
        <Badge count={unread} size="small" overflowCount={99}>
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Dropdown>
  );
}
