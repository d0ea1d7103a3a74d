import { Button, Dialog, TextArea, Toast } from 'antd-mobile';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import { threadComments, type Comment } from '../../shared/deliberation.ts';
import { formatDateTime } from '../../shared/time.ts';
import { deliberationCalls, deliberationKeys, deliberationQueries } from '../../shared/query/deliberation.ts';

/** The threaded comments of a topic or vote: answer, flag for the moderators. */
export function Comments({ targetType, targetId }: { targetType: 'topic' | 'vote'; targetId: number }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const comments = useQuery(deliberationQueries.comments(targetType, targetId));
  const [text, setText] = useState('');
  const [replyTo, setReplyTo] = useState<Comment | null>(null);
  const [busy, setBusy] = useState(false);

  const send = async () => {
    if (!text.trim()) {
      Toast.show({ content: t('deliberation.comments.empty') });
      return;
    }
    setBusy(true);
    try {
      await deliberationCalls.comment(targetType, targetId, {
        body: text.trim(),
        ...(replyTo ? { parentId: replyTo.id } : {}),
      });
      setText('');
      setReplyTo(null);
      Toast.show({ icon: 'success', content: t('deliberation.comments.sent') });
      void queryClient.invalidateQueries({ queryKey: deliberationKeys.all });
    } catch (error) {
      Toast.show({ icon: 'fail', content: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  const flag = async (c: Comment) => {
    const ok = await Dialog.confirm({
      content: t('deliberation.comments.flagConfirm'),
      confirmText: t('deliberation.comments.flag'),
      cancelText: t('common.cancel'),
    });
    if (!ok) return;
    try {
      await deliberationCalls.flagComment(c.id);
      Toast.show({ icon: 'success', content: t('deliberation.comments.flagged') });
    } catch (error) {
      Toast.show({ icon: 'fail', content: errorMessage(error) });
    }
  };

  const one = (c: Comment) => (
    <div className="h5-comment" key={c.id} data-testid={`comment-${c.id}`}>
      <div className="h5-comment-head">
        <span className="h5-comment-author">{c.authorName}</span>
        <span>{formatDateTime(c.createdAt).slice(5, 16)}</span>
      </div>
      <div className={`h5-comment-body${c.hidden ? ' h5-comment-hidden' : ''}`}>
        {c.hidden ? t('deliberation.comments.hidden') : c.body}
      </div>
      {!c.hidden && (
        <div className="h5-comment-actions">
          <button type="button" onClick={() => setReplyTo(c)}>
            {t('deliberation.comments.reply')}
          </button>
          {!c.mine && (
            <button type="button" onClick={() => void flag(c)}>
              {t('deliberation.comments.flag')}
            </button>
          )}
        </div>
      )}
    </div>
  );

  const threads = comments.data ? threadComments(comments.data.items) : [];
  return (
    <section className="h5-card" data-testid="comments">
      <div className="h5-card-title">
        {t('deliberation.comments.title', { count: comments.data?.items.length ?? 0 })}
      </div>
      {comments.error && !comments.data && <div className="h5-muted">{errorMessage(comments.error)}</div>}
      {comments.data && threads.length === 0 && <div className="h5-muted">{t('deliberation.comments.none')}</div>}
      {threads.map(({ comment, replies }) => (
        <div key={comment.id}>
          {one(comment)}
          {replies.length > 0 && <div className="h5-comment-replies">{replies.map(one)}</div>}
        </div>
      ))}
      <div className="h5-comment-form">
        {replyTo && (
          <div className="h5-replying">
            <span>{t('deliberation.comments.replyingTo', { name: replyTo.authorName })}</span>
            <a onClick={() => setReplyTo(null)}>{t('common.cancel')}</a>
          </div>
        )}
        <TextArea
          className="h5-textarea"
          placeholder={t('deliberation.comments.placeholder')}
          value={text}
          onChange={setText}
          maxLength={2000}
          autoSize={{ minRows: 2, maxRows: 5 }}
        />
        <Button size="small" color="primary" loading={busy} onClick={() => void send()}>
          {t('deliberation.comments.send')}
        </Button>
      </div>
    </section>
  );
}
