import { ConfigProvider } from 'antd-mobile';
import enUS from 'antd-mobile/es/locales/en-US';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import { SpinLoading } from 'antd-mobile';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { LiveProvider } from '../shared/live.tsx';
import { LiveInvalidation } from '../shared/query/live-invalidation.tsx';
import { QueryProvider } from '../shared/query/QueryProvider.tsx';
import { SessionCache } from '../shared/query/SessionCache.tsx';
import { NotificationsProvider } from '../shared/notifications.tsx';
import { SessionProvider } from '../shared/session.tsx';
import { OutboxOwner } from './offline/OutboxOwner.tsx';
import { RequireSession } from './RequireSession.tsx';
import { TabLayout } from './TabLayout.tsx';
import { ChangePasswordPage } from './account/ChangePasswordPage.tsx';
import { ChangePhonePage } from './account/ChangePhonePage.tsx';
import { DeleteAccountPage } from './account/DeleteAccountPage.tsx';
import { DevicesPage } from './account/DevicesPage.tsx';
import { CommunityPage } from './home/CommunityPage.tsx';
import { HomePage } from './home/HomePage.tsx';
import { LoginPage } from './account/LoginPage.tsx';
import { MePage } from './account/MePage.tsx';
import { MessageSettingsPage } from './account/MessageSettingsPage.tsx';
import { VerifyPage } from './account/VerifyPage.tsx';
import { JoinPage } from './join/JoinPage.tsx';

// The matter screens load when first opened; Leaflet only with a map picker.
const MattersPage = lazy(() => import('./matters/MattersPage.tsx'));
const MatterDetailPage = lazy(() => import('./matters/MatterDetailPage.tsx'));
const ReportPage = lazy(() => import('./matters/ReportPage.tsx'));
const HelpPage = lazy(() => import('./matters/HelpPage.tsx'));
const SuggestPage = lazy(() => import('./matters/SuggestPage.tsx'));
const StationsPage = lazy(() => import('./matters/StationsPage.tsx'));
// 满意度回访: the page the closing message links to
const FollowUpPage = lazy(() => import('./matters/FollowUpPage.tsx'));
const NearbyServicesPage = lazy(() => import('./nearby/NearbyServicesPage.tsx'));
// 扫码充电 / 我的充电
const ChargePortPage = lazy(() => import('./charging/ChargePortPage.tsx'));
const MyChargingPage = lazy(() => import('./charging/MyChargingPage.tsx'));
const ChargingReceiptPage = lazy(() => import('./charging/ReceiptPage.tsx'));
// 积分 / 志愿 / 核销
const PointsHomePage = lazy(() => import('./points/PointsHomePage.tsx'));
const StatementPage = lazy(() => import('./points/StatementPage.tsx'));
const MallPage = lazy(() => import('./points/MallPage.tsx'));
const VouchersPage = lazy(() => import('./points/VouchersPage.tsx'));
const VoucherPage = lazy(() => import('./points/VoucherPage.tsx'));
const LeaderboardPage = lazy(() => import('./points/LeaderboardPage.tsx'));
const VolunteerPage = lazy(() => import('./volunteer/VolunteerPage.tsx'));
const ActivityPage = lazy(() => import('./volunteer/ActivityPage.tsx'));
const NewActivityPage = lazy(() => import('./volunteer/NewActivityPage.tsx'));
const GoodDeedsPage = lazy(() => import('./volunteer/GoodDeedsPage.tsx'));
const WishesPage = lazy(() => import('./volunteer/WishesPage.tsx'));
const MerchantPage = lazy(() => import('./points/MerchantPage.tsx'));
// 议事 / 表决 / 协商铃 / 我的调解
const DeliberationPage = lazy(() => import('./deliberation/DeliberationPage.tsx'));
const TopicPage = lazy(() => import('./deliberation/TopicPage.tsx'));
const NewTopicPage = lazy(() => import('./deliberation/NewTopicPage.tsx'));
const VotePage = lazy(() => import('./deliberation/VotePage.tsx'));
const DecisionPage = lazy(() => import('./deliberation/DecisionPage.tsx'));
const ConsultPage = lazy(() => import('./deliberation/ConsultPage.tsx'));
const NotificationsPage = lazy(() => import('./notifications/NotificationsPage.tsx'));
const MyCasesPage = lazy(() => import('./deliberation/MyCasesPage.tsx'));
// 维权: the guided intake and my cases
const RightsIntakePage = lazy(() => import('./rights/RightsIntakePage.tsx'));
const MyRightsPage = lazy(() => import('./rights/MyRightsPage.tsx'));
const OddjobsSeekerPage = lazy(() => import('./oddjobs/SeekerPage.tsx'));
const OddjobsEmployerPage = lazy(() => import('./oddjobs/EmployerPage.tsx'));
const JobfairsPage = lazy(() => import('./jobfairs/JobfairsPage.tsx'));
const JobfairPage = lazy(() => import('./jobfairs/FairPage.tsx'));
const CoursesPage = lazy(() => import('./courses/CoursesPage.tsx'));
const CoursePage = lazy(() => import('./courses/CoursePage.tsx'));
const MyCertificatesPage = lazy(() => import('./courses/MyCertificatesPage.tsx'));
const WelfarePage = lazy(() => import('./welfare/WelfarePage.tsx'));
const LegalPage = lazy(() => import('./legal/LegalPage.tsx'));
const BudgetsPage = lazy(() => import('./budgets/BudgetsPage.tsx'));
const ElectionsPage = lazy(() => import('./elections/ElectionsPage.tsx'));
const SurveysPage = lazy(() => import('./surveys/SurveysPage.tsx'));
const MyCreditPage = lazy(() => import('./credit/MyCreditPage.tsx'));
const VisitorPassPage = lazy(() => import('./access/VisitorPassPage.tsx'));
const PartyPage = lazy(() => import('./party/PartyPage.tsx'));
const CampaignsPage = lazy(() => import('./campaigns/CampaignsPage.tsx'));
const MyNoticesPage = lazy(() => import('./notices/MyNoticesPage.tsx'));
const NoticePage = lazy(() => import('./notices/NoticePage.tsx'));
const VisitTasksPage = lazy(() => import('./notices/VisitTasksPage.tsx'));
// 我的关爱
const MyCarePage = lazy(() => import('./care/MyCarePage.tsx'));
const CareVisitPage = lazy(() => import('./care/VisitPage.tsx'));
// 外勤 (grid workers): 巡查, 走访, 工作日志
const PatrolPage = lazy(() => import('./field/PatrolPage.tsx'));
const FieldVisitsPage = lazy(() => import('./field/VisitsPage.tsx'));
const RecordVisitPage = lazy(() => import('./field/RecordVisitPage.tsx'));
const WorkbenchPage = lazy(() => import('./workbench/WorkbenchPage.tsx'));
// 我的考核 (grid workers): monthly scores, a score's breakdown, appeals
const MyAssessmentPage = lazy(() => import('./assessment/MyAssessmentPage.tsx'));
const AssessmentScorePage = lazy(() => import('./assessment/ScorePage.tsx'));
// 公示 / 办件公开: public pages, no sign-in
const PublicIndexPage = lazy(() => import('./public/PublicIndexPage.tsx'));
const PublicCommunityPage = lazy(() => import('./public/PublicCommunityPage.tsx'));
// 掌上驾驶舱 (leaders): the area's indicators
const CockpitScreen = lazy(() => import('./cockpit/CockpitScreen.tsx'));

