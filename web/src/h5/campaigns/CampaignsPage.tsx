import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, ErrorBlock, List, Selector, Stepper, Tabs, TextArea, Toast, type ImageUploadItem } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import { type CampaignView, campaignsApi, campaignsKeys } from '../../shared/campaigns.ts';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';
import { PhotoPicker, photoTokensOf } from '../matters/PhotoPicker.tsx';
import { NoticesTab } from './NoticesTab.tsx';

type Result = 'pass' | 'finding' | 'not_applicable';
const RESULTS: Result[] = ['pass', 'finding', 'not_applicable'];

/** One target's inspection: a result per checklist item; findings with words and photos issue a notice. */
function Inspection({ campaign, targetId, onDone }: { campaign: CampaignView; targetId: number; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [results, setResults] = useState<Record<number, Result>>({});
  const [words, setWords] = useState<Record<number, string>>({});
  const [photos, setPhotos] = useState<Record<number, ImageUploadItem[]>>({});
  const [days, setDays] = useState(7);
  const [busy, setBusy] = useState(false);
  const submit = useMutation({
    mutationFn: () =>
      campaignsApi.inspect(campaign.id, targetId, {
        deadlineDays: days,
        results: campaign.items.map((i) => {
          const result = results[i.id] ?? 'pass';
          return {
            itemId: i.id,
            result,
            description: result === 'finding' ? (words[i.id] ?? '') : '',
            photoTokens: result === 'finding' ? photoTokensOf(photos[i.id] ?? []) : [],
          };
        }),
      }),
    onSuccess: (r) => {
      Toast.show({
        icon: 'success',
        content: r.notice ? t('campaigns.h5.issued', { number: r.notice.number }) : t('campaigns.h5.allPassed'),
      });
      void client.invalidateQueries({ queryKey: campaignsKeys.all });
      onDone();
    },
    onError: (e) => Toast.show({ icon: 'fail', content: errorMessage(e) }),
  });
  const target = campaign.targets.find((x) => x.id === targetId);
  const anyFinding = Object.values(results).includes('finding');
  return (
    <>
      <PageNavBar title={target?.name ?? ''} onBack={onDone} />
      <List>
        {campaign.items.map((i) => (
          <List.Item key={i.id} description={i.legalBasis ?? undefined} data-testid={`item-${i.code}`}>
            <div style={{ marginBottom: 8 }}>
              {i.code} {i.text}
            </div>
            <Selector
              value={[results[i.id] ?? 'pass']}
              onChange={(v) => v[0] && setResults({ ...results, [i.id]: v[0] })}
              options={RESULTS.map((r) => ({ value: r, label: t(`campaigns.h5.results.${r}`) }))}
            />
            {results[i.id] === 'finding' && (
              <>
                <TextArea
                  placeholder={t('campaigns.h5.describe')}
                  value={words[i.id] ?? ''}
                  onChange={(v) => setWords({ ...words, [i.id]: v })}
                  rows={2}
                  data-testid={`finding-${i.code}`}
                />
                <PhotoPicker
                  value={photos[i.id] ?? []}
                  onChange={(p) => setPhotos({ ...photos, [i.id]: p })}
                  onBusy={setBusy}
                />
              </>
            )}
          </List.Item>
        ))}
        {anyFinding && (
          <List.Item extra={<Stepper min={1} max={90} value={days} onChange={setDays} />}>
            {t('campaigns.h5.deadlineDays')}
          </List.Item>
        )}
      </List>
      <div style={{ padding: 12 }}>
        <Button
          block
          color="primary"
          loading={submit.isPending}
          disabled={busy}
          onClick={() => submit.mutate()}
          data-testid="inspection-submit"
        >
          {t('campaigns.h5.submit')}
        </Button>
      </div>
    </>
  );
}

/** 专项整治 for the task force: my campaigns → targets → an inspection per target; and the notices to re-check. */
export default function CampaignsPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<'campaigns' | 'notices'>('campaigns');
  const [campaignId, setCampaignId] = useState<number | null>(null);
  const [targetId, setTargetId] = useState<number | null>(null);
  const mine = useQuery({ queryKey: [...campaignsKeys.all, 'mine'], queryFn: campaignsApi.mine });
  const campaign = useQuery({
    queryKey: [...campaignsKeys.all, 'one', campaignId],
    queryFn: () => campaignsApi.get(campaignId!),
    enabled: campaignId !== null,
  });
  if (campaignId !== null && campaign.data && targetId !== null)
    return <Inspection campaign={campaign.data} targetId={targetId} onDone={() => setTargetId(null)} />;
  if (campaignId !== null) {
    return (
      <>
        <PageNavBar title={campaign.data?.title ?? t('campaigns.h5.targets')} onBack={() => setCampaignId(null)} />
        {campaign.error ? (
          <LoadFailed error={campaign.error} onRetry={() => void campaign.refetch()} />
        ) : !campaign.data ? (
          <ListSkeleton />
        ) : (
          <List header={t('campaigns.h5.targets')}>
            {campaign.data.targets.map((x) => (
              <List.Item
                key={x.id}
                description={x.address}
                onClick={() => setTargetId(x.id)}
                data-testid="campaign-target"
              >
                {x.name}
              </List.Item>
            ))}
          </List>
        )}
      </>
    );
  }
  return (
    <>
      <PageNavBar title={t('campaigns.h5.mine')} />
      <Tabs activeKey={tab} onChange={(k) => setTab(k as 'campaigns' | 'notices')}>
        <Tabs.Tab key="campaigns" title={t('campaigns.h5.tabCampaigns')} />
        <Tabs.Tab key="notices" title={t('campaigns.h5.tabNotices')} />
      </Tabs>
      {tab === 'notices' ? (
        <NoticesTab />
      ) : mine.error ? (
        <LoadFailed error={mine.error} onRetry={() => void mine.refetch()} />
      ) : !mine.data ? (
        <ListSkeleton />
      ) : mine.data.items.length === 0 ? (
        <ErrorBlock status="empty" title={t('campaigns.h5.none')} description="" />
      ) : (
        <List>
          {mine.data.items.map((c) => (
            <List.Item
              key={c.id}
              description={`${c.startsOn} – ${c.endsOn}`}
              onClick={() => setCampaignId(c.id)}
              data-testid="my-campaign"
            >
              {c.title}
            </List.Item>
          ))}
        </List>
      )}
    </>
  );
}
