import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Drawer, Input, List, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import {
  WARNING_VERDICTS,
  warningCalls,
  warningKeys,
  warningQueries,
  type Warning,
  type WarningVerdict,
} from '../../shared/query/warnings.ts';
import { can, useMe } from '../../shared/session.tsx';
import { formatDateTime } from '../../shared/time.ts';
import { LoadError } from '../components/LoadError.tsx';
import { MethodTag, VerdictTag, figure, placeOf, significanceOf, windowOf } from './labels.tsx';

const VERDICT_BUTTONS: Record<WarningVerdict, { danger?: boolean; type: 'primary' | 'default' }> = {
  confirmed: { type: 'primary', danger: true },
  known: { type: 'default' },
  false: { type: 'default' },
};

/**
 * One warning: its explanation in words and in figures, the latest cases it counts (each opening
 * its matter), the matter that routed it, and — for whoever may judge — 属实 / 已掌握 / 误报.
 */
export function WarningDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { data, error, refetch, isPending } = useQuery(warningQueries.detail(id));
  return (
    <Drawer open width={600} title={t('warnings.drawer.title')} onClose={onClose} data-testid="warning-drawer">
      {error && <LoadError error={error} onRetry={() => void refetch()} />}
      {isPending && !error && <Skeleton active />}
      {data && <WarningDetail warning={data} />}
    </Drawer>
  );
}