/** The points and volunteering screens of their own (no tab bar). */
const POINTS_SCREENS: [string, ReactNode][] = [
  ['/points/statement', <StatementPage />],
  ['/points/mall', <MallPage />],
  ['/points/vouchers', <VouchersPage />],
  ['/points/vouchers/:id', <VoucherPage />],
  ['/points/leaderboard', <LeaderboardPage />],
  ['/volunteer', <VolunteerPage />],
  ['/volunteer/activities/new', <NewActivityPage />],
  ['/volunteer/activities/:id', <ActivityPage />],
  ['/volunteer/good-deeds', <GoodDeedsPage />],
  ['/volunteer/wishes', <WishesPage />],
  ['/merchant', <MerchantPage />],
  ['/merchant/credit', <MyCreditPage />],
  ['/deliberation', <DeliberationPage />],
  ['/deliberation/topics/new', <NewTopicPage />],
  ['/deliberation/topics/:id', <TopicPage />],
  ['/deliberation/votes/:id', <VotePage />],
  ['/deliberation/decisions/:id', <DecisionPage />],
  ['/consult', <ConsultPage />],
  ['/notifications', <NotificationsPage />],
  ['/mediation/mine', <MyCasesPage />],
  ['/care', <MyCarePage />],
  ['/care/:id/visit', <CareVisitPage />],
  ['/field/patrol', <PatrolPage />],
  ['/field/visits', <FieldVisitsPage />],
  ['/field/visits/:personId', <RecordVisitPage />],
  ['/workbench', <WorkbenchPage />],
  ['/assessment', <MyAssessmentPage />],
  ['/assessment/:id', <AssessmentScorePage />],
  ['/cockpit', <CockpitScreen />],
  ['/nearby', <NearbyServicesPage />],
  ['/charge/:code', <ChargePortPage />],
  ['/me/charging', <MyChargingPage />],
  ['/me/charging/receipts/:id', <ChargingReceiptPage />],
  ['/rights', <RightsIntakePage />],
  ['/rights/mine', <MyRightsPage />],
  ['/oddjobs', <OddjobsSeekerPage />],
  ['/oddjobs/employer', <OddjobsEmployerPage />],
  ['/jobfairs', <JobfairsPage />],
  ['/jobfairs/:id', <JobfairPage />],
  ['/courses', <CoursesPage />],
  ['/courses/certificates', <MyCertificatesPage />],
  ['/courses/:id', <CoursePage />],
  ['/welfare', <WelfarePage />],
  ['/legal', <LegalPage />],
  ['/budgets', <BudgetsPage />],
  ['/budgets/:id', <BudgetsPage />],
  ['/elections', <ElectionsPage />],
  ['/elections/:id', <ElectionsPage />],
  ['/surveys', <SurveysPage />],
  ['/surveys/:id', <SurveysPage />],
  ['/access/pass', <VisitorPassPage />],
  ['/party', <PartyPage />],
  ['/campaigns', <CampaignsPage />],
  ['/notices', <MyNoticesPage />],
  ['/notices/tasks', <VisitTasksPage />],
  ['/notices/:id', <NoticePage />],
  ['/follow-ups/:id', <FollowUpPage />],
];

