import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Input, InputNumber, Select, Space, Tabs, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import { KNOWN_TAGS, tagColor, tagLabel } from '../../shared/labels.ts';
import { type DueItem, fieldKeys, fieldQueries } from '../../shared/query/field.ts';
import { fieldAdminCalls, fieldAdminQueries, type VisitView } from '../../shared/query/field-admin.ts';
import { formatDateTime } from '../../shared/time.ts';
import { numberParam, oneOf, useUrlFilters } from '../../shared/useUrlFilters.ts';
import { can, useMe } from '../../shared/session.tsx';
import { CommunitySelect, useCommunityOptions } from '../components/CommunitySelect.tsx';
import { CursorTable } from '../components/CursorTable.tsx';
import { ExportButton } from '../components/ExportButton.tsx';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { useOrgTree } from '../org/OrgTreeContext.tsx';

const FILTERS = ['tab', 'communityId', 'q', 'method'] as const;
const TABS = ['records', 'due', 'rules'] as const;
const METHODS = ['home', 'phone', 'video', 'street'] as const;

/**
 * 走访: the visits recorded in the caller's area, the people overdue for one (独居老人 weekly,
 * others as the community set), and each community's visit intervals per person tag.
 */
export default function VisitsPage() {
  const { t } = useTranslation();
  const [filters, setFilters] = useUrlFilters(FILTERS);
  const tab = oneOf(filters.tab, TABS) ?? 'records';
  const communityId = numberParam(filters.communityId);
  const canManage = can(useMe(), 'field.manage');

  return (
    <div className="gz-page">
      <PageHeader title={t('fieldAdmin.visits.title')} description={t('fieldAdmin.visits.subtitle')} />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(key) => setFilters({ tab: key === 'records' ? undefined : key, q: undefined, method: undefined })}
          items={[
            { key: 'records', label: t('fieldAdmin.visits.tabRecords') },
            { key: 'due', label: t('fieldAdmin.visits.tabDue') },
            ...(canManage ? [{ key: 'rules', label: t('fieldAdmin.visits.tabRules') }] : []),
          ]}
        />
        {tab === 'records' && (
          <VisitRecords
            communityId={communityId}
            q={filters.q}
            method={oneOf(filters.method, METHODS)}
            onFilters={setFilters}
          />
        )}
        {tab === 'due' && <DueList communityId={communityId} q={filters.q} onFilters={setFilters} />}
        {tab === 'rules' && canManage && (
          <RulesEditor communityId={communityId} onCommunity={(v) => setFilters({ communityId: v })} />
        )}
      </Card>
    </div>
  );
}

type SetFilters = (changes: Partial<Record<(typeof FILTERS)[number], string | number | undefined>>) => void;

function VisitRecords({
  communityId,
  q,
  method,
  onFilters,
}: {
  communityId: number | undefined;
  q: string | undefined;
  method: (typeof METHODS)[number] | undefined;
  onFilters: SetFilters;
}) {
  const { t } = useTranslation();
  const { index } = useOrgTree();
  return (
    <>
      <div className="gz-filters">
        <CommunitySelect value={communityId} allowClear onChange={(v) => onFilters({ communityId: v })} />
        <Select
          allowClear
          value={method}
          placeholder={t('fieldAdmin.visits.method')}
          aria-label={t('fieldAdmin.visits.method')}
          onChange={(v) => onFilters({ method: v })}
          options={METHODS.map((m) => ({ value: m, label: t(`fieldAdmin.visits.methods.${m}`) }))}
          style={{ width: 120 }}
        />
        <Input.Search
          allowClear
          defaultValue={q}
          placeholder={t('fieldAdmin.visits.searchName')}
          aria-label={t('fieldAdmin.visits.searchName')}
          onSearch={(v) => onFilters({ q: v.trim() })}
          style={{ width: 200 }}
        />
        <ExportButton kind="field-visits" filters={{ communityId, q, method }} />
      </div>
      <CursorTable
        rowKey="id"
        pageQuery={(page) => fieldAdminQueries.visits({ communityId, q, method, ...page })}
        scroll={{ x: 1000 }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('fieldAdmin.visits.empty')} />,
        }}
        columns={[
          {
            title: t('fieldAdmin.visits.visitedAt'),
            dataIndex: 'visitedAt',
            width: 170,
            render: (v: string) => formatDateTime(v),
          },
          {
            title: t('fieldAdmin.visits.subject'),
            dataIndex: 'subjectName',
            width: 180,
            render: (name: string, v: VisitView) =>
              v.personId !== null ? <Link to={`/persons?open=${v.personId}`}>{name}</Link> : name,
          },
          {
            title: t('fieldAdmin.log.grid'),
            key: 'grid',
            width: 180,
            render: (_: unknown, v: VisitView) =>
              (v.gridId !== null ? index?.gridById.get(v.gridId)?.name : undefined) ??
              index?.divisionById.get(v.communityId)?.name ??
              '',
          },
          { title: t('fieldAdmin.visits.visitor'), dataIndex: 'visitorName', width: 120 },
          {
            title: t('fieldAdmin.visits.method'),
            dataIndex: 'method',
            width: 90,
            render: (m: VisitView['method']) => t(`fieldAdmin.visits.methods.${m}`),
          },
          {
            title: t('fieldAdmin.visits.notes'),
            dataIndex: 'notes',
            render: (notes: string, v: VisitView) => (
              <Space size={4} wrap>
                <Typography.Text ellipsis={{ tooltip: notes }} style={{ maxWidth: 280 }}>
                  {notes || '—'}
                </Typography.Text>
                {v.photos.length > 0 && <Tag>{t('fieldAdmin.visits.photos', { count: v.photos.length })}</Tag>}
              </Space>
            ),
          },
          {
            title: t('fieldAdmin.visits.matters'),
            dataIndex: 'matterIds',
            width: 110,
            render: (ids: number[]) =>
              ids.length === 0
                ? '—'
                : ids.map((id) => (
                    <Link key={id} to={`/matters/${id}`} style={{ marginRight: 6 }}>
                      #{id}
                    </Link>
                  )),
          },
        ]}
      />
    </>
  );
}

