import { Badge, Button, Grid, Toast } from 'antd-mobile';
import {
  BellOutline,
  CameraOutline,
  CompassOutline,
  ExclamationShieldOutline,
  FileOutline,
  GiftOutline,
  HeartOutline,
  LocationOutline,
  MessageOutline,
  PhoneFill,
  RightOutline,
  SmileOutline,
  SoundOutline,
  StarOutline,
  FlagOutline,
  TeamOutline,
  UserContactOutline,
} from 'antd-mobile-icons';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useNotifications } from '../../shared/notifications.tsx';
import { useMe } from '../../shared/session.tsx';
import { zonedHour } from '../../shared/time.ts';
import { useScreenTitle } from '../components/PageNavBar.tsx';
import { setElderMode, useElderMode } from '../shell.ts';
import { useMyBoard } from '../useMyBoard.ts';

type Entry = 'snap' | 'help' | 'suggest' | 'stations';
type Feature =
  | 'nearby'
  | 'consult'
  | 'points'
  | 'volunteer'
  | 'wish'
  | 'mediation'
  | 'vote'
  | 'care'
  | 'rights'
  | 'oddjobs'
  | 'courses'
  | 'welfare'
  | 'accessPass'
  | 'party'
  | 'legal'
  | 'budgets'
  | 'elections'
  | 'surveys'
  | 'notices'
  | 'jobfairs';

/** The services that work today, large, each with a line on what it is for. */
const ENTRIES: { key: Entry; path: string; icon: ReactNode; color: string }[] = [
  { key: 'snap', path: '/report', icon: <CameraOutline />, color: '#1677ff' },
  { key: 'help', path: '/help', icon: <ExclamationShieldOutline />, color: '#c8161d' },
  { key: 'suggest', path: '/suggest', icon: <MessageOutline />, color: '#389e0d' },
  { key: 'stations', path: '/stations', icon: <LocationOutline />, color: '#d46b08' },
];

/** More services; those without a path are on the way and say so when tapped. */
const FEATURES: { key: Feature; icon: ReactNode; color: string; path?: string }[] = [
  { key: 'nearby', icon: <CompassOutline />, color: '#0e7c86', path: '/nearby' },
  { key: 'consult', icon: <SoundOutline />, color: '#fa8c16', path: '/consult' },
  { key: 'points', icon: <StarOutline />, color: '#d4b106', path: '/points' },
  { key: 'volunteer', icon: <HeartOutline />, color: '#eb2f96', path: '/volunteer' },
  { key: 'wish', icon: <GiftOutline />, color: '#722ed1', path: '/volunteer/wishes' },
  { key: 'mediation', icon: <UserContactOutline />, color: '#13a8a8', path: '/mediation/mine' },
  { key: 'vote', icon: <TeamOutline />, color: '#389e0d', path: '/deliberation' },
  { key: 'budgets', icon: <StarOutline />, color: '#08979c', path: '/budgets' },
  { key: 'elections', icon: <TeamOutline />, color: '#c8161d', path: '/elections' },
  { key: 'surveys', icon: <FileOutline />, color: '#2f54eb', path: '/surveys' },
  { key: 'care', icon: <SmileOutline />, color: '#f5222d', path: '/care' },
  { key: 'rights', icon: <FileOutline />, color: '#c8161d', path: '/rights' },
  { key: 'oddjobs', icon: <TeamOutline />, color: '#1677ff', path: '/oddjobs' },
  { key: 'jobfairs', icon: <TeamOutline />, color: '#d46b08', path: '/jobfairs' },
  { key: 'courses', icon: <FileOutline />, color: '#1677ff', path: '/courses' },
  { key: 'welfare', icon: <GiftOutline />, color: '#fa541c', path: '/welfare' },
  { key: 'accessPass', icon: <TeamOutline />, color: '#0958d9', path: '/access/pass' },
  { key: 'party', icon: <FlagOutline />, color: '#cf1322', path: '/party' },
  { key: 'legal', icon: <ExclamationShieldOutline />, color: '#c8161d', path: '/legal' },
  { key: 'notices', icon: <SoundOutline />, color: '#c8161d', path: '/notices' },
];

function timeOfDay(hour: number): 'morning' | 'afternoon' | 'evening' {
  if (hour < 12) return 'morning';
  if (hour < 18) return 'afternoon';
  return 'evening';
}

