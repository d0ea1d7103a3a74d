import { Button, Dialog, Result, SpinLoading, TextArea, Toast } from 'antd-mobile';
import { EnvironmentOutline, PhoneFill, RightOutline, UserOutline } from 'antd-mobile-icons';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import { currentPosition, roundCoord } from '../../shared/geolocation.ts';
import { formatDistance } from '../../shared/matters.ts';
import { useMe } from '../../shared/session.tsx';
import type { LatLng, MatterDetail } from '../../shared/types.ts';
import type { Place } from '../matters/location.ts';
import { useHomePlace } from '../useHomePlace.ts';
import { mattersCalls } from '../../shared/query/matters.ts';
import { PageNavBar } from '../components/PageNavBar.tsx';

const MapPicker = lazy(() => import('../matters/MapPicker.tsx'));

type Stage =
  | { step: 'ready' }
  | { step: 'locating' }
  | { step: 'no-location'; message: string }
  | { step: 'sending' }
  | { step: 'sent'; matter: MatterDetail };

/** Straight-line distance in metres, for "距您 300 米" when the answer does not say. */
function metresBetween(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371000 * Math.asin(Math.sqrt(h));
}

/** 一键求助 (小哥铃 for couriers): one big button; the nearest open station and the grid worker on duty are told. */
export default function HelpPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const home = useHomePlace();
  const courier = me.roles.some((r) => r.role === 'courier');
  const [stage, setStage] = useState<Stage>({ step: 'ready' });
  const [from, setFrom] = useState<LatLng | null>(null);
  const [description, setDescription] = useState('');
  const [picking, setPicking] = useState(false);

  const send = async (point: LatLng) => {
    setStage({ step: 'sending' });
    setFrom(point);
    try {
      const matter = await mattersCalls.help({
        lat: point.lat,
        lng: point.lng,
        description: description.trim(),
      });
      setStage({ step: 'sent', matter });
    } catch (error) {
      Toast.show({ icon: 'fail', content: errorMessage(error) });
      setStage({ step: 'ready' });
    }
  };

  const ask = async () => {
    const confirmed = await Dialog.confirm({
      title: t('h5.help.confirmTitle'),
      content: t('h5.help.confirmBody'),
      confirmText: t('h5.help.confirm'),
      cancelText: t('common.cancel'),
    });
    if (!confirmed) return;
    setStage({ step: 'locating' });
    try {
      const position = await currentPosition(8000);
      await send({ lat: roundCoord(position.lat), lng: roundCoord(position.lng) });
    } catch (error) {
      setStage({ step: 'no-location', message: (error as Error).message });
    }
  };

  const title = courier ? t('h5.help.courierTitle') : t('h5.help.title');
  return (
    <div className="h5-page h5-help-page">
      <PageNavBar title={title} onBack={() => navigate(-1)} />
      {stage.step === 'sent' ? (
        <HelpSent matter={stage.matter} from={from} onAgain={() => setStage({ step: 'ready' })} />
      ) : (
        <div className="h5-help">
          <p className="h5-help-intro">{t('h5.help.intro')}</p>
          <button
            type="button"
            className="h5-help-button"
            onClick={() => void ask()}
            disabled={stage.step === 'locating' || stage.step === 'sending'}
            data-testid="help-button"
          >
            {stage.step === 'locating' || stage.step === 'sending' ? (
              <SpinLoading color="white" style={{ '--size': '48px' }} />
            ) : (
              <span className="h5-help-button-text">{courier ? t('h5.help.courierTitle') : t('h5.help.button')}</span>
            )}
          </button>
          <div className="h5-help-stage">
            {stage.step === 'locating' && t('h5.help.locating')}
            {stage.step === 'sending' && t('h5.help.sending')}
            {stage.step === 'no-location' && (
              <div className="h5-help-fallback">
                <div className="h5-warning">{t('h5.help.locationFailed', { reason: stage.message })}</div>
                <Button color="primary" fill="outline" shape="rounded" onClick={() => setPicking(true)}>
                  <EnvironmentOutline /> {t('location.pickOnMap')}
                </Button>
              </div>
            )}
          </div>
          <div className="h5-card h5-help-describe">
            <label className="h5-card-title" htmlFor="help-description">
              {t('h5.help.describe')}
            </label>
            <TextArea
              id="help-description"
              className="h5-textarea"
              rows={2}
              maxLength={500}
              value={description}
              onChange={setDescription}
              placeholder={t('h5.help.describePlaceholder')}
            />
          </div>
          <p className="h5-tip">{t('h5.help.emergency')}</p>
        </div>
      )}
      {picking && (
        <Suspense fallback={null}>
          <MapPicker
            visible={picking}
            initial={home.center}
            stations={home.stations}
            onClose={() => setPicking(false)}
            onPick={(place: Place) => {
              setPicking(false);
              void send(place.point);
            }}
          />
        </Suspense>
      )}
    </div>
  );
}

function HelpSent({ matter, from, onAgain }: { matter: MatterDetail; from: LatLng | null; onAgain: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const station = matter.station;
  const distance = station && from ? metresBetween(from, station) : null;
  return (
    <div className="h5-help-sent" data-testid="help-result">
      <Result status="success" title={t('h5.help.sent')} description={t('h5.help.sentBody', { code: matter.code })} />
      <section className="h5-card">
        <div className="h5-card-title">{t('h5.help.station')}</div>
        {station ? (
          <div className="h5-help-station">
            <div>
              <div className="h5-help-station-name">{station.name}</div>
              <div className="h5-muted h5-small">
                {distance !== null && `${t('h5.help.distance', { distance: formatDistance(t, distance) })} · `}
                {station.address}
              </div>
            </div>
            {station.phone && (
              <a className="h5-call" href={`tel:${station.phone}`} aria-label={`${t('h5.help.call')} ${station.phone}`}>
                <PhoneFill /> {t('h5.help.call')}
              </a>
            )}
          </div>
        ) : (
          <div className="h5-muted">{t('h5.help.noStation')}</div>
        )}
      </section>
      <section className="h5-card">
        <div className="h5-card-title">{t('h5.help.assignee')}</div>
        <div className="h5-help-assignee">
          <UserOutline /> {matter.assignee?.name ?? <span className="h5-muted">{t('h5.help.noAssignee')}</span>}
        </div>
      </section>
      <div className="h5-section h5-help-actions">
        <Button block color="primary" onClick={() => navigate(`/matters/${matter.id}`)}>
          {t('h5.help.viewProgress')} <RightOutline />
        </Button>
        <Button block fill="none" onClick={onAgain}>
          {t('h5.help.again')}
        </Button>
      </div>
    </div>
  );
}
