import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Input, Radio, Space, Tag, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import type { CourseDetail, CourseSession } from '../../shared/courses.ts';
import { coursesActions, coursesKeys, coursesQueries } from '../../shared/query/courses.ts';
import { formatDateTime } from '../../shared/time.ts';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';
import { CourseTags } from './CoursesPage.tsx';
import { LessonPlayer } from './LessonPlayer.tsx';
import './courses.css';

function SessionRow({ s }: { s: CourseSession }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [code, setCode] = useState('');
  const done = () => void queryClient.invalidateQueries({ queryKey: coursesKeys.all });
  const fail = (e: unknown) => Toast.show({ icon: 'fail', content: errorMessage(e) });
  const signUp = useMutation({ mutationFn: () => coursesActions.signUp(s.id), onSuccess: done, onError: fail });
  const checkIn = useMutation({
    mutationFn: () => coursesActions.checkIn(s.id, code),
    onSuccess: () => {
      Toast.show({ icon: 'success', content: t('courses.checkedIn') });
      done();
    },
    onError: fail,
  });
  return (
    <div className="h5-card" data-testid={`session-${s.id}`}>
      <div>{s.place}</div>
      <div className="h5-course-muted">
        {formatDateTime(s.startsAt).slice(0, 16)} – {formatDateTime(s.endsAt).slice(11, 16)} ·{' '}
        {t('courses.capacity', { signedUp: s.signedUp, capacity: s.capacity })}
      </div>
      {s.mine === 'checked_in' ? (
        <Tag color="success">{t('courses.checkedIn')}</Tag>
      ) : (
        <div className="h5-course-row">
          {s.mine === 'none' ? (
            <Button
              size="small"
              data-testid="session-signup"
              loading={signUp.isPending}
              onClick={() => signUp.mutate()}
            >
              {t('courses.signUp')}
            </Button>
          ) : (
            <Tag color="primary">{t('courses.signedUp')}</Tag>
          )}
          <Input
            data-testid="checkin-code"
            placeholder={t('courses.codePlaceholder')}
            value={code}
            onChange={setCode}
            maxLength={6}
            inputMode="numeric"
            style={{ flex: 1 }}
          />
          <Button
            size="small"
            color="primary"
            data-testid="checkin-submit"
            disabled={!/^\d{6}$/.test(code)}
            loading={checkIn.isPending}
            onClick={() => checkIn.mutate()}
          >
            {t('courses.checkIn')}
          </Button>
        </div>
      )}
    </div>
  );
}

function Quiz({ course }: { course: CourseDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [answers, setAnswers] = useState<Array<number | null>>(() => course.quiz.map(() => null));
  const submit = useMutation({
    mutationFn: () =>
      coursesActions.quiz(
        course.id,
        answers.map((a) => a ?? -1),
      ),
    onSuccess: (d) => {
      queryClient.setQueryData(coursesKeys.course(course.id), d);
      void queryClient.invalidateQueries({ queryKey: coursesKeys.all });
      Toast.show({ content: t('courses.quizResult', { percent: d.progress.quizPercent ?? 0 }) });
    },
    onError: (e) => Toast.show({ icon: 'fail', content: errorMessage(e) }),
  });
  if (course.progress.quizPassed) return <Tag color="success">{t('courses.quizPassed')}</Tag>;
  return (
    <div data-testid="quiz">
      <div className="h5-course-muted">{t('courses.quizPassMark', { percent: course.passPercent })}</div>
      {course.quiz.map((q, i) => (
        <div key={q.question}>
          <div className="h5-course-quiz-q">
            {i + 1}. {q.question}
          </div>
          <Radio.Group
            value={answers[i] ?? undefined}
            onChange={(v) => setAnswers((xs) => xs.map((x, j) => (j === i ? Number(v) : x)))}
          >
            <Space direction="vertical">
              {q.options.map((o, k) => (
                <Radio key={o} value={k} data-testid={`quiz-${i}-${k}`}>
                  {o}
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        </div>
      ))}
      <Button
        block
        color="primary"
        style={{ marginTop: 12 }}
        data-testid="quiz-submit"
        disabled={answers.some((a) => a === null)}
        loading={submit.isPending}
        onClick={() => submit.mutate()}
      >
        {t('courses.submitQuiz')}
      </Button>
    </div>
  );
}

/** A course: its lesson player, its sessions with sign-up and check-in, its quiz, and the result. */
export default function CoursePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const course = useQuery(coursesQueries.course(id));

  const c = course.data;
  return (
    <div className="h5-page">
      <PageNavBar title={c?.title ?? t('courses.title')} onBack={() => navigate(-1)} />
      {course.error && !c ? (
        <LoadFailed error={course.error} onRetry={() => void course.refetch()} />
      ) : !c ? (
        <ListSkeleton />
      ) : (
        <>
          <section className="h5-card">
            <div className="h5-course-title">{c.title}</div>
            <CourseTags c={c} />
            <div className="h5-course-muted">{c.trainingLabel}</div>
            {c.officialUrl && (
              <a href={c.officialUrl} target="_blank" rel="noreferrer">
                {t('courses.officialLink')}
              </a>
            )}
            {c.progress.completed && (
              <div className="h5-course-row" data-testid="course-completed">
                <Tag color="success">{t('courses.completed')}</Tag>
                <span>{t('courses.pointsAwarded', { points: c.progress.pointsAwarded })}</span>
                {c.progress.certificateCode && (
                  <Button size="small" onClick={() => navigate('/courses/certificates')}>
                    {t('courses.viewCertificate')}
                  </Button>
                )}
              </div>
            )}
          </section>
          {c.sessions.length > 0 && (
            <>
              <h3 className="h5-course-section">{t('courses.sessions')}</h3>
              {c.sessions.map((s) => (
                <SessionRow key={s.id} s={s} />
              ))}
            </>
          )}
          {c.lessonSeconds !== null && (
            <section className="h5-card">
              <h3>{t('courses.lesson')}</h3>
              <LessonPlayer course={c} />
            </section>
          )}
          {c.quiz.length > 0 && (
            <section className="h5-card">
              <h3>{t('courses.quiz')}</h3>
              <Quiz course={c} />
            </section>
          )}
        </>
      )}
    </div>
  );
}
