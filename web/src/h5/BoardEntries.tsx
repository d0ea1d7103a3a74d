import { Tag } from 'antd-mobile';
import { PhoneFill } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { assignmentKindLabel } from '../shared/labels.ts';
import type { Board, BoardEntry } from '../shared/types.ts';

/**
 * One card per responsible person; the phone number is a tap-to-call link. Right after the
 * building's people, the building's 党员中心户 (party member households), beside its party member.
 */
export function BoardEntries({
  entries,
  centerHouseholds = [],
}: {
  entries: BoardEntry[];
  centerHouseholds?: Board['centerHouseholds'];
}) {
  const { t } = useTranslation();
  // The building's people first (entries come so), its 党员中心户 right after them, then the grid's.
  const split = entries.findIndex((e) => e.scope !== 'building');
  const at = split === -1 ? entries.length : split;
  const card = (entry: BoardEntry, i: number) => (
    <li key={`${entry.kind}-${entry.name}-${i}`} className="h5-board-card" data-testid="board-entry">
      <div className="h5-board-top">
        <div className="h5-board-avatar">{entry.name.slice(0, 1)}</div>
        <div className="h5-board-who">
          <div>
            <span className="h5-board-name">{entry.name}</span>
            <Tag color="danger" fill="outline" className="h5-board-role">
              {assignmentKindLabel(t, entry.kind)}
            </Tag>
          </div>
          <div className="h5-board-scope">
            {entry.scope === 'building' ? t('h5.community.buildingScope') : t('h5.community.gridScope')} ·{' '}
            {entry.scopeName}
          </div>
        </div>
        {entry.phonePublished && (
          <a
            className="h5-board-call"
            href={`tel:${entry.contactPhone}`}
            aria-label={t('h5.community.call', { phone: entry.contactPhone })}
          >
            <PhoneFill />
          </a>
        )}
      </div>
      {entry.duty && <div className="h5-board-duty">{entry.duty}</div>}
      {entry.pledge && <div className="h5-board-pledge">{t('h5.community.pledge', { pledge: entry.pledge })}</div>}
      {entry.phonePublished ? (
        <a className="h5-board-phone" href={`tel:${entry.contactPhone}`}>
          <PhoneFill /> {entry.contactPhone}
        </a>
      ) : (
        entry.contactPhone && (
          <span className="h5-board-phone h5-board-phone-masked">
            <PhoneFill /> {entry.contactPhone}
          </span>
        )
      )}
    </li>
  );
  return (
    <ul className="h5-board-list">
      {entries.slice(0, at).map(card)}
      {centerHouseholds.map((c, i) => (
        <li key={`center-${c.name}-${i}`} className="h5-board-card" data-testid="board-center-household">
          <div className="h5-board-top">
            <div className="h5-board-avatar">{c.secretary.slice(0, 1) || c.name.slice(0, 1)}</div>
            <div className="h5-board-who">
              <div>
                <span className="h5-board-name">{c.name}</span>
                <Tag color="danger" fill="outline" className="h5-board-role">
                  {t('party.board.centerHouseholds')}
                </Tag>
              </div>
              <div className="h5-board-scope">
                {t('h5.community.buildingScope')} · {t('party.board.household', { household: c.household })}
              </div>
            </div>
          </div>
          {c.secretary && <div className="h5-board-duty">{t('party.board.head', { name: c.secretary })}</div>}
        </li>
      ))}
      {entries.slice(at).map((entry, i) => card(entry, at + i))}
    </ul>
  );
}
