import { PhoneOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Empty, Select, Skeleton, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { assignmentKindLabel } from '../../shared/labels.ts';
import type { Board, Building } from '../../shared/types.ts';
import { LoadError } from '../components/LoadError.tsx';
import { orgQueries } from '../../shared/query/org.ts';
import { useQuery } from '@tanstack/react-query';

interface BoardPreviewProps {
  gridId: number;
  buildings: Building[];
}

/** The public board (三亮一做) as residents see it, for the grid or one of its buildings. */
export function BoardPreview({ gridId, buildings }: BoardPreviewProps) {
  const { t } = useTranslation();
  const [buildingId, setBuildingId] = useState<number | undefined>();
  // A changed assignment invalidates the org keys, so the preview shows it.
  const board = useQuery(orgQueries.board(buildingId ? { buildingId } : { gridId }));

  return (
    <div>
      <Space.Compact style={{ width: '100%', marginBottom: 12 }}>
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('board.chooseBuilding')}
          value={buildingId}
          onChange={setBuildingId}
          options={buildings.map((b) => ({ value: b.id, label: b.name }))}
          style={{ width: '100%' }}
          aria-label={t('board.chooseBuilding')}
        />
        <Button
          icon={<PrinterOutlined />}
          href={`/admin/board/print?${buildingId ? `buildingId=${buildingId}` : `gridId=${gridId}`}`}
          target="_blank"
          data-testid="print-board"
        >
          {t('board.print')}
        </Button>
      </Space.Compact>
      {board.error ? (
        <LoadError error={board.error} onRetry={() => void board.refetch()} />
      ) : !board.data ? (
        <Skeleton active />
      ) : (
        <BoardSheet board={board.data} />
      )}
    </div>
  );
}

export function BoardSheet({ board }: { board: Board }) {
  const { t } = useTranslation();
  // The building's 党员中心户 (party module) come right after the building's own people.
  const split = board.entries.findIndex((e) => e.scope !== 'building');
  const at = split === -1 ? board.entries.length : split;
  const centers = board.centerHouseholds.map((c, i) => (
    <li key={`center-${c.name}-${i}`} className="gz-board-entry" data-testid="board-center-household">
      <div className="gz-board-avatar">{(c.secretary || c.name).slice(0, 1)}</div>
      <div className="gz-board-body">
        <div>
          <Tag color="red">{t('party.board.centerHouseholds')}</Tag>
          <strong className="gz-board-name">{c.name}</strong>
          <span className="gz-board-scope">{c.household}</span>
        </div>
        {c.secretary && <div className="gz-board-duty">{t('party.board.head', { name: c.secretary })}</div>}
      </div>
    </li>
  ));
  return (
    <div className="gz-board" data-testid="board-preview">
      <div className="gz-board-head">
        <div className="gz-board-title">{t('board.title')}</div>
        <div className="gz-board-motto">{t('board.motto')}</div>
        <div className="gz-board-place">
          {[board.community.name, board.grid?.name, board.building?.name].filter(Boolean).join(' · ')}
        </div>
      </div>
      {board.entries.length === 0 && centers.length === 0 ? (
        <Empty description={t('board.empty')} style={{ padding: 24 }} />
      ) : (
        <ul className="gz-board-entries">
          {board.entries.map((entry, i) => [
            ...(i === at ? centers : []),
            <li key={`${entry.kind}-${entry.name}-${i}`} className="gz-board-entry">
              <div className="gz-board-avatar">{entry.name.slice(0, 1)}</div>
              <div className="gz-board-body">
                <div>
                  <Tag color="red">{assignmentKindLabel(t, entry.kind)}</Tag>
                  <strong className="gz-board-name">{entry.name}</strong>
                  <span className="gz-board-scope">{entry.scopeName}</span>
                </div>
                {entry.contactPhone && (
                  <div className="gz-board-phone">
                    <PhoneOutlined /> {entry.contactPhone}
                  </div>
                )}
                {entry.duty && <div className="gz-board-duty">{entry.duty}</div>}
                {entry.pledge && <div className="gz-board-pledge">{t('board.pledge', { pledge: entry.pledge })}</div>}
              </div>
            </li>,
          ])}
          {at === board.entries.length && centers}
        </ul>
      )}
    </div>
  );
}
