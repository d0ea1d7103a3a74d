import { Button, Input, Switch, TextArea, Toast } from 'antd-mobile';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ApiError, errorMessage } from '../../shared/api.ts';
import { deliberationCalls, deliberationKeys } from '../../shared/query/deliberation.ts';
import { useMyBoard } from '../useMyBoard.ts';
import { PageNavBar } from '../components/PageNavBar.tsx';
import './deliberation.css';

/** 提议题: a resident raises a topic for the community (or just their building); neighbours support it onto the agenda. */
export default function NewTopicPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const board = useMyBoard();
  const building = board.data?.board?.building ?? null;
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [onlyBuilding, setOnlyBuilding] = useState(false);
  const [errors, setErrors] = useState<{ title?: string; body?: string }>({});
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const found = {
      title: title.trim().length < 4 ? t('deliberation.h5.titleRule') : undefined,
      body: body.trim().length < 10 ? t('deliberation.h5.bodyRule') : undefined,
    };
    setErrors(found);
    if (found.title || found.body) return;
    setBusy(true);
    try {
      const topic = await deliberationCalls.createTopic({
        title: title.trim(),
        body: body.trim(),
        ...(onlyBuilding && building
          ? { scopeKind: 'buildings', buildingIds: [building.id] }
          : { scopeKind: 'community' }),
      });
      void queryClient.invalidateQueries({ queryKey: deliberationKeys.all });
      Toast.show({ icon: 'success', content: t('deliberation.h5.raised') });
      navigate(`/deliberation/topics/${topic.id}`, { replace: true });
    } catch (error) {
      const fields = error instanceof ApiError ? error.fieldErrors() : new Map<string, string[]>();
      setErrors({ title: fields.get('title')?.[0], body: fields.get('body')?.[0] });
      Toast.show({ icon: 'fail', content: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="h5-page h5-form-page">
      <PageNavBar title={t('deliberation.h5.raiseTitle')} onBack={() => navigate(-1)} />
      <p className="h5-page-intro">{t('deliberation.h5.raiseIntro')}</p>
      <section className={`h5-card${errors.title ? ' h5-card-error' : ''}`}>
        <div className="h5-card-title">{t('deliberation.fields.title')}</div>
        <Input
          aria-label={t('deliberation.fields.title')}
          value={title}
          onChange={setTitle}
          maxLength={80}
          placeholder={t('deliberation.h5.titlePlaceholder')}
          clearable
        />
        {errors.title && <div className="h5-warning">{errors.title}</div>}
      </section>
      <section className={`h5-card${errors.body ? ' h5-card-error' : ''}`}>
        <div className="h5-card-title">{t('deliberation.fields.body')}</div>
        <TextArea
          aria-label={t('deliberation.fields.body')}
          className="h5-textarea"
          rows={6}
          maxLength={5000}
          showCount
          value={body}
          onChange={setBody}
          placeholder={t('deliberation.h5.bodyPlaceholder')}
        />
        {errors.body && <div className="h5-warning">{errors.body}</div>}
      </section>
      {building && (
        <section className="h5-card h5-switch-row">
          <div>
            <div className="h5-card-title" style={{ margin: 0 }}>
              {t('deliberation.h5.onlyBuilding', { name: building.name })}
            </div>
            <div className="h5-muted h5-small">{t('deliberation.h5.onlyBuildingHint')}</div>
          </div>
          <Switch
            checked={onlyBuilding}
            onChange={setOnlyBuilding}
            aria-label={t('deliberation.h5.onlyBuilding', { name: building.name })}
          />
        </section>
      )}
      <div className="h5-submit-bar">
        <Button block color="primary" size="large" loading={busy} onClick={() => void submit()}>
          {t('common.submit')}
        </Button>
      </div>
    </div>
  );
}
