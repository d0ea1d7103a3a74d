import {
  CloudOutlined,
  CoffeeOutlined,
  FireOutlined,
  ManOutlined,
  MedicineBoxOutlined,
  RestOutlined,
  ThunderboltOutlined,
  ToolOutlined,
  WifiOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Facility } from '../../shared/types.ts';

const ICONS: Record<Facility, typeof CoffeeOutlined> = {
  water: CoffeeOutlined,
  microwave: FireOutlined,
  charger: ThunderboltOutlined,
  first_aid: MedicineBoxOutlined,
  toilet: ManOutlined,
  rest_area: RestOutlined,
  umbrella: CloudOutlined,
  wifi: WifiOutlined,
  repair_kit: ToolOutlined,
};

/** A facility as an icon with its name under it. */
export function FacilityIcon({ facility }: { facility: Facility }) {
  const { t } = useTranslation();
  const Icon = ICONS[facility];
  return (
    <span className="h5-facility" title={t(`stations.facilities.${facility}`)}>
      <Icon />
      <span>{t(`stations.facilities.${facility}`)}</span>
    </span>
  );
}
