import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { App, Button, Empty, List, Select, Space, Tag, Typography } from 'antd';
import { useMemo, type CSSProperties, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorMessage } from '../../shared/api.ts';
import { art278Bars, barPercent, percent, threadComments, type Art278Reckoning, type Comment, type Fraction } from '../../shared/deliberation.ts';
import { formatDateTime } from '../../shared/time.ts';
import { useAsync } from '../../shared/useAsync.ts';
import { LoadError } from '../components/LoadError.tsx';
import { useOrgTree } from '../org/OrgTreeContext.tsx';
import './deliberation.css';

/** A status in its colour (the same hues as the H5 app). */
export function ColorTag({ color, children, testId }: { color: string; children: ReactNode; testId?: string }) {
  return (
    <Tag color={color} data-testid={testId} style={{ marginInlineEnd: 0 }}>
      {children}
    </Tag>
  );
}

/** The communities the caller works in, for pickers and filters. */
export function useCommunityOptions() {
  const { index } = useOrgTree();
  return useMemo(() => (index?.communities ?? []).map((c) => ({ value: c.id, label: c.name })), [index]);
}

export function CommunitySelect({ value, onChange, allowClear, style }: { value?: number; onChange?: (v: number | undefined) => void; allowClear?: boolean; style?: CSSProperties }) {
  const { t } = useTranslation();
  const options = useCommunityOptions();
  return (
    <Select
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      options={options}
      allowClear={allowClear}
      showSearch
      optionFilterProp="label"
      placeholder={t('deliberation.fields.community')}
      style={{ minWidth: 160, ...style }}
      aria-label={t('deliberation.fields.community')}
    />
  );
}

function RatioRow({ label, fraction, bound, boundLabel, met, unit }: { label: string; fraction: Fraction; bound: number; boundLabel: string; met: boolean; unit: string }) {
  const { t } = useTranslation();
  return (
    <div className={`gz-ratio${met ? ' gz-ratio-met' : ''}`} data-testid="ratio">
      <div className="gz-ratio-head">
        <span>
          {met ? <CheckCircleFilled style={{ color: '#389e0d' }} /> : <CloseCircleFilled style={{ color: '#cf1322' }} />} {label}
        </span>
        <strong>{percent(fraction)}</strong>
      </div>
      <div className="gz-ratio-bar">
        <div className="gz-ratio-fill" style={{ width: `${barPercent(fraction)}%` }} />
        <div className="gz-ratio-mark" style={{ left: `${bound * 100}%` }} title={boundLabel} />
      </div>
      <div className="gz-ratio-foot">
        <span>
          {fraction.num.toLocaleString(undefined, { maximumFractionDigits: 2 })} / {fraction.den.toLocaleString(undefined, { maximumFractionDigits: 2 })} {unit}
        </span>
        <span>{t('deliberation.boundNeeded', { bound: boundLabel })}</span>
      </div>
    </div>
  );
}

/** The art. 278 reckoning: which rule applied, the four ratios against their bounds, passed or not. */
export function Art278Panel({ reckoning }: { reckoning: Art278Reckoning }) {
  const { t } = useTranslation();
  const bars = art278Bars(reckoning);
  const special = reckoning.rule === 'art278_special';
  const area = (f: Fraction): Fraction => ({ ...f, num: f.num / 100, den: f.den / 100 });
  const unitOf = (key: string) => (key.endsWith('Area') ? 'm²' : t('deliberation.art278.households'));
  return (
    <div className="gz-art278" data-testid="art278">
      <div className={`gz-verdict ${reckoning.passed ? 'gz-verdict-passed' : 'gz-verdict-failed'}`} data-testid="art278-verdict">
        <span>
          {reckoning.passed ? <CheckCircleFilled /> : <CloseCircleFilled />} {reckoning.passed ? t('deliberation.passed') : t('deliberation.notPassed')}
        </span>
        <span className="gz-verdict-rule">{t(`deliberation.rule.${reckoning.rule}`)}</span>
      </div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {special ? t('deliberation.art278.specialExplain') : t('deliberation.art278.ordinaryExplain')}
      </Typography.Paragraph>
      <div className="gz-art278-grid">
        <div>
          <div className="gz-ratio-group">{t('deliberation.art278.participation')}</div>
          {bars.participation.map((b) => (
            <RatioRow key={b.key} label={t(`deliberation.art278.${b.key}`)} fraction={b.key.endsWith('Area') ? area(b.fraction) : b.fraction} bound={2 / 3} boundLabel={reckoning.bounds.participation} met={b.met} unit={unitOf(b.key)} />
          ))}
        </div>
        <div>
          <div className="gz-ratio-group">{t('deliberation.art278.agreement')}</div>
          {bars.agreement.map((b) => (
            <RatioRow key={b.key} label={t(`deliberation.art278.${b.key}`)} fraction={b.key.endsWith('Area') ? area(b.fraction) : b.fraction} bound={special ? 3 / 4 : 1 / 2} boundLabel={reckoning.bounds.agreement} met={b.met} unit={unitOf(b.key)} />
          ))}
        </div>
      </div>
    </div>
  );
}

/** The comments of a topic or vote for staff: hidden ones are shown (greyed) and can be restored. */
export function CommentsPanel({ targetType, targetId }: { targetType: 'topic' | 'vote'; targetId: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const comments = useAsync((signal) => api.get<{ items: Comment[] }>(`/api/deliberation/${targetType}/${targetId}/comments`, undefined, signal), [targetType, targetId]);
  const moderate = async (c: Comment, hidden: boolean) => {
    try {
      await api.post(`/api/deliberation/comments/${c.id}/moderate`, { hidden, reason: '' });
      message.success(hidden ? t('deliberation.admin.hiddenDone') : t('deliberation.admin.shownDone'));
      comments.reload();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  if (comments.error !== undefined && !comments.data) return <LoadError error={comments.error} onRetry={comments.reload} />;
  const threads = threadComments(comments.data?.items ?? []);
  if (comments.data && threads.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('deliberation.comments.none')} />;
  const row = (c: Comment, reply: boolean) => (
    <List.Item
      key={c.id}
      style={reply ? { paddingLeft: 24 } : undefined}
      actions={[
        <Button key="m" size="small" type="link" danger={!c.hidden} onClick={() => void moderate(c, !c.hidden)}>
          {c.hidden ? t('deliberation.admin.show') : t('deliberation.admin.hide')}
        </Button>,
      ]}
    >
      <List.Item.Meta
        title={
          <Space size={8}>
            <span>{c.authorName}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(c.createdAt).slice(0, 16)}
            </Typography.Text>
            {c.flags > 0 && <Tag color="red">{t('deliberation.admin.flags')} {c.flags}</Tag>}
            {c.hidden && <Tag>{t('deliberation.comments.hidden')}</Tag>}
          </Space>
        }
        description={<span style={c.hidden ? { color: '#bfbfbf', textDecoration: 'line-through' } : { color: '#262626' }}>{c.body}</span>}
      />
    </List.Item>
  );
  return (
    <List loading={comments.loading && !comments.data} size="small">
      {threads.flatMap(({ comment, replies }) => [row(comment, false), ...replies.map((r) => row(r, true))])}
    </List>
  );
}
