import { useQuery } from '@tanstack/react-query';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { CASE_STATUS_COLORS, RISK_COLORS, type CaseStatus, type Risk } from '../../shared/mediation.ts';
import { mediationQueries } from '../../shared/query/mediation.ts';
import '../deliberation/deliberation.css';

/** The server's catalogue (categories, statuses, roles, referrals) in the UI language. */
export function useCatalogue() {
  const { i18n } = useTranslation();
  return useQuery(mediationQueries.catalogue(i18n.language));
}

export function CaseStatusTag({ status, name, testId }: { status: CaseStatus; name: string; testId?: string }) {
  return (
    <Tag color={CASE_STATUS_COLORS[status]} data-testid={testId} style={{ marginInlineEnd: 0 }}>
      {name}
    </Tag>
  );
}

export function RiskTag({ risk }: { risk: Risk }) {
  const { t } = useTranslation();
  return (
    <Tag color={RISK_COLORS[risk]} style={{ marginInlineEnd: 0 }}>
      {t(`mediation.risk.${risk}`)}
    </Tag>
  );
}
