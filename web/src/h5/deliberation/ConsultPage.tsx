import { Button, CapsuleTabs, Dialog, ErrorBlock, Popup, PullToRefresh, Tabs, TextArea, Toast } from 'antd-mobile';
import { ClockCircleOutline, EnvironmentOutline } from 'antd-mobile-icons';
import dayjs from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, errorMessage } from '../../shared/api.ts';
import { BOOKING_STATUS_COLORS, slotBookable, slotsByDay, type Booking, type Slot } from '../../shared/deliberation.ts';
import { deliberationCalls, deliberationKeys, deliberationQueries } from '../../shared/query/deliberation.ts';
import { formatDateTime } from '../../shared/time.ts';
import { ColorTag } from '../components/ColorTag.tsx';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';
import './deliberation.css';

const dayOf = (iso: string) => formatDateTime(iso).slice(0, 10);
const hm = (iso: string) => formatDateTime(iso).slice(11, 16);

/** 协商铃: book a slot at the community's consultation desk or with a mediator; my bookings, cancel. */
export default function ConsultPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'mine' ? 'mine' : 'book';
  return (
    <div className="h5-page">
      <PageNavBar title={t('deliberation.consult.title')} onBack={() => navigate(-1)} />
      <div className="h5-tabs-bar">
        <Tabs activeKey={tab} onChange={(key) => setParams({ tab: key }, { replace: true })}>
          <Tabs.Tab key="book" title={t('deliberation.consult.book')} />
          <Tabs.Tab key="mine" title={t('deliberation.consult.mine')} />
        </Tabs>
      </div>
      {tab === 'book' ? <Book onBooked={() => setParams({ tab: 'mine' }, { replace: true })} /> : <MyBookings />}
    </div>
  );
}