function WarningDetail({ warning: w }: { warning: Warning }) {
  const { t } = useTranslation();
  const me = useMe();
  const significance = significanceOf(t, w);
  const figures = useFigures(w.explanation);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space size={8} wrap>
        <MethodTag method={w.method} />
        <Tag color={w.status === 'open' ? 'processing' : 'default'}>{t(`warnings.status.${w.status}`)}</Tag>
        <VerdictTag verdict={w.verdict} testId="drawer-verdict" />
      </Space>
      <Typography.Paragraph style={{ margin: 0 }} data-testid="warning-summary">
        {w.summary}
      </Typography.Paragraph>
      <Descriptions column={2} size="small" bordered>
        <Descriptions.Item label={t('warnings.columns.place')} span={2}>
          {placeOf(t, w)}
        </Descriptions.Item>
        <Descriptions.Item label={t('warnings.columns.category')}>
          {w.category?.name ?? t('warnings.noCategory')}
        </Descriptions.Item>
        <Descriptions.Item label={t('warnings.columns.window')}>{windowOf(w)}</Descriptions.Item>
        <Descriptions.Item label={t('warnings.columns.observed')}>
          {t('warnings.observedVsExpected', { observed: w.observed, expected: figure(w.expected) })}
          {w.relativeRisk !== null && ` · ${t('warnings.relativeRisk', { rr: figure(w.relativeRisk, 1) })}`}
        </Descriptions.Item>
        <Descriptions.Item label={t('warnings.columns.significance')}>{significance ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('warnings.columns.cases')}>{w.caseCount}</Descriptions.Item>
        <Descriptions.Item label={t('warnings.columns.notified')}>{w.notified}</Descriptions.Item>
        <Descriptions.Item label={t('warnings.columns.time')} span={2}>
          {formatDateTime(w.firstAt)} / {formatDateTime(w.lastAt)}
        </Descriptions.Item>
        {w.cells.length > 0 && (
          <Descriptions.Item label={t('warnings.drawer.cells')} span={2}>
            <Typography.Text style={{ fontSize: 12 }} copyable={{ text: w.cells.join(',') }}>
              {w.cells.length <= 3 ? w.cells.join('、') : `${w.cells.slice(0, 3).join('、')} …（${w.cells.length}）`}
            </Typography.Text>
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('warnings.drawer.matter')} span={2}>
          {w.matterId !== null ? (
            <Link to={`/matters/${w.matterId}`} data-testid="warning-matter">
              {t('warnings.drawer.openMatter', { id: w.matterId })}
            </Link>
          ) : (
            '—'
          )}
        </Descriptions.Item>
      </Descriptions>

      {figures.length > 0 && (
        <div>
          <Typography.Title level={5}>{t('warnings.drawer.figures')}</Typography.Title>
          <Descriptions column={2} size="small" data-testid="warning-figures">
            {figures.map((f) => (
              <Descriptions.Item key={f.key} label={f.label}>
                {f.value}
              </Descriptions.Item>
            ))}
          </Descriptions>
        </div>
      )}

      <div>
        <Typography.Title level={5}>{t('warnings.drawer.cases')}</Typography.Title>
        <List
          size="small"
          bordered
          dataSource={w.sampleCases}
          locale={{ emptyText: t('warnings.drawer.noCases') }}
          data-testid="warning-cases"
          renderItem={(c) => (
            <List.Item>
              <Space direction="vertical" size={0} style={{ width: '100%' }}>
                <Space size={8}>
                  <Link to={`/matters/${c.id}`}>{c.code}</Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(c.reportedAt).slice(0, 16)}
                  </Typography.Text>
                </Space>
                <Typography.Text ellipsis={{ tooltip: c.description }}>{c.description}</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      </div>

      {can(me, 'warnings.judge') && <JudgeForm warning={w} />}
    </Space>
  );
}

/** The figures an explanation may carry (detect/… and the coincidence rules), and the names of its methods. */
const FIGURES = [
  'detector',
  'rule',
  'statistic',
  'threshold',
  'baselineDays',
  'llr',
  'studyDays',
  'replications',
  'rings',
  'buildingId',
  'alarmIds',
  'alarms',
  'complaints',
  'days',
  'metres',
] as const;
const DETECTORS = ['poisson_cusum', 'space_time_permutation_scan', 'electric_box_and_complaint'] as const;
const known = <T extends string>(list: readonly T[], value: unknown): value is T => list.includes(value as T);

/** The explanation's figures in a fixed order, each named in words, a method by its name, a list joined. */
function useFigures(explanation: Record<string, unknown>): { key: string; label: string; value: string }[] {
  const { t } = useTranslation();
  const keys = Object.keys(explanation).filter((key) => key !== 'summary');
  const order = (key: string) => (known(FIGURES, key) ? FIGURES.indexOf(key) : FIGURES.length);
  return keys
    .sort((a, b) => order(a) - order(b))
    .map((key) => {
      const value = explanation[key];
      const shown = known(DETECTORS, value)
        ? t(`warnings.detector.${value}`)
        : typeof value === 'number'
          ? figure(value, 3)
          : Array.isArray(value)
            ? value.join('、')
            : typeof value === 'string'
              ? value
              : JSON.stringify(value);
      return { key, label: known(FIGURES, key) ? t(`warnings.figure.${key}`) : key, value: shown };
    });
}

function JudgeForm({ warning: w }: { warning: Warning }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [note, setNote] = useState(w.verdictNote);
  const judge = useMutation({
    mutationFn: (verdict: WarningVerdict) => warningCalls.judge(w.id, { verdict, note }),
    onSuccess: (judged) => {
      void message.success(t('warnings.judgedOk'));
      queryClient.setQueryData(warningKeys.detail(w.id), judged);
      void queryClient.invalidateQueries({ queryKey: warningKeys.all });
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
  return (
    <div data-testid="warning-judge">
      <Typography.Title level={5}>{t('warnings.drawer.judgeTitle')}</Typography.Title>
      {w.verdict !== null && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('warnings.drawer.judged', { verdict: t(`warnings.verdict.${w.verdict}`) })}
          {w.verdictNote && ` · ${w.verdictNote}`}
          {w.verdictBy && `（${t('warnings.drawer.judgedBy', { by: w.verdictBy, at: formatDateTime(w.verdictAt) })}）`}
          {' · '}
          {t('warnings.drawer.changeHint')}
        </Typography.Paragraph>
      )}
      <Space direction="vertical" style={{ width: '100%' }}>
        <Input.TextArea
          rows={2}
          maxLength={500}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={t('warnings.drawer.note')}
          aria-label={t('warnings.drawer.note')}
        />
        <Space>
          {WARNING_VERDICTS.map((v) => (
            <Button
              key={v}
              {...VERDICT_BUTTONS[v]}
              loading={judge.isPending && judge.variables === v}
              disabled={judge.isPending}
              onClick={() => judge.mutate(v)}
              data-testid={`judge-${v}`}
            >
              {t(`warnings.verdict.${v}`)}
            </Button>
          ))}
        </Space>
      </Space>
    </div>
  );
}
