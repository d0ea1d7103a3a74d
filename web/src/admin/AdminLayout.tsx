import {
  AlertOutlined,
  ApartmentOutlined,
  BankOutlined,
  BarChartOutlined,
  BellOutlined,
  BulbOutlined,
  CheckSquareOutlined,
  CoffeeOutlined,
  CommentOutlined,
  EyeInvisibleOutlined,
  FlagOutlined,
  FormOutlined,
  HeartOutlined,
  SolutionOutlined,
  ApiOutlined,
  AuditOutlined,
  CloudUploadOutlined,
  DashboardOutlined,
  FileAddOutlined,
  FileTextOutlined,
  GlobalOutlined,
  OrderedListOutlined,
  PieChartOutlined,
  RadarChartOutlined,
  ShopOutlined,
  SlidersOutlined,
  DownOutlined,
  EnvironmentOutlined,
  HomeOutlined,
  IdcardOutlined,
  KeyOutlined,
  LogoutOutlined,
  QrcodeOutlined,
  TeamOutlined,
  ThunderboltOutlined,
  MailOutlined,
  UserDeleteOutlined,
  UserOutlined,
  WifiOutlined,
  CrownOutlined,
  FundOutlined,
  FundProjectionScreenOutlined,
  ReconciliationOutlined,
  GiftOutlined,
  LikeOutlined,
  ProfileOutlined,
  ScheduleOutlined,
  SmileOutlined,
  StarOutlined,
  TrophyOutlined,
  UsergroupAddOutlined,
  WarningOutlined,
  SafetyOutlined,
  ReadOutlined,
  SafetyCertificateOutlined,
  NotificationOutlined,
} from '@ant-design/icons';
import { Avatar, Breadcrumb, Dropdown, Layout, Menu, Space, Spin, Tag, Typography, type MenuProps } from 'antd';
import { Suspense, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import logo from '../shared/assets/logo.svg';
import { primaryRole, primaryRoleLabel } from '../shared/labels.ts';
import { can, useMe, useSession } from '../shared/session.tsx';
import { RESTRICTED } from './guards.tsx';
import type { Permission, Role } from '../shared/types.ts';
import { ChangePasswordModal } from './components/ChangePasswordModal.tsx';
import { GlobalSearch } from './components/GlobalSearch.tsx';
import { LanguageSwitch } from './components/LanguageSwitch.tsx';
import { NotificationBell } from './components/NotificationBell.tsx';
import { RouteErrorBoundary } from './components/RouteErrorBoundary.tsx';
import { OrgTreeProvider, useOrgTree } from './org/OrgTreeContext.tsx';

type NavKey =
  | 'dashboard'
  | 'overview'
  | 'cockpit'
  | 'mattersQueue'
  | 'mattersMap'
  | 'supervision'
  | 'warnings'
  | 'assessment'
  | 'statistics'
  | 'reports'
  | 'matterNew'
  | 'stations'
  | 'serviceMap'
  | 'categories'
  | 'open311'
  | 'dlbTopics'
  | 'dlbMeetings'
  | 'dlbVotes'
  | 'dlbDecisions'
  | 'dlbDesks'
  | 'dlbModeration'
  | 'medCases'
  | 'medIntake'
  | 'medStudios'
  | 'medStats'
  | 'rightsCases'
  | 'oddjobs'
  | 'jobfairs'
  | 'alarms'
  | 'devices'
  | 'careBoard'
  | 'charging'
  | 'ptsOverview'
  | 'ptsRules'
  | 'ptsMerchants'
  | 'ptsAccounts'
  | 'ptsHonours'
  | 'volTeams'
  | 'volActivities'
  | 'volGoodDeeds'
  | 'volWishes'
  | 'volProjects'
  | 'org'
  | 'map'
  | 'persons'
  | 'buildings'
  | 'imports'
  | 'invitations'
  | 'audit'
  | 'users'
  | 'deletionRequests'
  | 'outbox'
  | 'fieldVisits'
  | 'fieldWorkLog'
  | 'courses'
  | 'courseCertificates'
  | 'welfare'
  | 'legal'
  | 'budgets'
  | 'elections'
  | 'alliance'
  | 'surveys'
  | 'credit'
  | 'access'
  | 'party'
  | 'campaigns'
  | 'notices'
  | 'compounds'
  | 'special';

interface NavItem {
  path: string;
  key: NavKey;
  icon: ReactNode;
  permission: Permission;
}

type NavGroupKey =
  | 'workbench'
  | 'matters'
  | 'analysis'
  | 'deliberation'
  | 'mediation'
  | 'points'
  | 'safety'
  | 'basicData'
  | 'system';

const NAV_GROUPS: {
  key: NavGroupKey;
  icon: ReactNode;
  items: NavItem[];
}[] = [
  {
    key: 'workbench',
    icon: <DashboardOutlined />,
    items: [
      { path: '/', key: 'dashboard', icon: <DashboardOutlined />, permission: 'org.read' },
      { path: '/overview', key: 'overview', icon: <PieChartOutlined />, permission: 'org.read' },
      { path: '/cockpit', key: 'cockpit', icon: <FundProjectionScreenOutlined />, permission: 'cockpit.read' },
    ],
  },
  {
    key: 'matters',
    icon: <OrderedListOutlined />,
    items: [
      { path: '/matters', key: 'mattersQueue', icon: <OrderedListOutlined />, permission: 'matters.read' },
      { path: '/matters/map', key: 'mattersMap', icon: <GlobalOutlined />, permission: 'matters.read' },
      { path: '/supervision', key: 'supervision', icon: <FlagOutlined />, permission: 'supervision.read' },
      { path: '/warnings', key: 'warnings', icon: <WarningOutlined />, permission: 'warnings.read' },
      { path: '/matters/new', key: 'matterNew', icon: <FileAddOutlined />, permission: 'matters.handle' },
      { path: '/stations', key: 'stations', icon: <ShopOutlined />, permission: 'matters.read' },
      { path: '/service-map', key: 'serviceMap', icon: <RadarChartOutlined />, permission: 'servicemap.read' },
      { path: '/matters/categories', key: 'categories', icon: <SlidersOutlined />, permission: 'matters.configure' },
      { path: '/matters/open311', key: 'open311', icon: <ApiOutlined />, permission: 'matters.configure' },
    ],
  },
  {
    // What a street reports upwards: the numbers, the month's 通报, the scores and the work they come from.
    key: 'analysis',
    icon: <FundOutlined />,
    items: [
      { path: '/statistics', key: 'statistics', icon: <FundOutlined />, permission: 'matters.read' },
      { path: '/reports', key: 'reports', icon: <FileTextOutlined />, permission: 'reports.read' },
      { path: '/assessment', key: 'assessment', icon: <TrophyOutlined />, permission: 'assessment.read' },
      { path: '/field/work-log', key: 'fieldWorkLog', icon: <ReconciliationOutlined />, permission: 'field.manage' },
    ],
  },
  {
    key: 'deliberation',
    icon: <BulbOutlined />,
    items: [
      { path: '/deliberation/topics', key: 'dlbTopics', icon: <BulbOutlined />, permission: 'deliberation.manage' },
      {
        path: '/deliberation/meetings',
        key: 'dlbMeetings',
        icon: <CoffeeOutlined />,
        permission: 'deliberation.manage',
      },
      {
        path: '/deliberation/votes',
        key: 'dlbVotes',
        icon: <CheckSquareOutlined />,
        permission: 'deliberation.manage',
      },
      {
        path: '/deliberation/decisions',
        key: 'dlbDecisions',
        icon: <FlagOutlined />,
        permission: 'deliberation.manage',
      },
      { path: '/budgets', key: 'budgets', icon: <FundOutlined />, permission: 'budgets.manage' },
      { path: '/elections', key: 'elections', icon: <CheckSquareOutlined />, permission: 'deliberation.manage' },
      { path: '/surveys', key: 'surveys', icon: <FormOutlined />, permission: 'surveys.manage' },
      { path: '/deliberation/desks', key: 'dlbDesks', icon: <BellOutlined />, permission: 'deliberation.manage' },
      {
        path: '/deliberation/moderation',
        key: 'dlbModeration',
        icon: <CommentOutlined />,
        permission: 'deliberation.manage',
      },
    ],
  },
  {
    key: 'mediation',
    icon: <SolutionOutlined />,
    items: [
      { path: '/mediation/cases', key: 'medCases', icon: <SolutionOutlined />, permission: 'mediation.read' },
      { path: '/mediation/cases/new', key: 'medIntake', icon: <FormOutlined />, permission: 'mediation.handle' },
      { path: '/mediation/studios', key: 'medStudios', icon: <BankOutlined />, permission: 'mediation.read' },
      { path: '/mediation/stats', key: 'medStats', icon: <BarChartOutlined />, permission: 'mediation.manage' },
      { path: '/rights/cases', key: 'rightsCases', icon: <SafetyOutlined />, permission: 'rights.read' },
      { path: '/oddjobs', key: 'oddjobs', icon: <SafetyOutlined />, permission: 'oddjobs.read' },
      { path: '/jobfairs', key: 'jobfairs', icon: <TeamOutlined />, permission: 'jobfairs.read' },
    ],
  },
  {
    key: 'points',
    icon: <StarOutlined />,
    items: [
      { path: '/points', key: 'ptsOverview', icon: <FundOutlined />, permission: 'points.read' },
      { path: '/points/rules', key: 'ptsRules', icon: <ProfileOutlined />, permission: 'points.read' },
      { path: '/points/merchants', key: 'ptsMerchants', icon: <GiftOutlined />, permission: 'points.read' },
      { path: '/points/accounts', key: 'ptsAccounts', icon: <StarOutlined />, permission: 'points.read' },
      { path: '/points/honours', key: 'ptsHonours', icon: <TrophyOutlined />, permission: 'points.read' },
      { path: '/volunteer/teams', key: 'volTeams', icon: <UsergroupAddOutlined />, permission: 'org.read' },
      { path: '/volunteer/activities', key: 'volActivities', icon: <ScheduleOutlined />, permission: 'org.read' },
      { path: '/volunteer/good-deeds', key: 'volGoodDeeds', icon: <LikeOutlined />, permission: 'volunteer.manage' },
      { path: '/courses', key: 'courses', icon: <ReadOutlined />, permission: 'courses.read' },
      {
        path: '/courses/certificates',
        key: 'courseCertificates',
        icon: <SafetyCertificateOutlined />,
        permission: 'courses.read',
      },
      { path: '/welfare', key: 'welfare', icon: <GiftOutlined />, permission: 'welfare.manage' },
      { path: '/credit', key: 'credit', icon: <ShopOutlined />, permission: 'credit.read' },
      { path: '/party', key: 'party', icon: <ApartmentOutlined />, permission: 'party.read' },
      { path: '/campaigns', key: 'campaigns', icon: <AuditOutlined />, permission: 'campaigns.read' },
      { path: '/compounds', key: 'compounds', icon: <HomeOutlined />, permission: 'compounds.read' },
      { path: '/volunteer/wishes', key: 'volWishes', icon: <SmileOutlined />, permission: 'volunteer.manage' },
      { path: '/volunteer/projects', key: 'volProjects', icon: <CrownOutlined />, permission: 'volunteer.manage' },
      { path: '/alliance', key: 'alliance', icon: <TeamOutlined />, permission: 'alliance.read' },
    ],
  },
  {
    key: 'safety',
    icon: <AlertOutlined />,
    items: [
      { path: '/alarms', key: 'alarms', icon: <AlertOutlined />, permission: 'devices.read' },
      { path: '/devices', key: 'devices', icon: <WifiOutlined />, permission: 'devices.read' },
      { path: '/access', key: 'access', icon: <SafetyCertificateOutlined />, permission: 'access.read' },
      { path: '/care', key: 'careBoard', icon: <HeartOutlined />, permission: 'care.read' },
      { path: '/legal', key: 'legal', icon: <SafetyOutlined />, permission: 'legal.manage' },
      { path: '/notices', key: 'notices', icon: <NotificationOutlined />, permission: 'notices.read' },
      // 走访 with the care of the elderly: who is overdue a visit (a group of its own would not fit 768 px).
      { path: '/field/visits', key: 'fieldVisits', icon: <SolutionOutlined />, permission: 'field.read' },
      { path: '/charging', key: 'charging', icon: <ThunderboltOutlined />, permission: 'charging.read' },
      // 重点人群: the restricted register, only for holders of special.read (safety officers).
      { path: '/special', key: 'special', icon: <EyeInvisibleOutlined />, permission: 'special.read' },
    ],
  },
  {
    key: 'basicData',
    icon: <ApartmentOutlined />,
    items: [
      { path: '/org', key: 'org', icon: <ApartmentOutlined />, permission: 'org.read' },
      { path: '/map', key: 'map', icon: <EnvironmentOutlined />, permission: 'org.read' },
      { path: '/persons', key: 'persons', icon: <TeamOutlined />, permission: 'org.person.read' },
      { path: '/buildings', key: 'buildings', icon: <HomeOutlined />, permission: 'org.read' },
      { path: '/imports', key: 'imports', icon: <CloudUploadOutlined />, permission: 'org.import' },
    ],
  },
  {
    key: 'system',
    icon: <AuditOutlined />,
    items: [
      { path: '/users', key: 'users', icon: <IdcardOutlined />, permission: 'auth.user.manage' },
      // With the accounts: a code is how a resident, courier or merchant gets one. 基础数据 open must still fit 768 px.
      { path: '/invitations', key: 'invitations', icon: <QrcodeOutlined />, permission: 'org.person.write' },
      {
        path: '/users/deletion-requests',
        key: 'deletionRequests',
        icon: <UserDeleteOutlined />,
        permission: 'auth.user.manage',
      },
      { path: '/messages/outbox', key: 'outbox', icon: <MailOutlined />, permission: 'auth.user.manage' },
      { path: '/audit', key: 'audit', icon: <AuditOutlined />, permission: 'audit.read' },
    ],
  },
];

const ALL_NAV_ITEMS = NAV_GROUPS.flatMap((group) => group.items);

/** The group of a role's own work, listed first after the workbench and open at sign-in. */
const ROLE_GROUP: Partial<Record<Role, NavGroupKey>> = {
  grid_worker: 'matters',
  dept_staff: 'matters',
  mediator: 'mediation',
  safety_officer: 'safety',
};

/** The group a user has unfolded, per browser; the active page's group opens by itself. */
const OPEN_GROUPS_KEY = 'gz.nav.open';

function storedOpenGroups(): string[] | null {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(OPEN_GROUPS_KEY) ?? 'null');
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : null;
  } catch {
    return null;
  }
}