function DueList({
  communityId,
  q,
  onFilters,
}: {
  communityId: number | undefined;
  q: string | undefined;
  onFilters: SetFilters;
}) {
  const { t } = useTranslation();
  const { index } = useOrgTree();
  const [truncated, setTruncated] = useState(false);
  return (
    <>
      <div className="gz-filters">
        <CommunitySelect value={communityId} allowClear onChange={(v) => onFilters({ communityId: v })} />
        <Input.Search
          allowClear
          defaultValue={q}
          placeholder={t('fieldAdmin.visits.searchName')}
          aria-label={t('fieldAdmin.visits.searchName')}
          onSearch={(v) => onFilters({ q: v.trim() })}
          style={{ width: 200 }}
        />
      </div>
      {truncated && (
        <Alert type="warning" showIcon title={t('fieldAdmin.visits.dueTruncated')} style={{ marginBottom: 12 }} />
      )}
      <CursorTable
        rowKey="personId"
        pageQuery={(page) => fieldQueries.due({ communityId, q, ...page })}
        onPage={(page) => setTruncated(page.truncated)}
        scroll={{ x: 1000 }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('fieldAdmin.visits.dueEmpty')} />,
        }}
        columns={[
          {
            title: t('fieldAdmin.visits.name'),
            dataIndex: 'name',
            width: 120,
            render: (name: string, p: DueItem) => <Link to={`/persons?open=${p.personId}`}>{name}</Link>,
          },
          {
            title: t('fieldAdmin.visits.tags'),
            dataIndex: 'tags',
            width: 200,
            render: (tags: string[]) =>
              tags.map((tag) => (
                <Tag key={tag} color={tagColor(tag)}>
                  {tagLabel(t, tag)}
                </Tag>
              )),
          },
          {
            title: t('fieldAdmin.log.grid'),
            key: 'grid',
            width: 180,
            render: (_: unknown, p: DueItem) =>
              (p.gridId !== null ? index?.gridById.get(p.gridId)?.name : undefined) ??
              index?.divisionById.get(p.communityId)?.name ??
              '',
          },
          { title: t('fieldAdmin.visits.address'), dataIndex: 'address', width: 200, ellipsis: true },
          {
            title: t('fieldAdmin.visits.everyDays'),
            dataIndex: 'everyDays',
            width: 100,
            render: (n: number) => t('fieldAdmin.visits.everyDaysValue', { count: n }),
          },
          {
            title: t('fieldAdmin.visits.lastVisit'),
            dataIndex: 'lastVisitAt',
            width: 170,
            render: (v: string | null) =>
              v ? formatDateTime(v) : <Tag color="red">{t('fieldAdmin.visits.never')}</Tag>,
          },
          { title: t('fieldAdmin.visits.dueOn'), dataIndex: 'dueOn', width: 110 },
          {
            title: t('fieldAdmin.visits.overdue'),
            dataIndex: 'daysOverdue',
            width: 90,
            render: (n: number) =>
              n > 0 ? (
                <Tag color={n >= 7 ? 'red' : 'orange'}>{t('fieldAdmin.visits.overdueDays', { count: n })}</Tag>
              ) : (
                <Typography.Text type="secondary">{t('fieldAdmin.visits.notYet')}</Typography.Text>
              ),
          },
        ]}
      />
    </>
  );
}

