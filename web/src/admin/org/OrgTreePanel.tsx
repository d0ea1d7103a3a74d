import {
  ApartmentOutlined,
  AppstoreOutlined,
  BankOutlined,
  FlagOutlined,
  GlobalOutlined,
  HomeOutlined,
} from '@ant-design/icons';
import { Input, Tree, Typography, type TreeDataNode } from 'antd';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DivisionLevel, TreeDivision } from '../../shared/types.ts';
import { divisionPath, type OrgIndex } from './orgIndex.ts';

export type OrgNodeKey = `d-${number}` | `g-${number}`;

export function parseNodeKey(key: string | null): { type: 'division' | 'grid'; id: number } | null {
  const match = /^([dg])-(\d+)$/.exec(key ?? '');
  if (!match) return null;
  return { type: match[1] === 'd' ? 'division' : 'grid', id: Number(match[2]) };
}

const LEVEL_ICONS: Record<DivisionLevel, ReactNode> = {
  province: <GlobalOutlined />,
  city: <FlagOutlined />,
  district: <BankOutlined />,
  street: <ApartmentOutlined />,
  community: <HomeOutlined />,
};

function matches(text: string, code: string, filter: string) {
  return text.includes(filter) || code.startsWith(filter);
}

function Highlight({ text, filter }: { text: string; filter: string }) {
  const at = filter ? text.indexOf(filter) : -1;
  if (at < 0) return <span className="gz-tree-name">{text}</span>;
  return (
    <span className="gz-tree-name">
      {text.slice(0, at)}
      <mark className="gz-tree-match">{filter}</mark>
      {text.slice(at + filter.length)}
    </span>
  );
}

/** Divisions that start the caller's own area, and the context above them, open at first. */
function initialExpandedKeys(index: OrgIndex, selected: string | null): string[] {
  const keys = new Set<string>();
  for (const division of index.tree.divisions) {
    const parent = division.parentId === null ? undefined : index.divisionById.get(division.parentId);
    if (!division.inScope || !parent?.inScope) keys.add(`d-${division.id}`);
  }
  const node = parseNodeKey(selected);
  const divisionId = node?.type === 'grid' ? index.gridById.get(node.id)?.communityId : node?.id;
  if (divisionId !== undefined) for (const d of divisionPath(index, divisionId)) keys.add(`d-${d.id}`);
  return [...keys];
}

interface OrgTreePanelProps {
  index: OrgIndex;
  selectedKey: string | null;
  onSelect: (key: OrgNodeKey) => void;
}

export function OrgTreePanel({ index, selectedKey, onSelect }: OrgTreePanelProps) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState('');
  const [expandedKeys, setExpandedKeys] = useState<string[]>(() => initialExpandedKeys(index, selectedKey));

  const { treeData, matchedAncestors } = useMemo(() => {
    const ancestors = new Set<string>();
    const buildDivision = (division: TreeDivision): TreeDataNode | null => {
      const key = `d-${division.id}`;
      const grids = (index.gridsOf.get(division.id) ?? [])
        .filter((grid) => !filter || matches(grid.name, grid.code, filter))
        .map<TreeDataNode>((grid) => ({
          key: `g-${grid.id}`,
          isLeaf: true,
          icon: <AppstoreOutlined />,
          title: (
            <span className="gz-tree-title">
              <Highlight text={grid.name} filter={filter} />
              {grid.kind !== 'resident' && <span className="gz-tree-level">{t(`gridKinds.${grid.kind}`)}</span>}
            </span>
          ),
        }));
      const children = [
        ...(index.childrenOf.get(division.id) ?? []).map(buildDivision).filter((n): n is TreeDataNode => n !== null),
        ...grids,
      ];
      const selfMatches = !filter || matches(division.name, division.code, filter);
      if (!selfMatches && children.length === 0) return null;
      if (filter && children.length > 0) ancestors.add(key);
      return {
        key,
        icon: LEVEL_ICONS[division.level],
        selectable: division.inScope,
        className: division.inScope ? undefined : 'gz-tree-out-of-scope',
        title: (
          <span className="gz-tree-title">
            <Highlight text={division.name} filter={filter} />
            <span className="gz-tree-level">{t(`levels.${division.level}`)}</span>
          </span>
        ),
        children,
      };
    };
    const roots = (index.childrenOf.get(null) ?? []).map(buildDivision).filter((n): n is TreeDataNode => n !== null);
    return { treeData: roots, matchedAncestors: [...ancestors] };
  }, [index, filter, t]);

  useEffect(() => {
    // A search opens every branch that leads to a match; the user may then fold them.
    if (filter) setExpandedKeys(matchedAncestors);
  }, [filter, matchedAncestors]);

  return (
    <div className="gz-org-tree">
      <Input.Search
        placeholder={t('org.searchPlaceholder')}
        allowClear
        onChange={(event) => setFilter(event.target.value.trim())}
        style={{ marginBottom: 12 }}
        aria-label={t('org.searchPlaceholder')}
      />
      {treeData.length === 0 ? (
        <Typography.Text type="secondary">{t('org.noMatch')}</Typography.Text>
      ) : (
        <Tree
          showIcon
          blockNode
          treeData={treeData}
          expandedKeys={expandedKeys}
          onExpand={(keys) => setExpandedKeys(keys.map(String))}
          selectedKeys={selectedKey ? [selectedKey] : []}
          onSelect={(_keys, { node }) => {
            const key = String(node.key) as OrgNodeKey;
            onSelect(key);
            if (!node.isLeaf && !expandedKeys.includes(key)) setExpandedKeys([...expandedKeys, key]);
          }}
        />
      )}
    </div>
  );
}
