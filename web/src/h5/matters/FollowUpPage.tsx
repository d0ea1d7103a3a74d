import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, ErrorBlock, Rate, Result, Selector, Skeleton, Tag, TextArea, Toast } from 'antd-mobile';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError, errorMessage } from '../../shared/api.ts';
import { followUpsCalls, followUpsKeys, followUpsQueries, type MyFollowUp } from '../../shared/query/follow-ups.ts';
import { formatDateTime } from '../../shared/time.ts';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';

type Rating = 1 | 2 | 3 | 4 | 5;

function ratingOf(n: number): Rating | null {
  return n >= 1 && n <= 5 ? (Math.round(n) as Rating) : null;
}

/** The matter the follow-up is about: its category, number, when it closed and what was reported. */
function MatterSummary({ f }: { f: MyFollowUp }) {
  const { t } = useTranslation();
  return (
    <section className="h5-card" data-testid="follow-up-matter">
      <div className="h5-card-title">
        <span>{f.category}</span>
        <span className="h5-muted h5-small">{f.code}</span>
      </div>
      <div className="h5-matter-text">{f.description}</div>
      <div className="h5-muted" style={{ marginTop: 8 }}>
        {t('followUps.h5.closedAt', { time: formatDateTime(f.closedAt).slice(0, 16) })}
      </div>
    </section>
  );
}

