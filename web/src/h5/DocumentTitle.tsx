import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router-dom';

/** The tab pages have no NavBar; their names are the tab bar's. */
const TABS: Record<string, 'home' | 'matters' | 'points' | 'community' | 'me'> = {
  '/': 'home',
  '/matters': 'matters',
  '/points': 'points',
  '/community': 'community',
  '/me': 'me',
};

/**
 * document.title names the screen — the title WeChat shows in its own bar, and what tabs and
 * history show elsewhere. Screens title themselves in their NavBar; this reads it (also while
 * hidden inside WeChat) and follows it as it changes, so thirty screens need no code of their own.
 */
export function DocumentTitle() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  useEffect(() => {
    const app = t('app.name');
    const update = () => {
      const navTitle = document.querySelector('.h5-navbar .adm-nav-bar-title')?.textContent?.trim();
      const tab = TABS[pathname];
      const name = navTitle || (tab ? t(`h5.tabs.${tab}`) : '');
      document.title = name ? `${name} · ${app}` : app;
    };
    update();
    const observer = new MutationObserver(update);
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    return () => observer.disconnect();
  }, [pathname, t]);
  return null;
}
