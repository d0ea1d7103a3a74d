import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Descriptions, Select, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import {
  AUDIT_ACTION_GROUPS,
  AUDIT_ACTION_NAMES,
  AUDIT_DETAIL_NAMES,
  AUDIT_ENTITY_NAMES,
} from '../../shared/i18n/audit-actions.ts';
import { currentLocale } from '../../shared/i18n/index.ts';
import { useCategories } from '../../shared/categories.ts';
import { formatDateTime, zonedWallClockToIso } from '../../shared/time.ts';
import type { AuditEntry } from '../../shared/types.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { ExportButton } from '../components/ExportButton.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { auditQueries } from '../../shared/query/audit.ts';

/** Console pages of the audited objects that have one of their own. */
const ENTITY_PAGES: Record<string, (id: string) => string> = {
  matter: (id) => `/matters/${id}`,
  case: (id) => `/mediation/cases/${id}`,
  meeting: (id) => `/deliberation/meetings/${id}`,
  vote: (id) => `/deliberation/votes/${id}`,
  activity: (id) => `/volunteer/activities/${id}`,
  topic: (id) => `/deliberation/topics?open=${id}`,
};

const ACTION_OPTIONS = [...Object.keys(AUDIT_ACTION_GROUPS), ...Object.keys(AUDIT_ACTION_NAMES)];

/** One value of a record's details in words: lists joined, yes and no, nested fields as a:b. */
function detailValue(value: unknown, yes: string, no: string): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? yes : no;
  if (Array.isArray(value)) return value.map((v) => detailValue(v, yes, no)).join('、');
  if (typeof value === 'object')
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}：${detailValue(v, yes, no)}`)
      .join('；');
  return String(value);
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
  const [filters, setFilters] = useState<AuditFilters>({ action: '', range: null });

  const from = filters.range ? zonedWallClockToIso(filters.range[0]) : undefined;
  const to = filters.range ? zonedWallClockToIso(filters.range[1]) : undefined;

  // A failed sign-in has no actor; the name that was tried is in the details.
  const actorFallback = (entry: AuditEntry) => {
    if (entry.actorId) return `#${entry.actorId}`;
    const tried = entry.details.login;
    return typeof tried === 'string' ? t('audit.anonymous', { login: tried }) : t('audit.system');
  };

  const categories = useCategories(true);
  const categoryNames = new Map((categories.data ?? []).map((c) => [c.code, c.name]));
  const lang = currentLocale() === 'en' ? 1 : 0;
  const named = (names: Record<string, readonly [string, string]>, key: string) => names[key]?.[lang];
  const actionLabel = (action: string) =>
    named(AUDIT_ACTION_NAMES, action) ?? named(AUDIT_ACTION_GROUPS, action) ?? action;
  const entityLabel = (type: string) => named(AUDIT_ENTITY_NAMES, type) ?? type;
  const detailName = (key: string) => named(AUDIT_DETAIL_NAMES, key) ?? key;
  // Codes the reader knows by name: a matter's source, category and status.
  const coded = (entry: AuditEntry, key: string, value: unknown) => {
    if (typeof value !== 'string') return undefined;
    if (key === 'source') return t(`matters.sources.${value}`, { defaultValue: value });
    if (key === 'category') return categoryNames.get(value) ?? value;
    if ((key === 'from' || key === 'to') && entry.entityType === 'matter')
      return t(`matters.status.${value}`, { defaultValue: value });
    if (key === 'kind' && entry.entityType === 'care_check')
      return t(`care.checkKind.${value}`, { defaultValue: value });
    if ((key === 'type' || key === 'kind') && entry.entityType === 'care_target')
      return t(`care.kind.${value}`, { defaultValue: value });
    return undefined;
  };
  const details = (entry: AuditEntry) =>
    Object.entries(entry.details).map(([key, value]) => ({
      key,
      name: detailName(key),
      value: coded(entry, key, value) ?? detailValue(value, t('common.yes'), t('common.no')),
    }));

  return (
    <div className="gz-page">
      <PageHeader
        title={t('nav.audit')}
        description={t('audit.subtitle')}
        extra={
          <ExportButton kind="audit" filters={{ action: filters.action, entityType: filters.entityType, from, to }} />
        }
      />
      <Card>
        <div className="gz-filters">
          <Select
            showSearch
            allowClear
            value={filters.action || undefined}
            onChange={(action?: string) => setFilters((f) => ({ ...f, action: action ?? '' }))}
            optionFilterProp="label"
            options={ACTION_OPTIONS.map((a) => ({ value: a, label: actionLabel(a) }))}
            placeholder={t('audit.actionPlaceholder')}
            style={{ width: 280 }}
            aria-label={t('audit.action')}
          />
          <Select
            allowClear
            placeholder={t('audit.entityType')}
            value={filters.entityType}
            onChange={(entityType?: string) => setFilters((f) => ({ ...f, entityType }))}
            options={Object.keys(AUDIT_ENTITY_NAMES).map((type) => ({ value: type, label: entityLabel(type) }))}
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
                {Object.keys(entry.details).length > 0 && (
                  <Descriptions size="small" column={1} bordered>
                    {details(entry).map((d) => (
                      <Descriptions.Item key={d.key} label={d.name}>
                        {d.value}
                      </Descriptions.Item>
                    ))}
                  </Descriptions>
                )}
              </div>
            ),
          }}
          columns={[
            { title: t('audit.at'), dataIndex: 'at', width: 170, render: (at: string) => formatDateTime(at) },
            {
              title: t('audit.actor'),
              dataIndex: 'actorName',
              width: 150,
              render: (name: string | null, e) =>
                e.actorId && name ? (
                  // Who, as people know them; the account that identifies them beneath.
                  <div className="gz-two-lines">
                    <span>{e.actorDisplayName ?? name}</span>
                    {e.actorDisplayName && (
                      <span className="gz-mono gz-small gz-muted" translate="no">
                        {name}
                      </span>
                    )}
                  </div>
                ) : (
                  actorFallback(e)
                ),
            },
            {
              title: t('audit.action'),
              dataIndex: 'action',
              width: 240,
              render: (action: string) => (
                <Tag color={actionColor(action)} title={action}>
                  {actionLabel(action)}
                </Tag>
              ),
            },
            {
              title: t('audit.entity'),
              key: 'entity',
              width: 150,
              render: (_v, e) => {
                if (!e.entityType) return '—';
                const label = `${entityLabel(e.entityType)}${e.entityId ? ` #${e.entityId}` : ''}`;
                const page = e.entityId ? ENTITY_PAGES[e.entityType]?.(e.entityId) : undefined;
                return page ? <Link to={page}>{label}</Link> : label;
              },
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
                <span className="gz-small">
                  {Object.keys(e.details).length
                    ? details(e)
                        .map((d) => `${d.name}：${d.value}`)
                        .join('；')
                    : '—'}
                </span>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
