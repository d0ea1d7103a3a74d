import { TabBar } from 'antd-mobile';
import { AppOutline, StarOutline, TeamOutline, UnorderedListOutline, UserOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useNotifications } from '../shared/notifications.tsx';

const TABS = [
  { key: '/', icon: <AppOutline />, label: 'home' },
  { key: '/matters', icon: <UnorderedListOutline />, label: 'matters' },
  { key: '/points', icon: <StarOutline />, label: 'points' },
  { key: '/community', icon: <TeamOutline />, label: 'community' },
  { key: '/me', icon: <UserOutline />, label: 'me' },
] as const;

export function TabLayout() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const { unread } = useNotifications();
  const active = TABS.find((tab) => tab.key === location.pathname)?.key ?? '/';
  return (
    <div className="h5-app">
      <main className="h5-body">
        <Outlet />
      </main>
      <nav className="h5-tabbar">
        <TabBar activeKey={active} onChange={(key) => navigate(key)} safeArea>
          {TABS.map((tab) => (
            <TabBar.Item
              key={tab.key}
              icon={tab.icon}
              title={t(`h5.tabs.${tab.label}`)}
              // Unread messages wait under 我的 → 消息 (and the bell on the home page).
              badge={tab.key === '/me' && unread > 0 ? (unread > 99 ? '99+' : unread) : undefined}
            />
          ))}
        </TabBar>
      </nav>
    </div>
  );
}