type RuleRow = { tag: string; everyDays: number | null; isDefault: boolean };

function RulesEditor({
  communityId,
  onCommunity,
}: {
  communityId: number | undefined;
  onCommunity: (id: number | undefined) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const communities = useCommunityOptions();
  // The rules are per community: the first one the caller works in, until another is picked.
  const chosen = communityId ?? communities[0]?.value;
  const rules = useQuery({ ...fieldAdminQueries.rules(chosen ?? 0), enabled: chosen !== undefined });
  const [rows, setRows] = useState<RuleRow[]>([]);
  useEffect(() => {
    if (rules.data) setRows(rules.data.rules.map((r) => ({ ...r })));
  }, [rules.data]);

  const save = useMutation({
    mutationFn: () =>
      fieldAdminCalls.setRules(chosen!, {
        rules: rows
          .filter((r) => r.tag.trim() !== '' && r.everyDays !== null)
          .map((r) => ({ tag: r.tag.trim(), everyDays: r.everyDays! })),
      }),
    onSuccess: (view) => {
      client.setQueryData(fieldAdminQueries.rules(view.communityId).queryKey, view);
      void client.invalidateQueries({ queryKey: fieldKeys.all });
      message.success(t('fieldAdmin.visits.saved'));
    },
    onError: (error) => message.error(errorMessage(error)),
  });

  const used = new Set(rows.map((r) => r.tag));
  const tagOptions = KNOWN_TAGS.filter((tag) => !used.has(tag)).map((tag) => ({ value: tag, label: tagLabel(t, tag) }));
  const update = (i: number, change: Partial<RuleRow>) =>
    setRows((list) => list.map((r, j) => (j === i ? { ...r, ...change, isDefault: false } : r)));

  return (
    <div data-testid="visit-rules">
      <div className="gz-filters">
        <CommunitySelect value={chosen} onChange={onCommunity} />
        <Typography.Text type="secondary">{t('fieldAdmin.visits.rulesHint')}</Typography.Text>
      </div>
      {chosen === undefined && <Empty description={t('fieldAdmin.visits.pickCommunity')} />}
      {rules.error && <LoadError error={rules.error} onRetry={() => void rules.refetch()} />}
      {rules.data && (
        <div className="gz-visit-rules">
          {rows.map((r, i) => (
            <Space key={i} className="gz-visit-rule" wrap>
              <Select
                showSearch
                optionFilterProp="label"
                value={r.tag || undefined}
                options={[...(r.tag ? [{ value: r.tag, label: tagLabel(t, r.tag) }] : []), ...tagOptions]}
                onChange={(v: string) => update(i, { tag: v })}
                placeholder={t('fieldAdmin.visits.tag')}
                aria-label={t('fieldAdmin.visits.tag')}
                style={{ width: 180 }}
              />
              <InputNumber
                min={1}
                max={366}
                precision={0}
                value={r.everyDays}
                onChange={(v) => update(i, { everyDays: v })}
                addonAfter={t('fieldAdmin.visits.days')}
                aria-label={t('fieldAdmin.visits.everyDays')}
                style={{ width: 140 }}
              />
              {r.isDefault && <Tag>{t('fieldAdmin.visits.isDefault')}</Tag>}
              <Button
                type="text"
                icon={<DeleteOutlined />}
                aria-label="delete"
                onClick={() => setRows((list) => list.filter((_, j) => j !== i))}
              />
            </Space>
          ))}
          <Space>
            <Button
              icon={<PlusOutlined />}
              onClick={() => setRows((list) => [...list, { tag: '', everyDays: 30, isDefault: false }])}
            >
              {t('fieldAdmin.visits.addRule')}
            </Button>
            <Button type="primary" loading={save.isPending} onClick={() => save.mutate()}>
              {t('fieldAdmin.visits.save')}
            </Button>
          </Space>
        </div>
      )}
    </div>
  );
}
