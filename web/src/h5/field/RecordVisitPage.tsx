import { useQueryClient } from '@tanstack/react-query';
import { Button, Form, Selector, TextArea, Toast } from 'antd-mobile';
import { AddOutline } from 'antd-mobile-icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import { useCategories } from '../../shared/categories.ts';
import { fieldKeys, type VisitMethod } from '../../shared/query/field.ts';
import { PageNavBar } from '../components/PageNavBar.tsx';
import { CategoryPicker } from '../matters/CategoryPicker.tsx';
import { OutboxBar } from '../offline/OutboxBar.tsx';
import { outbox } from '../offline/outbox.ts';
import { PhotoFiles } from '../offline/PhotoFiles.tsx';
import { VISITS_PATH } from './pending.ts';
import './field.css';

const METHODS: VisitMethod[] = ['home', 'phone', 'video', 'street'];

interface Concern {
  key: number;
  categoryId?: number;
  description: string;
}

/**
 * 记录走访 to a person: how, what was seen, photos, and concerns — each opens a matter. Saved
 * through the offline outbox: with no network the visit (photos too, as files) waits on the
 * phone and is sent once when the network returns, dated when it was made.
 */
export default function RecordVisitPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const categories = useCategories();
  const { personId } = useParams();
  const name = (useLocation().state as { name?: string } | null)?.name;
  const [method, setMethod] = useState<VisitMethod>('home');
  const [notes, setNotes] = useState('');
  const [photos, setPhotos] = useState<File[]>([]);
  const [concerns, setConcerns] = useState<Concern[]>([]);
  const [busy, setBusy] = useState(false);

  const change = (key: number, patch: Partial<Concern>) =>
    setConcerns((list) => list.map((c) => (c.key === key ? { ...c, ...patch } : c)));

  const save = async () => {
    if (concerns.some((c) => !c.categoryId || c.description.trim().length < 4)) {
      Toast.show({ content: t('field.visit.concernIncomplete') });
      return;
    }
    setBusy(true);
    try {
      const outcome = await outbox.take({
        method: 'POST',
        path: VISITS_PATH,
        body: {
          personId: Number(personId),
          method,
          visitedAt: new Date().toISOString(),
          notes: notes.trim(),
          concerns: concerns.map((c) => ({ categoryId: c.categoryId!, description: c.description.trim() })),
        },
        photos,
        photosField: 'photos',
        label: t('field.outbox.visit', { name: name ?? `#${personId}` }),
      });
      if (outcome.state === 'refused') {
        Toast.show({ icon: 'fail', content: outcome.error });
        return;
      }
      const matters = outcome.state === 'sent' ? ((outcome.data as { matterIds?: number[] }).matterIds ?? []) : [];
      Toast.show(
        outcome.state === 'waiting'
          ? { content: t('field.outbox.kept') }
          : {
              icon: 'success',
              content: matters.length
                ? t('field.visit.savedWithMatters', { count: matters.length })
                : t('field.visit.saved'),
            },
      );
      void queryClient.invalidateQueries({ queryKey: fieldKeys.all });
      navigate('/field/visits', { replace: true });
    } catch (error) {
      Toast.show({ icon: 'fail', content: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="h5-page h5-field">
      <PageNavBar title={`${t('field.visit.title')}${name ? ` · ${name}` : ''}`} onBack={() => navigate(-1)} />
      <OutboxBar />
      <Form layout="vertical" className="h5-form">
        <Form.Item label={t('field.visit.method')}>
          <Selector
            columns={4}
            value={[method]}
            onChange={(v) => v[0] && setMethod(v[0])}
            options={METHODS.map((m) => ({ value: m, label: t(`field.visit.methods.${m}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('field.visit.notes')}>
          <TextArea
            value={notes}
            onChange={setNotes}
            placeholder={t('field.visit.notesPlaceholder')}
            rows={4}
            maxLength={2000}
            showCount
          />
        </Form.Item>
        <Form.Item label={t('field.visit.photos')}>
          <PhotoFiles value={photos} onChange={setPhotos} />
        </Form.Item>
        <Form.Item label={t('field.visit.concerns')} description={t('field.visit.concernsHint')}>
          {concerns.map((c) => (
            <div key={c.key} className="h5-field-concern">
              <CategoryPicker
                categories={categories.data ?? []}
                kinds={['report']}
                value={c.categoryId}
                onChange={(categoryId) => change(c.key, { categoryId })}
              />
              <TextArea
                value={c.description}
                onChange={(description) => change(c.key, { description })}
                placeholder={t('field.visit.concernPlaceholder')}
                rows={2}
                maxLength={2000}
              />
              <Button
                size="mini"
                fill="none"
                color="danger"
                onClick={() => setConcerns((list) => list.filter((x) => x.key !== c.key))}
              >
                {t('field.visit.remove')}
              </Button>
            </div>
          ))}
          {concerns.length < 5 && (
            <Button
              size="small"
              fill="outline"
              onClick={() => setConcerns((list) => [...list, { key: Date.now(), description: '' }])}
            >
              <AddOutline /> {t('field.visit.addConcern')}
            </Button>
          )}
        </Form.Item>
      </Form>
      <div className="h5-field-submit">
        <Button block color="primary" size="large" loading={busy} onClick={() => void save()}>
          {t('field.visit.save')}
        </Button>
      </div>
    </div>
  );
}
