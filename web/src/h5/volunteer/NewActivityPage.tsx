import { Button, DatePicker, ErrorBlock, Input, Selector, Stepper, Switch, TextArea, Toast } from 'antd-mobile';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { reasonOf } from '../../shared/points.ts';
import { currentPosition, roundCoord } from '../../shared/geolocation.ts';
import { formatDateTime } from '../../shared/time.ts';
import { volunteerCalls, volunteerKeys, volunteerQueries } from '../../shared/query/volunteer.ts';
import type { ActivityInput, LatLng } from '../../shared/types.ts';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';

const HOUR = 3_600_000;

/** The next whole hour, as a sensible start. */
function nextHour(): Date {
  return new Date(Math.ceil(Date.now() / HOUR) * HOUR);
}

/** A team leader announces an activity (志愿活动) for one of their teams. */
export default function NewActivityPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const led = useQuery(volunteerQueries.ledTeams()).data;
  const teams = led ?? [];
  const [teamId, setTeamId] = useState<number | undefined>();
  const [title, setTitle] = useState('');
  const [place, setPlace] = useState('');
  const [description, setDescription] = useState('');
  const [startsAt, setStartsAt] = useState<Date>(nextHour);
  const [endsAt, setEndsAt] = useState<Date>(() => new Date(nextHour().getTime() + 2 * HOUR));
  const [capacity, setCapacity] = useState(10);
  const [here, setHere] = useState<LatLng | null>(null);
  const [picking, setPicking] = useState<'start' | 'end' | null>(null);
  const [busy, setBusy] = useState(false);
  const team = teamId ?? (teams.length === 1 ? teams[0]!.id : undefined);

  const applyHere = async (on: boolean) => {
    if (!on) {
      setHere(null);
      return;
    }
    try {
      const at = await currentPosition(8000);
      setHere({ lat: roundCoord(at.lat), lng: roundCoord(at.lng) });
    } catch (error) {
      Toast.show({ icon: 'fail', content: (error as Error).message });
    }
  };

  const submit = async () => {
    if (!team) return void Toast.show({ content: t('volunteer.h5.pickTeam') });
    if (title.trim().length < 2) return void Toast.show({ content: t('volunteer.h5.titleRequired') });
    if (endsAt <= startsAt) return void Toast.show({ content: t('volunteer.h5.endAfterStart') });
    const body: ActivityInput = {
      teamId: team,
      title: title.trim(),
      description: description.trim(),
      place: place.trim(),
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      capacity,
      ...(here ?? {}),
    };
    setBusy(true);
    try {
      const created = await volunteerCalls.createActivity(body);
      void queryClient.invalidateQueries({ queryKey: volunteerKeys.all });
      Toast.show({ icon: 'success', content: t('volunteer.h5.published') });
      navigate(`/volunteer/activities/${created.id}`, { replace: true });
    } catch (error) {
      Toast.show({ icon: 'fail', content: reasonOf(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="h5-page h5-form-page">
      <PageNavBar title={t('volunteer.h5.new')} onBack={() => navigate(-1)} />
      {!led ? (
        <ListSkeleton lines={4} />
      ) : teams.length === 0 ? (
        <ErrorBlock status="empty" title={t('volunteer.h5.leadNone')} />
      ) : (
        <>
          <section className="h5-card">
            <div className="h5-card-title h5-label">
              <span className="h5-required">*</span>
              {t('volunteer.team')}
            </div>
            <Selector
              columns={2}
              value={team ? [team] : []}
              onChange={([value]) => setTeamId(value)}
              options={teams.map((tm) => ({ label: tm.name, value: tm.id }))}
            />
          </section>
          <section className="h5-card">
            <label className="h5-card-title h5-label" htmlFor="activity-title">
              <span className="h5-required">*</span>
              {t('volunteer.title')}
            </label>
            <Input
              id="activity-title"
              className="h5-input"
              value={title}
              onChange={setTitle}
              maxLength={80}
              placeholder={t('volunteer.h5.titlePlaceholder')}
              clearable
            />
            <div className="h5-field">
              <label className="h5-field-label" htmlFor="activity-place">
                {t('volunteer.place')}
              </label>
              <Input
                id="activity-place"
                className="h5-input"
                value={place}
                onChange={setPlace}
                maxLength={120}
                placeholder={t('volunteer.h5.placePlaceholder')}
                clearable
              />
            </div>
            <div className="h5-field">
              <label className="h5-field-label" htmlFor="activity-description">
                {t('volunteer.description')}
              </label>
              <TextArea
                id="activity-description"
                className="h5-textarea"
                rows={3}
                maxLength={2000}
                value={description}
                onChange={setDescription}
              />
            </div>
          </section>
          <section className="h5-card">
            <div className="h5-field-row" onClick={() => setPicking('start')}>
              <span>{t('volunteer.startsAt')}</span>
              <strong>{formatDateTime(startsAt.toISOString()).slice(0, 16)}</strong>
            </div>
            <div className="h5-field-row" onClick={() => setPicking('end')}>
              <span>{t('volunteer.endsAt')}</span>
              <strong>{formatDateTime(endsAt.toISOString()).slice(0, 16)}</strong>
            </div>
            <div className="h5-field-row">
              <span>{t('volunteer.capacity')}</span>
              <Stepper min={1} max={10000} digits={0} value={capacity} onChange={(v) => setCapacity(v ?? 1)} />
            </div>
            <div className="h5-field-row">
              <span>
                {t('volunteer.h5.useHere')}
                <div className="h5-muted h5-small">
                  {here ? `${here.lat.toFixed(5)}, ${here.lng.toFixed(5)}` : t('volunteer.h5.useHereHint')}
                </div>
              </span>
              <Switch checked={here !== null} onChange={(on) => void applyHere(on)} />
            </div>
          </section>
          <div className="h5-submit-bar">
            <Button block color="primary" size="large" loading={busy} onClick={() => void submit()}>
              {t('volunteer.h5.publish')}
            </Button>
          </div>
          <DatePicker
            visible={picking !== null}
            precision="minute"
            value={picking === 'end' ? endsAt : startsAt}
            onClose={() => setPicking(null)}
            onConfirm={(value) => {
              if (picking === 'start') {
                const length = endsAt.getTime() - startsAt.getTime();
                setStartsAt(value);
                setEndsAt(new Date(value.getTime() + Math.max(length, HOUR)));
              } else setEndsAt(value);
            }}
            title={picking === 'end' ? t('volunteer.endsAt') : t('volunteer.startsAt')}
          />
        </>
      )}
    </div>
  );
}
