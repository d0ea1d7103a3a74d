import { useQuery } from '@tanstack/react-query';
import { Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { selfServiceQueries } from '../../shared/query/self-service.ts';
import { oneOf, useUrlFilters } from '../../shared/useUrlFilters.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { DeliveryLog } from './DeliveryLog.tsx';
import { OutboxPreview } from './OutboxPreview.tsx';

const TABS = ['log', 'preview'] as const;

/**
 * 消息发件箱: 发送记录, the status of every SMS and call of the area; and 开发环境预览, what the
 * `log` provider of a development server "sent" (the tab appears only when that API answers: with
 * a real provider it is 404).
 */
export default function OutboxPage() {
  const { t } = useTranslation();
  const outbox = useQuery(selfServiceQueries.outbox());
  const [filters, setFilters] = useUrlFilters(['tab']);
  const preview = outbox.data !== undefined;
  const tab = (preview && oneOf(filters.tab, TABS)) || 'log';

  return (
    <div className="gz-page" data-testid="outbox-page">
      <PageHeader title={t('nav.outbox')} />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(key) => setFilters({ tab: key === 'log' ? undefined : key })}
          destroyOnHidden
          items={[
            { key: 'log', label: t('selfService.outbox.tabs.log'), children: <DeliveryLog /> },
            ...(preview
              ? [{ key: 'preview', label: t('selfService.outbox.tabs.preview'), children: <OutboxPreview /> }]
              : []),
          ]}
        />
      </Card>
    </div>
  );
}