/** What the reporter answered (or what a call recorded): stars, the word for them, solved or not, the comment. */
function Answered({ f, justNow }: { f: MyFollowUp; justNow: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const rating = f.rating === null ? null : ratingOf(f.rating);
  return (
    <>
      <Result
        status="success"
        title={justNow ? t('followUps.h5.thanks') : t('followUps.h5.answered')}
        description={justNow ? t('followUps.h5.thanksHint') : undefined}
        data-testid="follow-up-done"
      />
      {rating !== null && (
        <section className="h5-card">
          <div className="h5-card-title">{t('followUps.h5.yourAnswer')}</div>
          <div className="h5-follow-up-stars">
            <Rate readOnly value={rating} style={{ '--star-size': '22px' }} />
            <span>{t(`followUps.ratings.r${rating}`)}</span>
          </div>
          {f.resolved !== null && (
            <Tag color={f.resolved ? 'success' : 'warning'} fill="outline" style={{ marginTop: 8 }}>
              {f.resolved ? t('followUps.resolvedYes') : t('followUps.resolvedNo')}
            </Tag>
          )}
          {f.comment && <div className="h5-matter-comment">{f.comment}</div>}
        </section>
      )}
      <div className="h5-section">
        <Button block fill="outline" onClick={() => navigate(`/matters/${f.matterId}`)}>
          {t('followUps.h5.viewMatter')}
        </Button>
      </div>
    </>
  );
}

/** The short form: a rating of 1–5 (the word shown under the stars), solved or not, an optional comment. */
function AnswerForm({ f, onAnswered }: { f: MyFollowUp; onAnswered: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [rating, setRating] = useState(0);
  const [resolved, setResolved] = useState<boolean | null>(null);
  const [comment, setComment] = useState('');
  const [tried, setTried] = useState(false);
  const chosen = ratingOf(rating);
  const send = useMutation({
    mutationFn: () =>
      followUpsCalls.answer(f.matterId, { rating: chosen!, resolved: resolved!, comment: comment.trim() }),
    onSuccess: (answered) => {
      client.setQueryData(followUpsKeys.mine(f.matterId), answered);
      void client.invalidateQueries({ queryKey: followUpsKeys.all });
      onAnswered();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409) {
        Toast.show({ content: t('followUps.h5.doneAlready') });
        void client.invalidateQueries({ queryKey: followUpsKeys.mine(f.matterId) });
      } else Toast.show({ icon: 'fail', content: errorMessage(e) });
    },
  });
  const submit = () => {
    setTried(true);
    if (chosen === null || resolved === null) return;
    send.mutate();
  };
  return (
    <section className="h5-card" data-testid="follow-up-form">
      <div className="h5-muted" style={{ marginBottom: 12 }}>
        {t('followUps.h5.intro')}
      </div>
      <div className="h5-follow-up-question">{t('followUps.h5.rating')}</div>
      <div className="h5-rate" data-testid="follow-up-stars">
        <Rate value={rating} onChange={setRating} style={{ '--star-size': '36px' }} />
      </div>
      <div className="h5-follow-up-word" data-testid="follow-up-word">
        {chosen !== null ? t(`followUps.ratings.r${chosen}`) : '\u00a0'}
      </div>
      {tried && chosen === null && <div className="h5-follow-up-error">{t('followUps.h5.ratingRequired')}</div>}

      <div className="h5-follow-up-question">{t('followUps.h5.resolved')}</div>
      <Selector<'yes' | 'no'>
        columns={2}
        value={resolved === null ? [] : [resolved ? 'yes' : 'no']}
        onChange={(v) => setResolved(v[0] === undefined ? null : v[0] === 'yes')}
        options={[
          { label: t('followUps.resolvedYes'), value: 'yes' },
          { label: t('followUps.resolvedNo'), value: 'no' },
        ]}
        data-testid="follow-up-resolved"
      />
      {tried && resolved === null && <div className="h5-follow-up-error">{t('followUps.h5.resolvedRequired')}</div>}

      <div className="h5-follow-up-question">{t('followUps.h5.comment')}</div>
      <TextArea
        className="h5-textarea"
        rows={3}
        maxLength={1000}
        showCount
        value={comment}
        onChange={setComment}
        placeholder={t('followUps.h5.commentPlaceholder')}
        aria-label={t('followUps.h5.comment')}
      />
      <Button
        block
        color="primary"
        size="large"
        style={{ marginTop: 16 }}
        loading={send.isPending}
        onClick={submit}
        data-testid="follow-up-submit"
      >
        {t('followUps.h5.submit')}
      </Button>
    </section>
  );
}

/**
 * 满意度回访 on the phone: the page the closing message links to (/follow-ups/:matterId). The
 * reporter sees the matter, rates how it was handled and says whether it was solved; once
 * answered (here or on a call) the page shows the answer. Anyone else is told it is not theirs.
 */
export default function FollowUpPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const matterId = Number(useParams().id);
  const valid = Number.isInteger(matterId) && matterId > 0;
  const loaded = useQuery({ ...followUpsQueries.mine(matterId), enabled: valid, retry: false });
  const [justNow, setJustNow] = useState(false);
  const f = loaded.data;
  const missing =
    !valid || (loaded.error instanceof ApiError && [403, 404].includes(loaded.error.status) && f === undefined);

  let content: ReactNode;
  if (missing)
    content = (
      <ErrorBlock
        status="empty"
        title={t('followUps.h5.notFound')}
        description={t('followUps.h5.notFoundHint')}
        data-testid="follow-up-missing"
      >
        <Button size="small" color="primary" onClick={() => navigate('/matters')}>
          {t('followUps.h5.myMatters')}
        </Button>
      </ErrorBlock>
    );
  else if (loaded.error && !f) content = <LoadFailed error={loaded.error} onRetry={() => void loaded.refetch()} />;
  else if (!f)
    content = (
      <div className="h5-section">
        <Skeleton.Title animated />
        <Skeleton.Paragraph lineCount={6} animated />
      </div>
    );
  else
    content = (
      <>
        <MatterSummary f={f} />
        {f.done ? <Answered f={f} justNow={justNow} /> : <AnswerForm f={f} onAnswered={() => setJustNow(true)} />}
      </>
    );

  return (
    <div className="h5-follow-up" data-testid="h5-follow-up">
      <PageNavBar title={t('followUps.title')} onBack={() => navigate(-1)} />
      {content}
    </div>
  );
}
