import { Breadcrumb, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { cockpitUnitSearch, type CockpitUnitQuery } from '../../shared/query/cockpit.ts';
import type { CockpitView } from '../../shared/types.ts';
import { divisionPath, type OrgIndex } from '../org/orgIndex.ts';
import { useOrgTree } from '../org/OrgTreeContext.tsx';

interface Step {
  name: string;
  unit: CockpitUnitQuery;
}

/**
 * The units from the caller's whole area down to the one shown (区 › 街道 › 社区 › 网格), from the
 * org tree. The whole area is named after the caller's one top division, when there is one.
 */
function trail(index: OrgIndex, unit: CockpitUnitQuery, wholeArea: string): Step[] {
  const tops = index.tree.divisions.filter(
    (d) => d.inScope && !(d.parentId !== null && index.divisionById.get(d.parentId)?.inScope),
  );
  const top = tops.length === 1 ? tops[0] : undefined;
  const grid = unit.gridId ? index.gridById.get(unit.gridId) : undefined;
  const divisionId = grid ? grid.communityId : unit.areaId;
  const divisions = divisionId ? divisionPath(index, divisionId).filter((d) => d.inScope && d.id !== top?.id) : [];
  return [
    { name: top?.name ?? wholeArea, unit: {} },
    ...divisions.map((d) => ({ name: d.name, unit: { areaId: d.id } })),
    ...(grid ? [{ name: grid.name, unit: { gridId: grid.id } }] : []),
  ];
}

/** Where the cockpit is (a trail to go back up) and the units one level down to go into. */
export function UnitPicker({
  unit,
  view,
  onChange,
}: {
  unit: CockpitUnitQuery;
  view: CockpitView | undefined;
  onChange: (unit: CockpitUnitQuery) => void;
}) {
  const { t } = useTranslation();
  const { index } = useOrgTree();
  const steps = index ? trail(index, unit, t('common.all')) : [];
  const last = steps.length - 1;
  return (
    <div className="gz-cockpit-unit" data-testid="cockpit-unit">
      <span className="gz-cockpit-unit-label">{t('cockpit.unit')}</span>
      <Breadcrumb
        items={steps.map((step, i) => ({
          key: cockpitUnitSearch(step.unit) || 'all',
          title:
            i === last ? (
              <strong>{view?.area.name ?? step.name}</strong>
            ) : (
              <Link to={`/cockpit${cockpitUnitSearch(step.unit)}`}>{step.name}</Link>
            ),
        }))}
      />
      {view && view.children.length > 0 && (
        <Select<string>
          showSearch={{ optionFilterProp: 'label' }}
          size="small"
          value={null}
          placeholder={t('cockpit.down')}
          style={{ width: 180 }}
          aria-label={t('cockpit.down')}
          data-testid="cockpit-children"
          options={view.children.map((child) => ({ value: `${child.level}:${child.id}`, label: child.name }))}
          onChange={(value) => {
            const child = view.children.find((c) => `${c.level}:${c.id}` === value);
            if (child) onChange(child.level === 'grid' ? { gridId: child.id } : { areaId: child.id });
          }}
        />
      )}
    </div>
  );
}
