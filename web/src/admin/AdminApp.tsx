import { App as AntApp, ConfigProvider, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useParams } from 'react-router-dom';
import { FONT_STACK } from '../shared/fonts.ts';
import { LiveProvider } from '../shared/live.tsx';
import { LiveInvalidation } from '../shared/query/live-invalidation.tsx';
import { QueryProvider } from '../shared/query/QueryProvider.tsx';
import { SessionCache } from '../shared/query/SessionCache.tsx';
import { NotificationsProvider } from '../shared/notifications.tsx';
import { SessionProvider } from '../shared/session.tsx';
import type { Permission } from '../shared/types.ts';
import { AdminLayout } from './AdminLayout.tsx';
import { FullPageSpin, RequirePermission, RequireStaff } from './guards.tsx';
import { LoginPage } from './account/LoginPage.tsx';
import { NotFoundPage } from './components/NotFoundPage.tsx';

// Every page but sign-in loads on first visit, so the login screen stays light
// (no ECharts, no Leaflet).
const RightsCasesPage = lazy(() => import('./rights/RightsCasesPage.tsx'));
const OddjobsPage = lazy(() => import('./oddjobs/OddjobsPage.tsx'));
const JobfairsPage = lazy(() => import('./jobfairs/JobfairsPage.tsx'));
const CoursesAdminPage = lazy(() => import('./courses/CoursesAdminPage.tsx'));
const CertificatesAdminPage = lazy(() => import('./courses/CertificatesAdminPage.tsx'));
const WelfareAdminPage = lazy(() => import('./welfare/WelfareAdminPage.tsx'));
const LegalAdminPage = lazy(() => import('./legal/LegalAdminPage.tsx'));
const BudgetsAdminPage = lazy(() => import('./budgets/BudgetsAdminPage.tsx'));
const ElectionsAdminPage = lazy(() => import('./elections/ElectionsAdminPage.tsx'));
const AlliancePage = lazy(() => import('./alliance/AlliancePage.tsx'));
const SurveysAdminPage = lazy(() => import('./surveys/SurveysAdminPage.tsx'));
const CreditAdminPage = lazy(() => import('./credit/CreditAdminPage.tsx'));
const AccessAdminPage = lazy(() => import('./access/AccessAdminPage.tsx'));
const SpecialPage = lazy(() => import('./special/SpecialPage.tsx'));
const PartyAdminPage = lazy(() => import('./party/PartyAdminPage.tsx'));
const CampaignsAdminPage = lazy(() => import('./campaigns/CampaignsAdminPage.tsx'));
const NoticesAdminPage = lazy(() => import('./notices/NoticesAdminPage.tsx'));
const CompoundsPage = lazy(() => import('./compounds/CompoundsPage.tsx'));
const CompoundPage = lazy(() => import('./compounds/CompoundPage.tsx'));
const DashboardPage = lazy(() => import('./dashboard/DashboardPage.tsx'));
const WorkbenchPage = lazy(() => import('./dashboard/WorkbenchPage.tsx'));
const BoardPrintPage = lazy(() => import('./org/BoardPrintPage.tsx'));
const PublicPosterPage = lazy(() => import('./org/PublicPosterPage.tsx'));
const OrgPage = lazy(() => import('./org/OrgPage.tsx'));
const GridMapPage = lazy(() => import('./org/GridMapPage.tsx'));
const PersonsPage = lazy(() => import('./persons/PersonsPage.tsx'));
const BuildingsPage = lazy(() => import('./org/BuildingsPage.tsx'));
const ImportPage = lazy(() => import('./imports/ImportPage.tsx'));
const AuditPage = lazy(() => import('./audit/AuditPage.tsx'));
const UsersPage = lazy(() => import('./users/UsersPage.tsx'));
const InvitationsPage = lazy(() => import('./invitations/InvitationsPage.tsx'));
const FieldVisitsPage = lazy(() => import('./field/VisitsPage.tsx'));
const WorkLogPage = lazy(() => import('./field/WorkLogPage.tsx'));
const ExportsPage = lazy(() => import('./exports/ExportsPage.tsx'));
const DeletionRequestsPage = lazy(() => import('./users/DeletionRequestsPage.tsx'));
const OutboxPage = lazy(() => import('./messages/OutboxPage.tsx'));
const SetupPage = lazy(() => import('./account/SetupPage.tsx'));
const MattersPage = lazy(() => import('./matters/MattersPage.tsx'));
const SupervisionPage = lazy(() => import('./supervision/SupervisionPage.tsx'));
const StatisticsPage = lazy(() => import('./statistics/StatisticsPage.tsx'));
const ReportsPage = lazy(() => import('./reports/ReportsPage.tsx'));
const ServiceMapPage = lazy(() => import('./servicemap/ServiceMapPage.tsx'));
const WarningsPage = lazy(() => import('./warnings/WarningsPage.tsx'));
const CockpitPage = lazy(() => import('./cockpit/CockpitPage.tsx'));
const CockpitWall = lazy(() => import('./cockpit/CockpitWall.tsx'));
const AssessmentPage = lazy(() => import('./assessment/AssessmentPage.tsx'));
const MatterPage = lazy(() => import('./matters/MatterPage.tsx'));
const MattersMapPage = lazy(() => import('./matters/MattersMapPage.tsx'));
const MatterIntakePage = lazy(() => import('./matters/MatterIntakePage.tsx'));
const StationsPage = lazy(() => import('./matters/StationsPage.tsx'));
const CategoriesPage = lazy(() => import('./matters/CategoriesPage.tsx'));
const Open311Page = lazy(() => import('./matters/Open311Page.tsx'));
// 协商议事 and 矛盾调解
const DlbTopicsPage = lazy(() => import('./deliberation/TopicsPage.tsx'));
const DlbMeetingsPage = lazy(() => import('./deliberation/MeetingsPage.tsx'));
const DlbMeetingPage = lazy(() => import('./deliberation/MeetingPage.tsx'));
const DlbVotesPage = lazy(() => import('./deliberation/VotesPage.tsx'));
const DlbVoteFormPage = lazy(() => import('./deliberation/VoteFormPage.tsx'));
const DlbVotePage = lazy(() => import('./deliberation/VotePage.tsx'));
const DlbDecisionsPage = lazy(() => import('./deliberation/DecisionsPage.tsx'));
const DlbDesksPage = lazy(() => import('./deliberation/DesksPage.tsx'));
const DlbModerationPage = lazy(() => import('./deliberation/ModerationPage.tsx'));
const MedCasesPage = lazy(() => import('./mediation/CasesPage.tsx'));
const MedIntakePage = lazy(() => import('./mediation/CaseIntakePage.tsx'));
const MedCasePage = lazy(() => import('./mediation/CasePage.tsx'));
const MedStudiosPage = lazy(() => import('./mediation/StudiosPage.tsx'));
const MedStatsPage = lazy(() => import('./mediation/StatsPage.tsx'));
// 告警 / 设备 / 关爱 / 充电
const AlarmsPage = lazy(() => import('./devices/AlarmsPage.tsx'));
const CarePage = lazy(() => import('./care/CarePage.tsx'));
const DevicesPage = lazy(() => import('./devices/DevicesPage.tsx'));
const ChargingPage = lazy(() => import('./charging/ChargingPage.tsx'));
// 积分志愿
const PtsOverviewPage = lazy(() => import('./points/OverviewPage.tsx'));
const PtsRulesPage = lazy(() => import('./points/RulesPage.tsx'));
const PtsMerchantsPage = lazy(() => import('./points/MerchantsPage.tsx'));
const PtsAccountsPage = lazy(() => import('./points/AccountsPage.tsx'));
const PtsHonoursPage = lazy(() => import('./points/HonoursPage.tsx'));
const VolTeamsPage = lazy(() => import('./volunteer/TeamsPage.tsx'));
const VolActivitiesPage = lazy(() => import('./volunteer/ActivitiesPage.tsx'));
const VolActivityPage = lazy(() => import('./volunteer/ActivityPage.tsx'));
const VolGoodDeedsPage = lazy(() => import('./volunteer/GoodDeedsPage.tsx'));
const VolWishesPage = lazy(() => import('./volunteer/WishesPage.tsx'));
const VolProjectsPage = lazy(() => import('./volunteer/ProjectsPage.tsx'));

