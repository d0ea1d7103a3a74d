import { ReloadOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Card, DatePicker, Select, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, zonedWallClockToIso } from '../../shared/time.ts';
import type { AuditEntry } from '../../shared/types.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { auditQueries } from '../../shared/query/audit.ts';

/** Actions the server records; a prefix such as org.person matches all of its kind. */
const KNOWN_ACTIONS = [
  'auth',
  'auth.login',
  'auth.login_failed',
  'auth.account_locked',
  'auth.logout',
  'auth.password_changed',
  'auth.password_change_failed',
  'org',
  'org.person',
  'org.person.create',
  'org.person.update',
  'org.person.delete',
  'org.person.reveal',
  'org.assignment',
  'org.assignment.create',
  'org.assignment.delete',
  'org.building.create',
  'org.building.update',
  'org.household.create',
  'org.grid.create',
  'org.grid.update',
  'org.division.create',
  'org.division.update',
  'org.import.create',
] as const;
type KnownAction = (typeof KNOWN_ACTIONS)[number];

const ENTITY_TYPES = ['user', 'person', 'grid', 'building', 'household', 'assignment', 'division', 'import'] as const;
type EntityType = (typeof ENTITY_TYPES)[number];

function isKnownAction(action: string): action is KnownAction {
  return (KNOWN_ACTIONS as readonly string[]).includes(action);
}

function isEntityType(type: string): type is EntityType {
  return (ENTITY_TYPES as readonly string[]).includes(type);
}

/** Reading whole personal numbers and failed sign-ins are what an auditor looks for first. */
function actionColor(action: string): string {
  if (action === 'org.person.reveal') return 'orange';
  if (
    action.endsWith('.delete') ||
    action === 'auth.login_failed' ||
    action === 'auth.account_locked' ||
    action === 'auth.password_change_failed'
  )
    return 'red';
  if (action.startsWith('auth.')) return 'default';
  return 'blue';
}

interface AuditFilters {
  action: string;
  entityType?: string;
  range: [Dayjs, Dayjs] | null;
}

export default function AuditPage() {
  const { t } = useTranslation();
  const [draftAction, setDraftAction] = useState('');
  const [filters, setFilters] = useState<AuditFilters>({ action: '', range: null });

  const from = filters.range ? zonedWallClockToIso(filters.range[0]) : undefined;
  const to = filters.range ? zonedWallClockToIso(filters.range[1]) : undefined;

  // A failed sign-in has no actor; the name that was tried is in the details.
  const actorFallback = (entry: AuditEntry) => {
    if (entry.actorId) return `#${entry.actorId}`;
    const tried = entry.details.login;
    return typeof tried === 'string' ? t('audit.anonymous', { login: tried }) : t('audit.system');
  };

  const actionLabel = (action: string) => (isKnownAction(action) ? t(`audit.actions.${action}`) : action);

  return (
    <div className="gz-page">
      <PageHeader title={t('nav.audit')} description={t('audit.subtitle')} />
      <Card>
        <div className="gz-filters">
          <AutoComplete
            value={draftAction}
            onChange={setDraftAction}
            onSelect={(value: string) => setFilters((f) => ({ ...f, action: value }))}
            onBlur={() => setFilters((f) => ({ ...f, action: draftAction.trim() }))}
            options={KNOWN_ACTIONS.filter((a) => a.startsWith(draftAction)).map((a) => ({
              value: a,
              label: `${a} · ${actionLabel(a)}`,
            }))}
            placeholder={t('audit.actionPlaceholder')}
            allowClear
            style={{ width: 280 }}
            aria-label={t('audit.action')}
          />
          <Select
            allowClear
            placeholder={t('audit.entityType')}
            value={filters.entityType}
            onChange={(entityType?: string) => setFilters((f) => ({ ...f, entityType }))}
            options={ENTITY_TYPES.map((type) => ({ value: type, label: t(`audit.entities.${type}`) }))}
            style={{ width: 150 }}
            aria-label={t('audit.entityType')}
          />
          <DatePicker.RangePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            value={filters.range}
            onChange={(range) =>
              setFilters((f) => ({ ...f, range: range?.[0] && range[1] ? [range[0], range[1]] : null }))
            }
            placeholder={[t('audit.from'), t('audit.to')]}
          />
          <Button
            icon={<ReloadOutlined />}
            onClick={() => {
              setDraftAction('');
              setFilters({ action: '', range: null });
            }}
          >
            {t('filters.reset')}
          </Button>
        </div>
        <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
          {t('audit.timeZoneNote')}
        </Typography.Paragraph>
        <CursorTable
          rowKey="id"
          pageQuery={(page) =>
            auditQueries.list({ action: filters.action, entityType: filters.entityType, from, to, ...page })
          }
          locale={{ emptyText: t('audit.empty') }}
          expandable={{
            rowExpandable: (entry) => Object.keys(entry.details).length > 0 || Boolean(entry.userAgent),
            expandedRowRender: (entry) => (
              <div className="gz-audit-details">
                {entry.userAgent && (
                  <div>
                    <Typography.Text type="secondary">{t('audit.userAgent')} </Typography.Text>
                    {entry.userAgent}
                  </div>
                )}
                {Object.keys(entry.details).length > 0 && <pre>{JSON.stringify(entry.details, null, 2)}</pre>}
              </div>
            ),
          }}
          columns={[
            { title: t('audit.at'), dataIndex: 'at', width: 170, render: (at: string) => formatDateTime(at) },
            {
              title: t('audit.actor'),
              dataIndex: 'actorName',
              width: 150,
              render: (name: string | null, e) => name ?? actorFallback(e),
            },
            {
              title: t('audit.action'),
              dataIndex: 'action',
              width: 240,
              render: (action: string) => (
                <span>
                  <Tag color={actionColor(action)}>{actionLabel(action)}</Tag>
                  <Typography.Text type="secondary" className="gz-mono gz-small">
                    {action}
                  </Typography.Text>
                </span>
              ),
            },
            {
              title: t('audit.entity'),
              key: 'entity',
              width: 150,
              render: (_v, e) =>
                e.entityType
                  ? `${isEntityType(e.entityType) ? t(`audit.entities.${e.entityType}`) : e.entityType}${e.entityId ? ` #${e.entityId}` : ''}`
                  : '—',
            },
            {
              title: t('audit.ip'),
              dataIndex: 'ip',
              width: 140,
              render: (ip: string | null) => <span className="gz-mono">{ip ?? '—'}</span>,
            },
            {
              title: t('audit.summary'),
              key: 'summary',
              ellipsis: true,
              render: (_v, e) => (
                <span className="gz-mono gz-small">
                  {Object.keys(e.details).length ? JSON.stringify(e.details) : '—'}
                </span>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