export function HomePage() {
  const { t } = useTranslation();
  useScreenTitle(t('h5.tabs.home'));
  const me = useMe();
  const navigate = useNavigate();
  const { unread } = useNotifications();
  const board = useMyBoard();
  const elder = useElderMode();
  const home = board.data?.board;
  const gridWorker =
    home?.entries.find((e) => e.kind === 'grid_worker') ?? home?.entries.find((e) => e.scope === 'grid');
  const courier = me.roles.some((r) => r.role === 'courier');
  const entryLabel = (key: Entry) =>
    key === 'help' && courier
      ? t('h5.home.features.courierHelp')
      : key === 'suggest' && courier
        ? t('h5.home.features.courierSuggest')
        : t(`h5.home.features.${key}`);

  if (elder)
    return (
      <ElderHome
        greeting={t('h5.home.greeting', { time: t(`h5.home.${timeOfDay(zonedHour())}`), name: me.displayName })}
        gridWorker={gridWorker}
        unread={unread}
        helpLabel={entryLabel('help')}
      />
    );

  return (
    <div className="h5-page h5-home">
      <header className="h5-home-hero">
        <button
          type="button"
          className="h5-home-bell"
          onClick={() => navigate('/notifications')}
          aria-label={t('h5.notifications.bell')}
          data-testid="home-bell"
        >
          <Badge content={unread > 0 ? (unread > 99 ? '99+' : unread) : null}>
            <BellOutline />
          </Badge>
        </button>
        <div className="h5-home-greeting">
          {t('h5.home.greeting', { time: t(`h5.home.${timeOfDay(zonedHour())}`), name: me.displayName })}
        </div>
        <div className="h5-home-community">
          {home
            ? [home.community.name, home.building?.name].filter(Boolean).join(' · ')
            : home === null
              ? t('h5.home.communityUnknown')
              : '\u00a0'}
        </div>
      </header>

      <section className="h5-entries" aria-label={t('h5.home.services')}>
        {ENTRIES.map((entry) => (
          <button
            type="button"
            key={entry.key}
            className={`h5-entry h5-entry-${entry.key}`}
            onClick={() => navigate(entry.path)}
            data-testid={`entry-${entry.key}`}
          >
            <span className="h5-entry-icon" style={{ color: entry.color, background: `${entry.color}14` }}>
              {entry.icon}
            </span>
            <span className="h5-entry-text">
              <strong>{entryLabel(entry.key)}</strong>
              <span>{t(`h5.home.hints.${entry.key}`)}</span>
            </span>
          </button>
        ))}
      </section>

      <section className="h5-card h5-services">
        <div className="h5-card-title">{t('h5.home.more')}</div>
        <Grid columns={3} gap={8}>
          {FEATURES.map((feature) => (
            <Grid.Item
              key={feature.key}
              className="h5-service"
              onClick={() =>
                feature.path
                  ? navigate(feature.path)
                  : Toast.show({ content: t('h5.home.comingSoon', { name: t(`h5.home.features.${feature.key}`) }) })
              }
              data-testid={`feature-${feature.key}`}
            >
              <span className="h5-service-icon" style={{ color: feature.color, background: `${feature.color}14` }}>
                {feature.icon}
              </span>
              <span className="h5-service-label">{t(`h5.home.features.${feature.key}`)}</span>
            </Grid.Item>
          ))}
        </Grid>
      </section>

      <section className="h5-card h5-my-worker" onClick={() => navigate('/community')}>
        <div className="h5-card-title">
          {t('h5.home.boardTitle')}
          <span className="h5-card-link">
            {t('h5.home.boardEntry')} <RightOutline />
          </span>
        </div>
        {gridWorker ? (
          <div className="h5-worker">
            <div className="h5-board-avatar">{gridWorker.name.slice(0, 1)}</div>
            <div className="h5-worker-who">
              <strong>{gridWorker.name}</strong>
              <div className="h5-muted">{gridWorker.scopeName}</div>
            </div>
            {gridWorker.contactPhone && (
              <Button
                size="small"
                color="danger"
                shape="rounded"
                onClick={(e) => {
                  e.stopPropagation();
                  window.location.href = `tel:${gridWorker.contactPhone}`;
                }}
              >
                <PhoneFill /> {gridWorker.contactPhone}
              </Button>
            )}
          </div>
        ) : (
          <div className="h5-muted">{t('h5.home.boardHint')}</div>
        )}
      </section>

      <p className="h5-tip">{t('h5.home.tip')}</p>
    </div>
  );
}

type BoardEntry = NonNullable<ReturnType<typeof useMyBoard>['data']>['board'] extends infer B
  ? B extends { entries: (infer E)[] }
    ? E
    : never
  : never;

/**
 * 长辈模式's home: the few things an older resident reaches for, each a large button — help,
 * their grid worker's phone, messages, points — and nothing else (MIIT 适老化: fewer entries).
 */
function ElderHome({
  greeting,
  gridWorker,
  unread,
  helpLabel,
}: {
  greeting: string;
  gridWorker: BoardEntry | undefined;
  unread: number;
  helpLabel: string;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <div className="h5-page h5-home h5-elder-home" data-testid="elder-home">
      <header className="h5-elder-hero">
        <div className="h5-home-greeting">{greeting}</div>
      </header>
      <button
        type="button"
        className="h5-elder-button h5-elder-help"
        onClick={() => navigate('/help')}
        data-testid="entry-help"
      >
        <ExclamationShieldOutline />
        <span>{helpLabel}</span>
      </button>
      {gridWorker?.contactPhone ? (
        <a className="h5-elder-button h5-elder-call" href={`tel:${gridWorker.contactPhone}`} data-testid="elder-call">
          <PhoneFill />
          <span>
            {t('h5.elder.callWorker', { name: gridWorker.name })}
            <small>{gridWorker.contactPhone}</small>
          </span>
        </a>
      ) : (
        <button type="button" className="h5-elder-button" onClick={() => navigate('/community')}>
          <UserContactOutline />
          <span>{t('h5.home.boardTitle')}</span>
        </button>
      )}
      <div className="h5-elder-pair">
        <button type="button" className="h5-elder-button" onClick={() => navigate('/report')} data-testid="entry-snap">
          <CameraOutline />
          <span>{t('h5.home.features.snap')}</span>
        </button>
        <button type="button" className="h5-elder-button" onClick={() => navigate('/notifications')}>
          <Badge content={unread > 0 ? (unread > 99 ? '99+' : unread) : null}>
            <BellOutline />
          </Badge>
          <span>{t('h5.notifications.title')}</span>
        </button>
      </div>
      <button type="button" className="h5-elder-button" onClick={() => navigate('/points')}>
        <StarOutline />
        <span>{t('h5.elder.myPoints')}</span>
      </button>
      <div className="h5-elder-leave">
        <p>{t('h5.elder.isOn')}</p>
        <Button block size="large" fill="outline" onClick={() => setElderMode(false)} data-testid="elder-leave">
          {t('h5.elder.toStandard')}
        </Button>
      </div>
    </div>
  );
}
