import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, List, Tag, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import { type CreditLine, creditApi, creditKeys } from '../../shared/credit.ts';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';

const GRADE_COLOR = { A: 'success', B: 'primary', C: 'warning', D: 'danger' } as const;

/** 我的信用分: the merchant's own score with the same lines staff see; appeal a line or ask for repair. */
export default function MyCreditPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const mine = useQuery({ queryKey: [...creditKeys.all, 'mine'], queryFn: creditApi.mine });
  const [asking, setAsking] = useState<{ line: CreditLine; kind: 'appeal' | 'repair' } | null>(null);
  const [reason, setReason] = useState('');
  const send = async () => {
    if (!asking) return;
    try {
      await creditApi.appeal({ kind: asking.kind, evidenceId: asking.line.id, reason, photos: [] });
      Toast.show({ content: t('credit.appealSent') });
      setAsking(null);
      setReason('');
      void client.invalidateQueries({ queryKey: creditKeys.all });
    } catch (error) {
      Toast.show({ content: errorMessage(error) });
    }
  };
  const d = mine.data;
  const pending = new Set(d?.appeals.filter((a) => a.status === 'pending').map((a) => a.evidenceId));
  return (
    <div className="h5-page">
      <PageNavBar title={t('credit.mineTitle')} onBack={() => navigate(-1)} />
      {mine.error ? (
        <LoadFailed error={mine.error} onRetry={() => void mine.refetch()} />
      ) : !d ? (
        <ListSkeleton />
      ) : (
        <>
          <section className="h5-card" data-testid="my-credit">
            <div style={{ fontSize: 40, fontWeight: 600 }}>
              <span data-testid="my-credit-score">{d.score}</span>{' '}
              <Tag color={GRADE_COLOR[d.grade]} style={{ fontSize: 20 }}>
                {d.grade}
              </Tag>
            </div>
            <div>
              {t('credit.asOf')} {d.asOf} · {t('credit.base')} {d.base} · {t('credit.total')} {d.total}
            </div>
            {d.official[0] && (
              <div>
                {t('credit.official')}：{d.official[0].grade}（{d.official[0].gradedOn}）
              </div>
            )}
          </section>
          <List header={t('credit.lines')}>
            {d.lines.map((l) => (
              <List.Item
                key={l.id}
                description={`${l.occurredOn} · ${l.note}`}
                extra={l.excluded ? t(`credit.excluded.${l.excluded}`) : l.contribution.toFixed(2)}
              >
                <div>
                  {t(`credit.kinds.${l.kind}`)} ({l.points > 0 ? `+${l.points}` : l.points})
                </div>
                {!l.voided && !pending.has(l.id) && l.points < 0 && (
                  <div style={{ display: 'flex', gap: 8, marginTop: 4 }}>
                    <Button size="mini" onClick={() => setAsking({ line: l, kind: 'appeal' })}>
                      {t('credit.appealLine')}
                    </Button>
                    <Button size="mini" onClick={() => setAsking({ line: l, kind: 'repair' })}>
                      {t('credit.repairAsk')}
                    </Button>
                  </div>
                )}
                {pending.has(l.id) && <Tag>{t('credit.statuses.pending')}</Tag>}
              </List.Item>
            ))}
          </List>
        </>
      )}
      <Dialog
        visible={asking !== null}
        title={asking ? t(`credit.appealKinds.${asking.kind}`) : ''}
        content={
          <TextArea placeholder={t('credit.reason')} value={reason} onChange={setReason} maxLength={1000} rows={4} />
        }
        closeOnAction
        onClose={() => setAsking(null)}
        actions={[
          [
            { key: 'cancel', text: t('common.cancel') },
            {
              key: 'send',
              text: t('credit.save'),
              bold: true,
              disabled: reason.trim().length < 2,
              onClick: () => void send(),
            },
          ],
        ]}
      />
    </div>
  );
}
