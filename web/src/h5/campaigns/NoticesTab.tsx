import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Button,
  CapsuleTabs,
  Checkbox,
  ErrorBlock,
  InfiniteScroll,
  List,
  Popup,
  Selector,
  Stepper,
  Tag,
  TextArea,
  Toast,
  type ImageUploadItem,
} from 'antd-mobile';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import { type Notice, type NoticeQuery, campaignsApi, campaignsKeys } from '../../shared/campaigns.ts';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PhotoPicker, photoTokensOf } from '../matters/PhotoPicker.tsx';

type Filter = 'open' | 'overdue' | 'mine';
const FILTERS: Filter[] = ['open', 'overdue', 'mine'];
const query = (f: Filter): NoticeQuery =>
  f === 'mine' ? { mine: true } : f === 'overdue' ? { overdue: true } : { open: true };
const STATUS_COLOR = { open: 'primary', escalated: 'danger', closed: 'success' } as const;

/** A re-check on the spot: passed closes the notice; failed escalates it with a new deadline. Photos either way. */
function Recheck({ notice, onDone }: { notice: Notice; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [passed, setPassed] = useState(true);
  const [note, setNote] = useState('');
  const [days, setDays] = useState(7);
  const [openMatter, setOpenMatter] = useState(false);
  const [photos, setPhotos] = useState<ImageUploadItem[]>([]);
  const [busy, setBusy] = useState(false);
  const submit = useMutation({
    mutationFn: () =>
      campaignsApi.recheck(notice.id, {
        passed,
        note,
        photoTokens: photoTokensOf(photos),
        newDeadlineDays: days,
        openMatter: !passed && openMatter,
      }),
    onSuccess: (n) => {
      Toast.show({
        icon: 'success',
        content:
          n.status === 'closed'
            ? t('campaigns.h5.closed')
            : t('campaigns.h5.escalated', { date: dayjs(n.deadline).format('MM-DD') }),
      });
      void client.invalidateQueries({ queryKey: campaignsKeys.all });
      onDone();
    },
    onError: (e) => Toast.show({ icon: 'fail', content: errorMessage(e) }),
  });
  return (
    <div style={{ padding: 12 }} data-testid="recheck-form">
      <div style={{ fontWeight: 600, marginBottom: 8 }}>{t('campaigns.re.title', { number: notice.number })}</div>
      <List>
        {notice.findings.map((f) => (
          <List.Item key={f.checkId} description={f.description}>
            {f.code} {f.text}
          </List.Item>
        ))}
      </List>
      <Selector
        style={{ margin: '12px 0' }}
        value={[passed ? 'passed' : 'failed']}
        onChange={(v) => v[0] && setPassed(v[0] === 'passed')}
        options={[
          { value: 'passed', label: t('campaigns.re.passed') },
          { value: 'failed', label: t('campaigns.re.failed') },
        ]}
      />
      <TextArea placeholder={t('campaigns.re.note')} value={note} onChange={setNote} rows={2} maxLength={500} />
      <PhotoPicker value={photos} onChange={setPhotos} onBusy={setBusy} />
      {!passed && (
        <List>
          <List.Item extra={<Stepper min={1} max={90} value={days} onChange={setDays} />}>
            {t('campaigns.re.newDeadline')}
          </List.Item>
          <List.Item>
            <Checkbox checked={openMatter} onChange={setOpenMatter}>
              {t('campaigns.re.openMatter')}
            </Checkbox>
          </List.Item>
        </List>
      )}
      <Button
        block
        color="primary"
        style={{ marginTop: 12 }}
        loading={submit.isPending}
        disabled={busy}
        onClick={() => submit.mutate()}
        data-testid="recheck-submit"
      >
        {t('campaigns.h5.recheckSubmit')}
      </Button>
    </div>
  );
}

/** The inspector's rectification notices: open, overdue, or issued by me; each with its PDF and a re-check. */
export function NoticesTab() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<Filter>('open');
  const [rechecking, setRechecking] = useState<Notice | null>(null);
  const notices = useInfiniteQuery({
    queryKey: [...campaignsKeys.all, 'h5-notices', filter],
    queryFn: ({ pageParam }) => campaignsApi.noticePage({ ...query(filter), cursor: pageParam, limit: 20 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = (notices.data?.pages ?? []).flatMap((p) => p.items);
  return (
    <>
      <CapsuleTabs activeKey={filter} onChange={(k) => setFilter(k as Filter)}>
        {FILTERS.map((f) => (
          <CapsuleTabs.Tab key={f} title={t(`campaigns.h5.filters.${f}`)} />
        ))}
      </CapsuleTabs>
      {notices.error ? (
        <LoadFailed error={notices.error} onRetry={() => void notices.refetch()} />
      ) : !notices.data ? (
        <ListSkeleton />
      ) : rows.length === 0 ? (
        <ErrorBlock status="empty" title={t('campaigns.h5.noNotices')} description="" />
      ) : (
        <List>
          {rows.map((n) => (
            <List.Item
              key={n.id}
              data-testid="h5-notice"
              title={`${n.campaignTitle} · ${n.target.name}`}
              description={
                <>
                  <div>
                    {t('campaigns.h5.findings')}：{n.findings.map((f) => `${f.code} ${f.text}`).join('；')}
                  </div>
                  <div style={{ marginTop: 4, display: 'flex', gap: 12, alignItems: 'center' }}>
                    <a href={campaignsApi.pdfUrl(n.id)} target="_blank" rel="noreferrer" data-testid="h5-notice-pdf">
                      {t('campaigns.h5.pdf')}
                    </a>
                    {n.status !== 'closed' && (
                      <Button size="mini" color="primary" onClick={() => setRechecking(n)} data-testid="h5-recheck">
                        {t('campaigns.h5.recheck')}
                      </Button>
                    )}
                  </div>
                </>
              }
              extra={
                <div style={{ textAlign: 'right' }}>
                  <Tag color={STATUS_COLOR[n.status]}>{t(`campaigns.noticeStatuses.${n.status}`)}</Tag>
                  {n.overdue && (
                    <Tag color="danger" style={{ marginLeft: 4 }}>
                      {t('campaigns.overdue')}
                    </Tag>
                  )}
                  <div style={{ fontSize: 12, marginTop: 4 }}>
                    {t('campaigns.h5.deadline', { date: dayjs(n.deadline).format('MM-DD') })}
                  </div>
                </div>
              }
            >
              {n.number}
            </List.Item>
          ))}
        </List>
      )}
      {notices.data && (
        <InfiniteScroll loadMore={async () => void (await notices.fetchNextPage())} hasMore={notices.hasNextPage} />
      )}
      <Popup
        visible={rechecking !== null}
        onMaskClick={() => setRechecking(null)}
        bodyStyle={{ maxHeight: '85vh', overflowY: 'auto', borderTopLeftRadius: 8, borderTopRightRadius: 8 }}
        destroyOnClose
      >
        {rechecking && <Recheck notice={rechecking} onDone={() => setRechecking(null)} />}
      </Popup>
    </>
  );
}
