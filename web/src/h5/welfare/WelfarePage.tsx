import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, ErrorBlock, Popup, PullToRefresh, SearchBar, Selector, Tabs, Tag, Toast } from 'antd-mobile';
import { EnvironmentOutline } from 'antd-mobile-icons';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import { currentPosition } from '../../shared/geolocation.ts';
import { formatDistance } from '../../shared/matters.ts';
import { formatDateTime } from '../../shared/time.ts';
import type { LatLng } from '../../shared/types.ts';
import { useNow } from '../../shared/useNow.ts';
import {
  discountText,
  OFFER_KINDS,
  type Offer,
  type OfferKind,
  type Pass,
  welfareApi,
  welfareKeys,
} from '../../shared/welfare.ts';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';
import './welfare.css';

type Where = { state: 'locating' } | { state: 'found'; point: LatLng } | { state: 'none' };

/** The pass shown at the counter: the offer, the masked holder, and a running clock so a screenshot is told apart. */
function PassSheet({ pass, onClose }: { pass: Pass; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const now = useNow(1000);
  const discount = discountText(pass.offer.pricePercent, i18n.language);
  return (
    <div className="h5-welfare-pass" data-testid="welfare-pass">
      <div className="h5-welfare-pass-head">{t('welfare.pass')}</div>
      <div className="h5-welfare-pass-partner">{pass.offer.partnerName}</div>
      <div className="h5-welfare-pass-title">
        {pass.offer.title}
        {discount && <span className="h5-welfare-discount">{discount}</span>}
      </div>
      <div className="h5-welfare-pass-clock" data-testid="welfare-pass-clock">
        {new Date(now).toLocaleTimeString(i18n.language, { hour12: false })}
      </div>
      <div className="h5-welfare-pass-line">
        {t('welfare.holder')} {pass.holder}
      </div>
      <div className="h5-welfare-pass-line">{t('welfare.passNo', { no: pass.passNo })}</div>
      <div className="h5-welfare-pass-line">
        {t('welfare.usedToday', { used: pass.offer.usedToday, limit: pass.offer.dailyLimit })}
      </div>
      <div className="h5-muted h5-small">{t('welfare.passHint')}</div>
      <Button block color="primary" fill="outline" onClick={onClose}>
        {t('welfare.close')}
      </Button>
    </div>
  );
}

function OfferCard({ offer, onUse, busy }: { offer: Offer; onUse: () => void; busy: boolean }) {
  const { t, i18n } = useTranslation();
  const discount = discountText(offer.pricePercent, i18n.language);
  const usedUp = offer.usedToday >= offer.dailyLimit;
  return (
    <section className="h5-card h5-welfare-offer" data-testid={`welfare-offer-${offer.id}`}>
      <div className="h5-welfare-offer-top">
        <div>
          <div className="h5-welfare-partner">{offer.partnerName}</div>
          <div className="h5-welfare-title">
            {offer.title}
            {discount && <span className="h5-welfare-discount">{discount}</span>}
          </div>
        </div>
        {offer.distanceMeters !== null && (
          <span className="h5-muted h5-small">{formatDistance(t, offer.distanceMeters)}</span>
        )}
      </div>
      <div className="h5-welfare-tags">
        <Tag fill="outline">{t(`welfare.kinds.${offer.kind}`)}</Tag>
        <Tag fill="outline" color={offer.audience === 'courier' ? 'warning' : 'primary'}>
          {t(offer.audience === 'courier' ? 'welfare.forCouriers' : 'welfare.forEveryone')}
        </Tag>
        <Tag fill="outline">{t('welfare.limitPerDay', { limit: offer.dailyLimit })}</Tag>
      </div>
      {offer.hoursNote && <div className="h5-muted h5-small">{offer.hoursNote}</div>}
      {offer.details && <div className="h5-muted h5-small">{offer.details}</div>}
      <div className="h5-welfare-foot">
        <span className="h5-muted h5-small">
          <EnvironmentOutline /> {offer.address || offer.community.name}
        </span>
        <Button
          size="small"
          color="primary"
          disabled={usedUp}
          loading={busy}
          onClick={onUse}
          data-testid={`welfare-use-${offer.id}`}
        >
          {usedUp ? t('welfare.usedUp') : t('welfare.use')}
        </Button>
      </div>
      {offer.usedToday > 0 && !usedUp && (
        <div className="h5-muted h5-small">
          {t('welfare.usedToday', { used: offer.usedToday, limit: offer.dailyLimit })}
        </div>
      )}
    </section>
  );
}

/** 骑手福利: offers at partner canteens and shops near me, a pass to show at the counter, and what I have used. */
export default function WelfarePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [tab, setTab] = useState('offers');
  const [kind, setKind] = useState<OfferKind | undefined>();
  const [search, setSearch] = useState('');
  const [where, setWhere] = useState<Where>({ state: 'locating' });
  const [pass, setPass] = useState<Pass | null>(null);

  useEffect(() => {
    let live = true;
    currentPosition()
      .then((point) => live && setWhere({ state: 'found', point }))
      .catch(() => live && setWhere({ state: 'none' }));
    return () => {
      live = false;
    };
  }, []);

  const point = where.state === 'found' ? where.point : undefined;
  const offers = useQuery({
    queryKey: [...welfareKeys.all, 'offers', kind, search, point?.lat, point?.lng],
    queryFn: () => welfareApi.offers({ kind, q: search || undefined, lat: point?.lat, lng: point?.lng, limit: 50 }),
    enabled: tab === 'offers' && where.state !== 'locating',
  });
  const mine = useQuery({
    queryKey: [...welfareKeys.all, 'mine'],
    queryFn: welfareApi.myUses,
    enabled: tab === 'mine',
  });
  const use = useMutation({
    mutationFn: welfareApi.use,
    onSuccess: (p) => {
      setPass(p);
      void client.invalidateQueries({ queryKey: welfareKeys.all });
    },
    onError: (e) => Toast.show({ icon: 'fail', content: errorMessage(e) }),
  });

  let content: ReactNode;
  if (tab === 'mine') {
    if (mine.error && !mine.data) content = <LoadFailed error={mine.error} onRetry={() => void mine.refetch()} />;
    else if (!mine.data) content = <ListSkeleton />;
    else if (mine.data.items.length === 0) content = <ErrorBlock status="empty" title={t('welfare.noneMine')} />;
    else
      content = mine.data.items.map((u) => (
        <section key={u.id} className="h5-card" data-testid="welfare-use">
          <div className="h5-welfare-partner">{u.partnerName}</div>
          <div className="h5-welfare-title">{u.title}</div>
          <div className="h5-muted h5-small">
            {formatDateTime(u.usedAt)} · {t('welfare.passNo', { no: u.passNo })}
          </div>
        </section>
      ));
  } else if (where.state === 'locating') {
    content = (
      <>
        <div className="h5-muted h5-small h5-welfare-note">{t('welfare.locating')}</div>
        <ListSkeleton />
      </>
    );
  } else if (offers.error && !offers.data) {
    content = <LoadFailed error={offers.error} onRetry={() => void offers.refetch()} />;
  } else if (!offers.data) {
    content = <ListSkeleton />;
  } else {
    content = (
      <>
        {where.state === 'none' && <div className="h5-muted h5-small h5-welfare-note">{t('welfare.noPosition')}</div>}
        {offers.data.items.length === 0 ? (
          <ErrorBlock status="empty" title={t('welfare.none')} />
        ) : (
          offers.data.items.map((o) => (
            <OfferCard
              key={o.id}
              offer={o}
              busy={use.isPending && use.variables === o.id}
              onUse={() => use.mutate(o.id)}
            />
          ))
        )}
      </>
    );
  }

  return (
    <div className="h5-page">
      <PageNavBar title={t('welfare.title')} onBack={() => navigate(-1)} />
      <Tabs activeKey={tab} onChange={setTab}>
        <Tabs.Tab title={t('welfare.offers')} key="offers" />
        <Tabs.Tab title={t('welfare.mine')} key="mine" />
      </Tabs>
      {tab === 'offers' && (
        <div className="h5-welfare-filters">
          <SearchBar placeholder={t('welfare.search')} onSearch={setSearch} onClear={() => setSearch('')} />
          <Selector
            columns={4}
            value={[kind ?? 'all']}
            onChange={(v) => setKind(v[0] === 'all' || !v[0] ? undefined : (v[0] as OfferKind))}
            options={[
              { value: 'all', label: t('welfare.all') },
              ...OFFER_KINDS.map((k) => ({ value: k, label: t(`welfare.kinds.${k}`) })),
            ]}
          />
        </div>
      )}
      <PullToRefresh onRefresh={async () => void (await (tab === 'mine' ? mine : offers).refetch())}>
        {content}
      </PullToRefresh>
      <Popup visible={pass !== null} onMaskClick={() => setPass(null)} bodyStyle={{ borderRadius: '12px 12px 0 0' }}>
        {pass && <PassSheet pass={pass} onClose={() => setPass(null)} />}
      </Popup>
    </div>
  );
}