function Loading({ children }: { children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <div className="h5-center">
          <SpinLoading color="primary" />
        </div>
      }
    >
      {children}
    </Suspense>
  );
}

/** A full screen of its own (no tab bar), for the signed-in. */
function Screen({ children }: { children: ReactNode }) {
  return (
    <RequireSession>
      <Loading>{children}</Loading>
    </RequireSession>
  );
}

export function H5App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN}>
      <QueryProvider>
        <SessionProvider>
          <LiveProvider>
            <SessionCache />
            <OutboxOwner />
            <LiveInvalidation />
            <NotificationsProvider>
              <BrowserRouter basename="/h5">
                <Routes>
                  <Route path="/login" element={<LoginPage />} />
                  {/* Public pages (公示): outside RequireSession, so no sign-in and no redirect to it. */}
                  <Route
                    path="/p"
                    element={
                      <Loading>
                        <PublicIndexPage />
                      </Loading>
                    }
                  />
                  <Route
                    path="/p/:communityId"
                    element={
                      <Loading>
                        <PublicCommunityPage />
                      </Loading>
                    }
                  />
                  <Route
                    element={
                      <RequireSession>
                        <TabLayout />
                      </RequireSession>
                    }
                  >
                    <Route index element={<HomePage />} />
                    <Route
                      path="matters"
                      element={
                        <Loading>
                          <MattersPage />
                        </Loading>
                      }
                    />
                    <Route
                      path="points"
                      element={
                        <Loading>
                          <PointsHomePage />
                        </Loading>
                      }
                    />
                    <Route path="community" element={<CommunityPage />} />
                    <Route path="me" element={<MePage />} />
                  </Route>
                  <Route
                    path="/me/password"
                    element={
                      <RequireSession>
                        <ChangePasswordPage />
                      </RequireSession>
                    }
                  />
                  {/* 实名认证, 更换手机号, 消息设置, 登录设备, 注销账号 */}
                  {(
                    [
                      ['/me/verify', <VerifyPage />],
                      ['/join', <JoinPage />],
                      ['/me/phone', <ChangePhonePage />],
                      ['/me/messages', <MessageSettingsPage />],
                      ['/me/devices', <DevicesPage />],
                      ['/me/delete', <DeleteAccountPage />],
                    ] as const
                  ).map(([path, page]) => (
                    <Route key={path} path={path} element={<RequireSession>{page}</RequireSession>} />
                  ))}
                  <Route
                    path="/matters/:id"
                    element={
                      <Screen>
                        <MatterDetailPage />
                      </Screen>
                    }
                  />
                  <Route
                    path="/report"
                    element={
                      <Screen>
                        <ReportPage />
                      </Screen>
                    }
                  />
                  <Route
                    path="/help"
                    element={
                      <Screen>
                        <HelpPage />
                      </Screen>
                    }
                  />
                  <Route
                    path="/suggest"
                    element={
                      <Screen>
                        <SuggestPage />
                      </Screen>
                    }
                  />
                  <Route
                    path="/stations"
                    element={
                      <Screen>
                        <StationsPage />
                      </Screen>
                    }
                  />
                  {POINTS_SCREENS.map(([path, page]) => (
                    <Route key={path} path={path} element={<Screen>{page}</Screen>} />
                  ))}
                  <Route path="*" element={<Navigate to="/" replace />} />
                </Routes>
              </BrowserRouter>
            </NotificationsProvider>
          </LiveProvider>
        </SessionProvider>
      </QueryProvider>
    </ConfigProvider>
  );
}
