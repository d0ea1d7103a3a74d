import { Button, Input, Popup, Switch, TextArea, Toast, type ImageUploadItem } from 'antd-mobile';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import { useCategories } from '../../shared/categories.ts';
import { categoryTree, formatDistance } from '../../shared/matters.ts';
import { MAX_PHOTOS } from '../../shared/media.ts';
import type { CategorySuggestion, NearbyMatter, ReportInput } from '../../shared/types.ts';
import { CategoryPicker } from '../matters/CategoryPicker.tsx';
import { ExtraFields, missingFields, type Attributes } from '../matters/ExtraFields.tsx';
import { LocationField } from '../matters/LocationField.tsx';
import type { Place } from '../matters/location.ts';
import { MatterStatusTag } from '../matters/MatterStatusTag.tsx';
import { PhotoPicker, photoTokensOf } from '../matters/PhotoPicker.tsx';
import { mattersCalls } from '../../shared/query/matters.ts';
import { PageNavBar } from '../components/PageNavBar.tsx';
import { OutboxBar } from '../offline/OutboxBar.tsx';
import { outbox } from '../offline/outbox.ts';
import { PhotoFiles } from '../offline/PhotoFiles.tsx';

type Problem = 'description' | 'category' | 'location' | 'fields';

/** 随手拍: photo, what is wrong, which kind of problem, where; same problem nearby is offered to follow instead. */
export default function ReportPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  // 随手做 (from the workbench): something a grid worker fixed on the spot, logged as done at once.
  const onSpot = useSearchParams()[0].get('onSpot') === '1';
  const categories = useCategories();
  const [photos, setPhotos] = useState<ImageUploadItem[]>([]);
  // 随手做 keeps its photos as files: it goes through the offline outbox, which uploads them when sent.
  const [photoFiles, setPhotoFiles] = useState<File[]>([]);
  const [uploading, setUploading] = useState(false);
  const [description, setDescription] = useState('');
  const [suggestions, setSuggestions] = useState<CategorySuggestion[]>([]);
  const [categoryId, setCategoryId] = useState<number | undefined>();
  const [attributes, setAttributes] = useState<Attributes>({});
  const [place, setPlace] = useState<Place | null>(null);
  const [address, setAddress] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const [problems, setProblems] = useState<Set<Problem>>(new Set());
  const [nearby, setNearby] = useState<NearbyMatter[] | null>(null);
  const [busy, setBusy] = useState(false);

  const reportable = useMemo(
    () =>
      new Set(categoryTree(categories.data ?? [], ['report']).flatMap((n) => n.children?.map((c) => c.value) ?? [])),
    [categories.data],
  );
  const category = categories.data?.find((c) => c.id === categoryId);
  const onPlace = useCallback((next: Place | null) => setPlace(next), []);
  // Filtered as shown, not as they arrive: the catalogue may still be loading then.
  const offered = suggestions.filter((s) => reportable.has(s.categoryId));

  const suggest = async () => {
    const text = description.trim();
    if (text.length < 4) return;
    try {
      const { suggestions: found } = await mattersCalls.suggestCategory(text);
      setSuggestions(found);
    } catch {
      setSuggestions([]); // only a help
    }
  };

  const check = (): boolean => {
    const found = new Set<Problem>();
    if (description.trim().length < 4) found.add('description');
    if (!categoryId) found.add('category');
    if (!place) found.add('location');
    if (missingFields(category, attributes).length) found.add('fields');
    setProblems(found);
    if (found.size)
      Toast.show({
        content: t(
          found.has('description')
            ? 'h5.report.descriptionRequired'
            : found.has('category')
              ? 'h5.report.categoryRequired'
              : found.has('location')
                ? 'h5.report.locationRequired'
                : 'validation.required',
        ),
      });
    return found.size === 0;
  };

  /**
   * 随手做 through the offline outbox (issue 14, weak signal): with no network it waits on the
   * phone with its photos and is sent once, with its Idempotency-Key, when the network returns.
   */
  const createOnSpot = async () => {
    if (!place || !categoryId) return;
    setBusy(true);
    try {
      const outcome = await outbox.take({
        method: 'POST',
        path: '/api/matters',
        body: {
          categoryId,
          description: description.trim(),
          lat: place.point.lat,
          lng: place.point.lng,
          address: address.trim(),
          anonymous: false,
          attributes,
          resolvedOnSpot: true,
          note: description.trim(),
        },
        photos: photoFiles,
        photosField: 'photos',
        label: t('workbench.onSpotQueued', { text: description.trim().slice(0, 20) }),
      });
      if (outcome.state === 'refused') {
        Toast.show({ icon: 'fail', content: outcome.error });
        return;
      }
      if (outcome.state === 'waiting') {
        Toast.show({ content: t('workbench.onSpotKept') });
        navigate('/workbench', { replace: true });
        return;
      }
      Toast.show({ icon: 'success', content: t('workbench.onSpotDone') });
      navigate(`/matters/${(outcome.data as { id: number }).id}`, { replace: true });
    } catch (error) {
      Toast.show({ icon: 'fail', content: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  const create = async () => {
    if (onSpot) return createOnSpot();
    if (!place || !categoryId) return;
    setBusy(true);
    try {
      const body: ReportInput = {
        categoryId,
        description: description.trim(),
        lat: place.point.lat,
        lng: place.point.lng,
        address: address.trim(),
        photos: photoTokensOf(photos),
        anonymous,
        attributes,
      };
      const created = await mattersCalls.report(body);
      Toast.show({ icon: 'success', content: t('h5.report.submitted') });
      navigate(`/matters/${created.id}`, { replace: true });
    } catch (error) {
      Toast.show({ icon: 'fail', content: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  const submit = async () => {
    if (!check() || !place || !categoryId) return;
    // Done already: nothing to follow instead.
    if (onSpot) return create();
    setBusy(true);
    try {
      const { items } = await mattersCalls.nearby({
        lat: place.point.lat,
        lng: place.point.lng,
        categoryId,
      });
      if (items.length > 0) {
        setNearby(items);
        return;
      }
    } catch {
      // cannot tell; filing it is the safe side
    } finally {
      setBusy(false);
    }
    await create();
  };

  const follow = async (matter: NearbyMatter) => {
    try {
      // Where one stands: the server lets one follow a report only within reach of it.
      await mattersCalls.actOn(matter.id, 'follow', place ? { lat: place.point.lat, lng: place.point.lng } : {});
      Toast.show({ icon: 'success', content: t('h5.report.followed') });
      navigate(`/matters/${matter.id}`, { replace: true });
    } catch (error) {
      Toast.show({ icon: 'fail', content: errorMessage(error) });
    }
  };

  return (
    <div className="h5-page h5-form-page">
      <PageNavBar title={t(onSpot ? 'workbench.onSpot' : 'h5.report.title')} onBack={() => navigate(-1)} />
      {onSpot && <OutboxBar />}

      <section className="h5-card">
        <div className="h5-card-title">
          {t('h5.report.photos')}
          <span className="h5-card-hint">{t('h5.report.photosHint', { count: MAX_PHOTOS })}</span>
        </div>
        {onSpot ? (
          <PhotoFiles value={photoFiles} onChange={setPhotoFiles} />
        ) : (
          <PhotoPicker value={photos} onChange={setPhotos} onBusy={setUploading} />
        )}
      </section>

      <section className={`h5-card${problems.has('description') ? ' h5-card-error' : ''}`}>
        <label className="h5-card-title h5-label" htmlFor="report-description">
          <span className="h5-required">*</span>
          {t('h5.report.description')}
        </label>
        <TextArea
          id="report-description"
          className="h5-textarea"
          placeholder={t('h5.report.descriptionPlaceholder')}
          value={description}
          onChange={setDescription}
          onBlur={() => void suggest()}
          rows={4}
          maxLength={2000}
          showCount
        />
        {offered.length > 0 && (
          <div className="h5-suggestions" data-testid="category-suggestions">
            <span className="h5-muted h5-small">{t('h5.report.suggestions')}</span>
            {offered.map((s) => (
              <button
                type="button"
                key={s.categoryId}
                className={`h5-chip${categoryId === s.categoryId ? ' h5-chip-on' : ''}`}
                onClick={() => {
                  setCategoryId(s.categoryId);
                  setAttributes({});
                }}
              >
                {s.name}
              </button>
            ))}
          </div>
        )}
      </section>

      <section className={`h5-card${problems.has('category') || problems.has('fields') ? ' h5-card-error' : ''}`}>
        <div className="h5-card-title h5-label">
          <span className="h5-required">*</span>
          {t('h5.report.category')}
        </div>
        <CategoryPicker
          categories={categories.data ?? []}
          kinds={['report']}
          value={categoryId}
          onChange={(id) => {
            setCategoryId(id);
            setAttributes({});
          }}
        />
        <ExtraFields category={category} values={attributes} onChange={setAttributes} />
      </section>

      <section className={`h5-card${problems.has('location') ? ' h5-card-error' : ''}`}>
        <div className="h5-card-title h5-label">
          <span className="h5-required">*</span>
          {t('h5.report.location')}
        </div>
        <LocationField value={place} onChange={onPlace} />
        <div className="h5-field">
          <label className="h5-field-label" htmlFor="report-address">
            {t('h5.report.address')}
          </label>
          <Input
            id="report-address"
            className="h5-input"
            value={address}
            onChange={setAddress}
            placeholder={t('h5.report.addressPlaceholder')}
            maxLength={200}
            clearable
          />
        </div>
      </section>

      {!onSpot && (
        <section className="h5-card h5-switch-row">
          <div>
            <div className="h5-card-title" style={{ marginBottom: 2 }}>
              {t('h5.report.anonymous')}
            </div>
            <div className="h5-muted h5-small">{t('h5.report.anonymousHint')}</div>
          </div>
          <Switch checked={anonymous} onChange={setAnonymous} aria-label={t('h5.report.anonymous')} />
        </section>
      )}

      <div className="h5-submit-bar">
        <Button block color="primary" size="large" loading={busy} disabled={uploading} onClick={() => void submit()}>
          {t(onSpot ? 'workbench.onSpotSubmit' : 'h5.report.submit')}
        </Button>
      </div>

      <Popup visible={nearby !== null} onMaskClick={() => setNearby(null)} bodyClassName="h5-sheet" destroyOnClose>
        <div className="h5-sheet-title">{t('h5.report.nearbyTitle')}</div>
        <p className="h5-muted h5-sheet-text">{t('h5.report.nearbyBody')}</p>
        <ul className="h5-nearby" data-testid="nearby-matters">
          {nearby?.map((m) => (
            <li key={m.id} className="h5-nearby-item">
              <div className="h5-nearby-top">
                <MatterStatusTag status={m.status} />
                <span className="h5-muted h5-small">
                  {t('h5.report.distance', { distance: formatDistance(t, m.distanceMeters) })}
                </span>
              </div>
              <div className="h5-nearby-text">{m.description}</div>
              <div className="h5-nearby-foot">
                <span className="h5-muted h5-small">{m.address}</span>
                <Button size="small" color="primary" shape="rounded" onClick={() => void follow(m)}>
                  {t('h5.report.follow')}
                </Button>
              </div>
            </li>
          ))}
        </ul>
        <Button
          block
          fill="outline"
          loading={busy}
          onClick={() => {
            setNearby(null);
            void create();
          }}
        >
          {t('h5.report.submitAnyway')}
        </Button>
      </Popup>
    </div>
  );
}