function Book({ onBooked }: { onBooked: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const desks = useQuery(deliberationQueries.desks());
  const [deskId, setDeskId] = useState<number | null>(null);
  const active = desks.data?.items.filter((d) => d.active) ?? [];
  const desk = active.find((d) => d.id === deskId) ?? active[0];
  const slots = useQuery({ ...deliberationQueries.slots(desk?.id ?? 0), enabled: Boolean(desk) });
  const days = useMemo(
    () => slotsByDay(slots.data?.items.filter((s) => !s.cancelled && Date.parse(s.startsAt) > Date.now()) ?? [], dayOf),
    [slots.data],
  );
  const [day, setDay] = useState<string | null>(null);
  const shownDay = day && days.has(day) ? day : ([...days.keys()][0] ?? null);
  const [picked, setPicked] = useState<Slot | null>(null);
  const [subject, setSubject] = useState('');
  const [busy, setBusy] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the chosen day is cleared when another desk is picked
  useEffect(() => setDay(null), [desk?.id]);

  const book = async () => {
    if (!picked) return;
    if (subject.trim().length < 2) {
      Toast.show({ content: t('deliberation.consult.subjectRule') });
      return;
    }
    setBusy(true);
    try {
      await deliberationCalls.book({ slotId: picked.id, subject: subject.trim() });
      void queryClient.invalidateQueries({ queryKey: deliberationKeys.all });
      Toast.show({ icon: 'success', content: t('deliberation.consult.booked') });
      setPicked(null);
      setSubject('');
      onBooked();
    } catch (error) {
      Toast.show({ icon: 'fail', content: errorMessage(error) });
      if (error instanceof ApiError && error.status === 409)
        void queryClient.invalidateQueries({ queryKey: deliberationKeys.all });
    } finally {
      setBusy(false);
    }
  };

  if (desks.error && !desks.data) return <LoadFailed error={desks.error} onRetry={() => void desks.refetch()} />;
  if (!desks.data) return <ListSkeleton />;
  if (active.length === 0) return <ErrorBlock status="empty" title={t('deliberation.consult.noDesks')} />;

  return (
    <PullToRefresh onRefresh={async () => void (await slots.refetch())}>
      <p className="h5-page-intro">{t('deliberation.consult.intro')}</p>
      <div className="h5-desks" data-testid="desks">
        {active.map((d) => (
          <button
            type="button"
            key={d.id}
            className={`h5-desk${d.id === desk?.id ? ' h5-desk-on' : ''}`}
            onClick={() => setDeskId(d.id)}
            data-testid={`desk-${d.id}`}
          >
            <div className="h5-desk-name">{d.name}</div>
            <div className="h5-muted h5-small">
              {t(`deliberation.deskKind.${d.kind}`)}
              {d.hostName ? ` · ${d.hostName}` : ''}
            </div>
            {d.place && (
              <div className="h5-muted h5-small">
                <EnvironmentOutline /> {d.place}
              </div>
            )}
          </button>
        ))}
      </div>
      <section className="h5-card">
        <div className="h5-card-title">{t('deliberation.consult.freeSlots')}</div>
        {slots.error && !slots.data ? (
          <LoadFailed error={slots.error} onRetry={() => void slots.refetch()} />
        ) : !slots.data ? (
          <ListSkeleton lines={3} />
        ) : days.size === 0 ? (
          <div className="h5-muted">{t('deliberation.consult.noSlots')}</div>
        ) : (
          <>
            <CapsuleTabs className="h5-capsules" activeKey={shownDay ?? undefined} onChange={setDay}>
              {[...days.keys()].map((key) => (
                <CapsuleTabs.Tab key={key} title={dayjs(key).format(t('deliberation.consult.dayFormat'))} />
              ))}
            </CapsuleTabs>
            <div className="h5-slots" data-testid="slots">
              {(shownDay ? (days.get(shownDay) ?? []) : []).map((s) => (
                <button
                  type="button"
                  key={s.id}
                  className={`h5-slot${s.bookedByMe ? ' h5-slot-mine' : ''}`}
                  disabled={!slotBookable(s)}
                  onClick={() => setPicked(s)}
                  data-testid={`slot-${s.id}`}
                >
                  <ClockCircleOutline /> {hm(s.startsAt)}–{hm(s.endsAt)}
                  <span className="h5-slot-room">
                    {s.bookedByMe
                      ? t('deliberation.consult.yours')
                      : s.booked >= s.capacity
                        ? t('deliberation.consult.full')
                        : t('deliberation.consult.left', { count: s.capacity - s.booked })}
                  </span>
                </button>
              ))}
            </div>
          </>
        )}
      </section>
      <Popup
        visible={picked !== null}
        onMaskClick={() => setPicked(null)}
        bodyStyle={{ borderTopLeftRadius: 12, borderTopRightRadius: 12 }}
      >
        {picked && desk && (
          <div className="h5-sheet" data-testid="booking-sheet">
            <div className="h5-sheet-title">{t('deliberation.consult.confirmTitle')}</div>
            <p className="h5-sheet-text">
              {desk.name}
              <br />
              {formatDateTime(picked.startsAt).slice(0, 16)}–{hm(picked.endsAt)}
              {desk.place && (
                <>
                  <br />
                  {desk.place}
                </>
              )}
            </p>
            <TextArea
              className="h5-textarea"
              aria-label={t('deliberation.consult.subject')}
              placeholder={t('deliberation.consult.subjectPlaceholder')}
              value={subject}
              onChange={setSubject}
              rows={3}
              maxLength={500}
            />
            <Button
              block
              color="primary"
              size="large"
              loading={busy}
              onClick={() => void book()}
              style={{ marginTop: 12 }}
              data-testid="confirm-booking"
            >
              {t('deliberation.consult.confirm')}
            </Button>
          </div>
        )}
      </Popup>
    </PullToRefresh>
  );
}

function MyBookings() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const bookings = useQuery(deliberationQueries.myBookings());

  const cancel = async (b: Booking) => {
    const ok = await Dialog.confirm({
      content: t('deliberation.consult.cancelConfirm', { at: formatDateTime(b.startsAt).slice(0, 16) }),
      confirmText: t('deliberation.consult.cancel'),
      cancelText: t('common.cancel'),
    });
    if (!ok) return;
    try {
      await deliberationCalls.cancelBooking(b.id);
      Toast.show({ icon: 'success', content: t('deliberation.consult.cancelled') });
    } catch (error) {
      Toast.show({ icon: 'fail', content: errorMessage(error) });
    }
    void queryClient.invalidateQueries({ queryKey: deliberationKeys.all });
  };

  if (bookings.error && !bookings.data)
    return <LoadFailed error={bookings.error} onRetry={() => void bookings.refetch()} />;
  if (!bookings.data) return <ListSkeleton />;
  return (
    <PullToRefresh onRefresh={async () => void (await bookings.refetch())}>
      {bookings.data.items.length === 0 ? (
        <ErrorBlock status="empty" title={t('deliberation.consult.noBookings')} />
      ) : (
        <div data-testid="my-bookings">
          {bookings.data.items.map((b) => (
            <div key={b.id} className="h5-booking" data-testid={`booking-${b.id}`}>
              <div className="h5-booking-top">
                <span>{b.deskName}</span>
                <ColorTag color={BOOKING_STATUS_COLORS[b.status]}>
                  {t(`deliberation.bookingStatus.${b.status}`)}
                </ColorTag>
              </div>
              <div className="h5-muted h5-small">
                <ClockCircleOutline /> {formatDateTime(b.startsAt).slice(0, 16)}–{hm(b.endsAt)}
                {b.place && ` · ${b.place}`}
              </div>
              <div className="h5-booking-foot">
                <span className="h5-small">{b.subject}</span>
                {b.status === 'booked' && Date.parse(b.startsAt) > Date.now() && (
                  <Button size="mini" fill="outline" onClick={() => void cancel(b)}>
                    {t('deliberation.consult.cancel')}
                  </Button>
                )}
              </div>
            </div>
          ))}
        </div>
      )}
    </PullToRefresh>
  );
}