/** Notification links name a topic or a desk by path; the console opens them in their lists. */
function TopicLink() {
  const { id } = useParams();
  return <Navigate replace to={`/deliberation/topics?open=${id}`} />;
}

/** The deliberation and mediation pages, each behind its permission. */
const MODULE_ROUTES: [string, Permission, ReactNode][] = [
  ['deliberation/topics', 'deliberation.manage', <DlbTopicsPage />],
  ['deliberation/topics/:id', 'deliberation.manage', <TopicLink />],
  ['deliberation/desks/:id', 'deliberation.manage', <Navigate replace to="/deliberation/desks" />],
  ['deliberation/meetings', 'deliberation.manage', <DlbMeetingsPage />],
  ['deliberation/meetings/:id', 'deliberation.manage', <DlbMeetingPage />],
  ['deliberation/votes', 'deliberation.manage', <DlbVotesPage />],
  ['deliberation/votes/new', 'deliberation.manage', <DlbVoteFormPage />],
  ['deliberation/votes/:id', 'deliberation.manage', <DlbVotePage />],
  ['deliberation/decisions', 'deliberation.manage', <DlbDecisionsPage />],
  ['deliberation/desks', 'deliberation.manage', <DlbDesksPage />],
  ['deliberation/moderation', 'deliberation.manage', <DlbModerationPage />],
  ['supervision', 'supervision.read', <SupervisionPage />],
  ['warnings', 'warnings.read', <WarningsPage />],
  ['mediation/cases', 'mediation.read', <MedCasesPage />],
  ['mediation/cases/new', 'mediation.handle', <MedIntakePage />],
  ['mediation/cases/:id', 'mediation.read', <MedCasePage />],
  ['mediation/studios', 'mediation.read', <MedStudiosPage />],
  ['mediation/stats', 'mediation.manage', <MedStatsPage />],
  ['rights/cases', 'rights.read', <RightsCasesPage />],
  ['oddjobs', 'oddjobs.read', <OddjobsPage />],
  ['jobfairs', 'jobfairs.read', <JobfairsPage />],
  ['courses', 'courses.read', <CoursesAdminPage />],
  ['courses/certificates', 'courses.read', <CertificatesAdminPage />],
  ['welfare', 'welfare.manage', <WelfareAdminPage />],
  ['legal', 'legal.manage', <LegalAdminPage />],
  ['budgets', 'budgets.manage', <BudgetsAdminPage />],
  ['budgets/:id', 'budgets.manage', <BudgetsAdminPage />],
  ['elections', 'deliberation.manage', <ElectionsAdminPage />],
  ['elections/:id', 'deliberation.manage', <ElectionsAdminPage />],
  ['alliance', 'alliance.read', <AlliancePage />],
  ['alliance/:id', 'alliance.read', <AlliancePage />],
  ['surveys', 'surveys.manage', <SurveysAdminPage />],
  ['surveys/:id', 'surveys.manage', <SurveysAdminPage />],
  ['credit', 'credit.read', <CreditAdminPage />],
  ['access', 'access.read', <AccessAdminPage />],
  ['special', 'special.read', <SpecialPage />],
  ['party', 'party.read', <PartyAdminPage />],
  ['campaigns', 'campaigns.read', <CampaignsAdminPage />],
  ['campaigns/:id', 'campaigns.read', <CampaignsAdminPage />],
  ['notices', 'notices.read', <NoticesAdminPage />],
  ['notices/:id', 'notices.read', <NoticesAdminPage />],
  ['compounds', 'compounds.read', <CompoundsPage />],
  ['compounds/:id', 'compounds.read', <CompoundPage />],
  ['statistics', 'matters.read', <StatisticsPage />],
  ['reports', 'reports.read', <ReportsPage />],
  ['service-map', 'servicemap.read', <ServiceMapPage />],
  ['cockpit', 'cockpit.read', <CockpitPage />],
  ['assessment', 'assessment.read', <AssessmentPage />],
  ['alarms', 'devices.read', <AlarmsPage />],
  ['care', 'care.read', <CarePage />],
  ['devices', 'devices.read', <DevicesPage />],
  ['charging', 'charging.read', <ChargingPage />],
  ['points', 'points.read', <PtsOverviewPage />],
  ['points/rules', 'points.read', <PtsRulesPage />],
  ['points/merchants', 'points.read', <PtsMerchantsPage />],
  ['points/accounts', 'points.read', <PtsAccountsPage />],
  ['points/honours', 'points.read', <PtsHonoursPage />],
  // Teams and activities are open to every staff member: team leaders (a grid worker leads 暖宝) approve their own team's hours.
  ['volunteer/teams', 'org.read', <VolTeamsPage />],
  ['volunteer/activities', 'org.read', <VolActivitiesPage />],
  ['volunteer/activities/:id', 'org.read', <VolActivityPage />],
  ['volunteer/good-deeds', 'volunteer.manage', <VolGoodDeedsPage />],
  ['volunteer/wishes', 'volunteer.manage', <VolWishesPage />],
  ['volunteer/projects', 'volunteer.manage', <VolProjectsPage />],
  // Anyone who issues some kind of code lists them; the server lists only the kinds one may issue.
  ['invitations', 'org.person.write', <InvitationsPage />],
  // 网格巡查: visits and who is overdue; the staff's work logs (the day's trails are a layer of /map).
  ['field/visits', 'field.read', <FieldVisitsPage />],
  ['field/work-log', 'field.manage', <WorkLogPage />],
  // One's own exports (导出记录), reached from the export button; every staff member reads some list.
  ['exports', 'org.read', <ExportsPage />],
  ['users/deletion-requests', 'auth.user.manage', <DeletionRequestsPage />],
  ['messages/outbox', 'auth.user.manage', <OutboxPage />],
];