/** The folding group of a page; the workbench's pages stand alone. */
function groupOf(item: NavItem | undefined): NavGroupKey | undefined {
  const key = item && NAV_GROUPS.find((group) => group.items.includes(item))?.key;
  return key === 'workbench' ? undefined : key;
}

/** The item whose path is the longest prefix of the address: /matters/map before /matters. */
function activeNavItem(pathname: string): NavItem | undefined {
  return ALL_NAV_ITEMS.filter((item) =>
    item.path === '/' ? pathname === '/' : pathname === item.path || pathname.startsWith(`${item.path}/`),
  ).sort((a, b) => b.path.length - a.path.length)[0];
}

export function AdminLayout() {
  return (
    <OrgTreeProvider>
      <Shell />
    </OrgTreeProvider>
  );
}

function Shell() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const found = activeNavItem(location.pathname);
  // A restricted page (重点人群) is not named to those without it: as if it did not exist.
  const active = found && (!RESTRICTED.includes(found.permission) || can(me, found.permission)) ? found : undefined;
  const pageName = active ? t(`nav.${active.key}`) : t('app.consoleName');
  // Tabs and history tell pages apart by their title.
  useEffect(() => {
    document.title = `${pageName} · ${t('app.name')}`;
  }, [pageName, t]);

  const roleGroup = me.roles.map((r) => ROLE_GROUP[r.role]).find(Boolean);
  const activeGroup = groupOf(active);
  const [openGroups, setOpenGroups] = useState<string[]>(
    () => storedOpenGroups() ?? [activeGroup ?? roleGroup].filter((g): g is NavGroupKey => Boolean(g)),
  );
  // Arriving on a page (a link, the address bar) opens its group, so the page is shown where it sits.
  useEffect(() => {
    if (activeGroup) setOpenGroups((open) => (open.includes(activeGroup) ? open : [activeGroup]));
  }, [activeGroup]);
  // One group open at a time, so the whole menu fits a 768 px screen.
  const changeOpenGroups = (keys: string[]) => {
    const opened = keys.find((key) => !openGroups.includes(key));
    const next = opened ? [opened] : keys;
    setOpenGroups(next);
    localStorage.setItem(OPEN_GROUPS_KEY, JSON.stringify(next));
  };

  // The workbench's entries stand alone; the rest fold into groups, the role's own first.
  const groups = [...NAV_GROUPS].sort(
    (a, b) => rank(a.key) - rank(b.key) || NAV_GROUPS.indexOf(a) - NAV_GROUPS.indexOf(b),
  );
  function rank(key: NavGroupKey) {
    return key === 'workbench' ? 0 : key === roleGroup ? 1 : 2;
  }
  const menuItems: MenuProps['items'] = groups.flatMap((group) => {
    const children = group.items
      .filter((item) => can(me, item.permission))
      .map((item) => ({ key: item.path, icon: item.icon, label: t(`nav.${item.key}`) }));
    return group.key === 'workbench'
      ? children
      : children.length > 0
        ? [{ key: group.key, icon: group.icon, label: t(`nav.groups.${group.key}`), children }]
        : [];
  });

  return (
    <Layout className="gz-shell">
      <Layout.Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} width={216} className="gz-sider">
        <div className="gz-brand" onClick={() => navigate('/')}>
          <img src={logo} alt="" width={32} height={32} />
          {!collapsed && (
            <div className="gz-brand-text">
              <div className="gz-brand-name">{t('app.name')}</div>
              <div className="gz-brand-sub">{t('app.consoleName')}</div>
            </div>
          )}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={active ? [active.path] : []}
          openKeys={collapsed ? undefined : openGroups}
          onOpenChange={changeOpenGroups}
          items={menuItems}
          onClick={({ key }) => navigate(key)}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="gz-header">
          <Space size="large" className="gz-header-left">
            <Breadcrumb items={[{ title: t('app.name') }, ...(active ? [{ title: t(`nav.${active.key}`) }] : [])]} />
            <GlobalSearch />
          </Space>
          <Space size="large">
            <LanguageSwitch />
            <NotificationBell />
            <UserMenu />
          </Space>
        </Layout.Header>
        <Layout.Content className="gz-content">
          <RouteErrorBoundary resetKey={location.pathname}>
            <Suspense
              fallback={
                <div className="gz-content-spin">
                  <Spin />
                </div>
              }
            >
              <Outlet />
            </Suspense>
          </RouteErrorBoundary>
        </Layout.Content>
        <Layout.Footer className="gz-footer">{t('app.footer')}</Layout.Footer>
      </Layout>
    </Layout>
  );
}

