import { Button, ErrorBlock, PullToRefresh, Skeleton } from 'antd-mobile';
import { CompassOutline, EnvironmentOutline, RightOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import { BoardEntries } from '../BoardEntries.tsx';
import { useMyBoard } from '../useMyBoard.ts';
import type { ReactNode } from 'react';
import { PageNavBar } from '../components/PageNavBar.tsx';

/** 我的社区: the public board (三亮一做) of the resident's own building and grid. */
export function CommunityPage() {
  const { t } = useTranslation();
  const board = useMyBoard();
  const navigate = useNavigate();

  let content: ReactNode;
  if (board.error) {
    content = (
      <ErrorBlock status="disconnected" title={t('common.loadFailed')} description={errorMessage(board.error)}>
        <Button color="primary" size="small" onClick={() => void board.refetch()}>
          {t('common.retry')}
        </Button>
      </ErrorBlock>
    );
  } else if (board.data === undefined) {
    content = (
      <div className="h5-section">
        <Skeleton.Title animated />
        <Skeleton.Paragraph lineCount={6} animated />
      </div>
    );
  } else if (board.data.board === null) {
    content = (
      <ErrorBlock
        status="empty"
        title={t('h5.community.noHome')}
        description={board.data.reason ?? t('h5.community.noHomeHint')}
      />
    );
  } else {
    const b = board.data.board;
    content = (
      <>
        <header className="h5-board-head">
          <div className="h5-board-head-title">{t('board.title')}</div>
          <div className="h5-board-head-motto">{t('h5.community.boardSubtitle')}</div>
          <div className="h5-board-place">
            <strong>{b.community.name}</strong>
            {b.grid && <span> · {b.grid.name}</span>}
          </div>
          {b.building && (
            <div className="h5-board-address">
              <EnvironmentOutline /> {b.building.address || b.building.name}
            </div>
          )}
        </header>
        {b.entries.length === 0 && b.centerHouseholds.length === 0 ? (
          <ErrorBlock status="empty" title={t('h5.community.empty')} description="" />
        ) : (
          <BoardEntries entries={b.entries} centerHouseholds={b.centerHouseholds} />
        )}
        {/* Beside the people to ask: the places to go, within a 15-minute walk of home. */}
        <button
          type="button"
          className="h5-card h5-nearby-link"
          onClick={() => navigate('/nearby')}
          data-testid="community-nearby"
        >
          <CompassOutline className="h5-nearby-link-icon" />
          <span className="h5-nearby-link-text">
            <strong>{t('nearby.title')}</strong>
            <span>{t('nearby.subtitle')}</span>
          </span>
          <RightOutline />
        </button>
      </>
    );
  }

  return (
    <div className="h5-page">
      <PageNavBar title={t('h5.community.title')} />
      <PullToRefresh onRefresh={async () => void (await board.refetch())}>{content}</PullToRefresh>
    </div>
  );
}
