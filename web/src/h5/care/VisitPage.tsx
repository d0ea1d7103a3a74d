import { Button, DatePicker, Form, Selector, Switch, TextArea, Toast, type ImageUploadItem } from 'antd-mobile';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import { VISIT_METHODS, type VisitMethod } from '../../shared/iot.ts';
import { careCalls, careKeys } from '../../shared/query/care.ts';
import { formatDateTime } from '../../shared/time.ts';
import { PhotoPicker, photoTokensOf } from '../matters/PhotoPicker.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';
import './care.css';

/** 走访记录: who visited when, how, what they found, photos; a concern opens a care matter. */
export default function VisitPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { id } = useParams();
  const name = (useLocation().state as { name?: string } | null)?.name;
  const [method, setMethod] = useState<VisitMethod>('home');
  const [visitedAt, setVisitedAt] = useState(() => new Date());
  const [picking, setPicking] = useState(false);
  const [findings, setFindings] = useState('');
  const [concern, setConcern] = useState(false);
  const [photos, setPhotos] = useState<ImageUploadItem[]>([]);
  const [uploading, setUploading] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    try {
      await careCalls.recordVisit(id!, {
        visitedAt: visitedAt.toISOString(),
        method,
        findings: findings.trim(),
        concern,
        photos: photoTokensOf(photos),
      });
      Toast.show({ icon: 'success', content: t('iot.h5.care.visitSaved') });
      // The visit moves the plan's next due day: 我的关爱 shows it when we get back.
      void queryClient.invalidateQueries({ queryKey: careKeys.all });
      navigate('/care', { replace: true });
    } catch (error) {
      Toast.show({ icon: 'fail', content: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="h5-page h5-care">
      <PageNavBar title={`${t('iot.h5.care.visitTitle')}${name ? ` · ${name}` : ''}`} onBack={() => navigate(-1)} />
      <Form layout="vertical" className="h5-form">
        <Form.Item label={t('iot.h5.care.visitedAt')} onClick={() => setPicking(true)}>
          <span data-testid="visited-at">{formatDateTime(visitedAt.toISOString()).slice(0, 16)}</span>
          <DatePicker
            visible={picking}
            precision="minute"
            max={new Date()}
            value={visitedAt}
            onClose={() => setPicking(false)}
            onConfirm={(value) => setVisitedAt(value)}
          />
        </Form.Item>
        <Form.Item label={t('iot.h5.care.method')}>
          <Selector
            columns={3}
            value={[method]}
            onChange={(v) => v[0] && setMethod(v[0])}
            options={VISIT_METHODS.map((m) => ({ value: m, label: t(`iot.care.method.${m}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('iot.h5.care.findings')}>
          <TextArea
            value={findings}
            onChange={setFindings}
            placeholder={t('iot.h5.care.findingsPlaceholder')}
            rows={4}
            maxLength={2000}
            showCount
          />
        </Form.Item>
        <Form.Item label={t('iot.h5.care.photos')}>
          <PhotoPicker value={photos} onChange={setPhotos} onBusy={setUploading} />
        </Form.Item>
        <Form.Item label={t('iot.h5.care.concern')} childElementPosition="right">
          <Switch checked={concern} onChange={setConcern} aria-label={t('iot.h5.care.concern')} />
        </Form.Item>
      </Form>
      <div className="h5-care-submit">
        <Button block color="primary" size="large" loading={busy} disabled={uploading} onClick={() => void submit()}>
          {t('iot.h5.care.saveVisit')}
        </Button>
      </div>
    </div>
  );
}