function UserMenu() {
  const { t } = useTranslation();
  const me = useMe();
  const { logout } = useSession();
  const { index } = useOrgTree();
  const [changingPassword, setChangingPassword] = useState(false);
  const role = primaryRole(me.roles);
  const scopeNames = me.roles
    .filter((grant) => grant.role === role)
    .map((grant) =>
      grant.gridId !== null
        ? index?.gridById.get(grant.gridId)?.name
        : grant.divisionId !== null
          ? index?.divisionById.get(grant.divisionId)?.name
          : undefined,
    )
    .filter((name): name is string => Boolean(name));

  return (
    <>
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            { key: 'password', icon: <KeyOutlined />, label: t('auth.changePassword') },
            { type: 'divider' },
            { key: 'logout', icon: <LogoutOutlined />, label: t('auth.logout'), danger: true },
          ],
          onClick: ({ key }) => {
            if (key === 'password') setChangingPassword(true);
            if (key === 'logout') void logout();
          },
        }}
      >
        <a className="gz-user" onClick={(e) => e.preventDefault()} aria-label={t('auth.userMenu')}>
          <Avatar size="small" icon={<UserOutlined />} style={{ background: '#1f5fbf' }} />
          <span className="gz-user-name">{me.displayName}</span>
          {role && <Tag color="blue">{primaryRoleLabel(t, me.roles)}</Tag>}
          {scopeNames.length > 0 && (
            <Typography.Text type="secondary" className="gz-user-scope" ellipsis>
              {scopeNames.join(t('common.listSeparator'))}
            </Typography.Text>
          )}
          <DownOutlined style={{ fontSize: 10 }} />
        </a>
      </Dropdown>
      <ChangePasswordModal open={changingPassword} onClose={() => setChangingPassword(false)} />
    </>
  );
}