export function AdminApp() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider
      locale={i18n.language === 'en' ? enUS : zhCN}
      theme={{
        algorithm: theme.defaultAlgorithm,
        token: { colorPrimary: '#1f5fbf', borderRadius: 6, fontFamily: FONT_STACK },
        components: {
          Layout: { siderBg: '#0f2747', triggerBg: '#0b1e38', headerBg: '#ffffff' },
          // Rows a little closer than antd's 44 px, so every group and an open one fit a 768 px screen.
          Menu: {
            darkItemBg: '#0f2747',
            darkSubMenuItemBg: '#0b1e38',
            darkItemSelectedBg: '#1f5fbf',
            itemHeight: 38,
            itemMarginBlock: 2,
          },
        },
      }}
    >
      <AntApp>
        <QueryProvider>
          <SessionProvider>
            <LiveProvider>
              <SessionCache />
              <LiveInvalidation />
              <NotificationsProvider>
                <BrowserRouter basename="/admin">
                  <Routes>
                    <Route path="/login" element={<LoginPage />} />
                    {/* A fresh install's first administrator, by the link the server printed: no session. */}
                    <Route
                      path="/setup"
                      element={
                        <Suspense fallback={<FullPageSpin />}>
                          <SetupPage />
                        </Suspense>
                      }
                    />
                    {/* A sheet to print, without the console around it. */}
                    <Route
                      path="/board/print"
                      element={
                        <RequireStaff>
                          <Suspense fallback={<FullPageSpin />}>
                            <BoardPrintPage />
                          </Suspense>
                        </RequireStaff>
                      }
                    />
                    <Route
                      path="/public-poster"
                      element={
                        <RequireStaff>
                          <Suspense fallback={<FullPageSpin />}>
                            <PublicPosterPage />
                          </Suspense>
                        </RequireStaff>
                      }
                    />
                    {/* The cockpit on a wall screen: a canvas of its own, without the console around it. */}
                    <Route
                      path="/cockpit/wall"
                      element={
                        <RequireStaff>
                          <RequirePermission permission="cockpit.read">
                            <Suspense fallback={<FullPageSpin />}>
                              <CockpitWall />
                            </Suspense>
                          </RequirePermission>
                        </RequireStaff>
                      }
                    />
                    <Route
                      element={
                        <RequireStaff>
                          <AdminLayout />
                        </RequireStaff>
                      }
                    >
                      <Route index element={<WorkbenchPage />} />
                      <Route path="overview" element={<DashboardPage />} />
                      <Route path="org" element={<OrgPage />} />
                      <Route path="map" element={<GridMapPage />} />
                      <Route
                        path="persons"
                        element={
                          <RequirePermission permission="org.person.read">
                            <PersonsPage />
                          </RequirePermission>
                        }
                      />
                      <Route path="buildings" element={<BuildingsPage />} />
                      <Route
                        path="imports"
                        element={
                          <RequirePermission permission="org.import">
                            <ImportPage />
                          </RequirePermission>
                        }
                      />
                      <Route
                        path="users"
                        element={
                          <RequirePermission permission="auth.user.manage">
                            <UsersPage />
                          </RequirePermission>
                        }
                      />
                      <Route
                        path="audit"
                        element={
                          <RequirePermission permission="audit.read">
                            <AuditPage />
                          </RequirePermission>
                        }
                      />
                      <Route
                        path="matters"
                        element={
                          <RequirePermission permission="matters.read">
                            <MattersPage />
                          </RequirePermission>
                        }
                      />
                      <Route
                        path="matters/map"
                        element={
                          <RequirePermission permission="matters.read">
                            <MattersMapPage />
                          </RequirePermission>
                        }
                      />
                      <Route
                        path="matters/new"
                        element={
                          <RequirePermission permission="matters.handle">
                            <MatterIntakePage />
                          </RequirePermission>
                        }
                      />
                      <Route
                        path="matters/categories"
                        element={
                          <RequirePermission permission="matters.configure">
                            <CategoriesPage />
                          </RequirePermission>
                        }
                      />
                      <Route
                        path="matters/open311"
                        element={
                          <RequirePermission permission="matters.configure">
                            <Open311Page />
                          </RequirePermission>
                        }
                      />
                      <Route
                        path="matters/:id"
                        element={
                          <RequirePermission permission="matters.read">
                            <MatterPage />
                          </RequirePermission>
                        }
                      />
                      <Route
                        path="stations"
                        element={
                          <RequirePermission permission="matters.read">
                            <StationsPage />
                          </RequirePermission>
                        }
                      />
                      {MODULE_ROUTES.map(([path, permission, page]) => (
                        <Route
                          key={path}
                          path={path}
                          element={<RequirePermission permission={permission}>{page}</RequirePermission>}
                        />
                      ))}
                      <Route path="*" element={<NotFoundPage />} />
                    </Route>
                  </Routes>
                </BrowserRouter>
              </NotificationsProvider>
            </LiveProvider>
          </SessionProvider>
        </QueryProvider>
      </AntApp>
    </ConfigProvider>
  );
}
