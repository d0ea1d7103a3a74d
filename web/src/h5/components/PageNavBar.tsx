import { NavBar } from 'antd-mobile';
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { documentTitle, inWeChat } from '../shell.ts';

/** Names the screen in document.title — what WeChat shows in its own bar, and tabs and history elsewhere. */
export function useScreenTitle(screen: string) {
  const { t } = useTranslation();
  const app = t('app.name');
  useEffect(() => {
    document.title = documentTitle(screen, app);
  }, [screen, app]);
}

/**
 * Every H5 screen's header, in one place: the screen's name in antd-mobile's NavBar and in
 * document.title. Inside WeChat, which draws its own title bar and back button from
 * document.title, there is no NavBar (two headers would stack); an action the NavBar carried on
 * its right stays on a slim bar of its own. Without onBack there is no back arrow (the tab screens).
 */
export function PageNavBar({ title, onBack, right }: { title: string; onBack?: () => void; right?: ReactNode }) {
  useScreenTitle(title);
  if (inWeChat) return right ? <div className="h5-wechat-actions">{right}</div> : null;
  return (
    <NavBar className="h5-navbar" back={onBack ? undefined : null} onBack={onBack} right={right}>
      {title}
    </NavBar>
  );
}
