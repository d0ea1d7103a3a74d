import { useSyncExternalStore } from 'react';

/**
 * How the H5 is shown on this phone: 长辈模式 (large type, high contrast, fewer entries, after
 * the MIIT 适老化 guidance), remembered per device; and whether it runs inside WeChat, whose own
 * title bar and back button replace the page's NavBar.
 */

const ELDER_KEY = 'gongzhi.elder';
const listeners = new Set<() => void>();

function storedElder(): boolean {
  try {
    return localStorage.getItem(ELDER_KEY) === '1';
  } catch {
    return false;
  }
}

let elder = storedElder();

/** The page's classes follow the settings, so plain CSS (h5.css) does the rest. */
export function applyShellClasses(root: HTMLElement = document.documentElement, userAgent = navigator.userAgent) {
  root.classList.toggle('h5-elder', elder);
  root.classList.toggle('h5-in-wechat', isWeChat(userAgent));
}

export function isWeChat(userAgent: string): boolean {
  return /MicroMessenger/i.test(userAgent);
}

/** Whether this page runs inside WeChat (or WeCom): it cannot change while the page is open. */
export const inWeChat = typeof navigator !== 'undefined' && isWeChat(navigator.userAgent);

/** The browser's title for a screen: its own name first (what WeChat's bar has room for), then the app's. */
export function documentTitle(screen: string, app: string): string {
  const name = screen.trim();
  return name && name !== app ? `${name} · ${app}` : app;
}

export function setElderMode(on: boolean) {
  elder = on;
  try {
    if (on) localStorage.setItem(ELDER_KEY, '1');
    else localStorage.removeItem(ELDER_KEY);
  } catch {
    // private browsing: the choice lasts for this visit
  }
  applyShellClasses();
  for (const listener of listeners) listener();
}

export function useElderMode(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => elder,
  );
}
