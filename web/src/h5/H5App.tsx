import { ConfigProvider } from 'antd-mobile';
import enUS from 'antd-mobile/es/locales/en-US';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { SessionProvider } from '../shared/session.tsx';
import { RequireSession } from './RequireSession.tsx';
import { TabLayout } from './TabLayout.tsx';
import { ChangePasswordPage } from './pages/ChangePasswordPage.tsx';
import { CommunityPage } from './pages/CommunityPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { MePage } from './pages/MePage.tsx';

export function H5App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN}>
      <SessionProvider>
        <BrowserRouter basename="/h5">
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route
              element={
                <RequireSession>
                  <TabLayout />
                </RequireSession>
              }
            >
              <Route index element={<HomePage />} />
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
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </BrowserRouter>
      </SessionProvider>
    </ConfigProvider>
  );
}
