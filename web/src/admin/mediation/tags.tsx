import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api.ts';
import { CASE_STATUS_COLORS, RISK_COLORS, type CaseStatus, type Catalogue, type Risk } from '../../shared/mediation.ts';
import { i18n } from '../../shared/i18n/index.ts';
import { useAsync } from '../../shared/useAsync.ts';
import '../deliberation/deliberation.css';

/** The server's catalogue (categories, statuses, roles, referrals) in the UI language. */
export function useCatalogue() {
  return useAsync((signal) => api.get<Catalogue>('/api/mediation/catalogue', undefined, signal), [i18n.language]);
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
