import { Button, Switch, TextArea, Toast, type ImageUploadItem } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import { useMe } from '../../shared/session.tsx';
import { PhotoPicker, photoTokensOf } from '../matters/PhotoPicker.tsx';
import { mattersCalls } from '../../shared/query/matters.ts';
import { PageNavBar } from '../components/PageNavBar.tsx';

/** 社区建议, or 小哥有话讲 for couriers: answered adopted or not. */
export default function SuggestPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const courier = me.roles.some((r) => r.role === 'courier');
  const [text, setText] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const [photos, setPhotos] = useState<ImageUploadItem[]>([]);
  const [uploading, setUploading] = useState(false);
  const [busy, setBusy] = useState(false);
  const [invalid, setInvalid] = useState(false);

  const submit = async () => {
    if (text.trim().length < 4) {
      setInvalid(true);
      Toast.show({ content: t('h5.suggest.required') });
      return;
    }
    setBusy(true);
    try {
      const created = await mattersCalls.suggest({
        description: text.trim(),
        anonymous,
        photos: photoTokensOf(photos),
      });
      Toast.show({ icon: 'success', content: t('h5.suggest.submitted') });
      navigate(`/matters/${created.id}`, { replace: true });
    } catch (error) {
      Toast.show({ icon: 'fail', content: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="h5-page h5-form-page">
      <PageNavBar title={courier ? t('h5.suggest.courierTitle') : t('h5.suggest.title')} onBack={() => navigate(-1)} />
      <p className="h5-page-intro">{t('h5.suggest.intro')}</p>
      <section className={`h5-card${invalid ? ' h5-card-error' : ''}`}>
        <TextArea
          className="h5-textarea"
          rows={6}
          maxLength={2000}
          showCount
          value={text}
          onChange={(value) => {
            setText(value);
            setInvalid(false);
          }}
          placeholder={t('h5.suggest.placeholder')}
        />
      </section>
      <section className="h5-card">
        <PhotoPicker value={photos} onChange={setPhotos} onBusy={setUploading} />
      </section>
      <section className="h5-card h5-switch-row">
        <div className="h5-card-title" style={{ margin: 0 }}>
          {t('h5.suggest.anonymous')}
        </div>
        <Switch checked={anonymous} onChange={setAnonymous} aria-label={t('h5.suggest.anonymous')} />
      </section>
      <div className="h5-submit-bar">
        <Button block color="primary" size="large" loading={busy} disabled={uploading} onClick={() => void submit()}>
          {t('h5.suggest.submit')}
        </Button>
      </div>
    </div>
  );
}
