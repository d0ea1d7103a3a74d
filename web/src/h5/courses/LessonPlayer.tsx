import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, ProgressBar, Toast } from 'antd-mobile';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import { type CourseDetail, HEARTBEAT_SECONDS } from '../../shared/courses.ts';
import { coursesActions, coursesKeys } from '../../shared/query/courses.ts';

type Segment = [number, number];

/** Adds a played stretch, joining it to the last one when it follows on. */
function addPlayed(pending: Segment[], from: number, to: number) {
  if (to <= from) return;
  const last = pending.at(-1);
  if (last && Math.abs(last[1] - from) < 0.01) last[1] = to;
  else pending.push([from, to]);
}

/**
 * The lesson player. A video reports the stretches actually played (a jump starts a new one);
 * a lesson without a video is read for its length, a second of text per second of the clock.
 * Every HEARTBEAT_SECONDS the played stretches go to the server, which counts only new seconds
 * and no more than the time since the last heartbeat: seeking earns nothing.
 */
export function LessonPlayer({ course }: { course: CourseDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const length = course.lessonSeconds ?? 0;
  const [playing, setPlaying] = useState(false);
  const [position, setPosition] = useState(() => course.progress.watched.find(([a]) => a === 0)?.[1] ?? 0);
  const pending = useRef<Segment[]>([]);
  const video = useRef<HTMLVideoElement>(null);
  const lastTime = useRef<number | null>(null);

  const save = (detail: CourseDetail) => queryClient.setQueryData(coursesKeys.course(course.id), detail);
  const start = useMutation({
    mutationFn: () => coursesActions.startLesson(course.id),
    onSuccess: (d) => {
      save(d);
      setPlaying(true);
    },
    onError: (e) => Toast.show({ icon: 'fail', content: errorMessage(e) }),
  });
  const report = useMutation({
    mutationFn: (segments: Segment[]) => coursesActions.report(course.id, segments),
    onSuccess: (d) => {
      save(d);
      if (d.progress.completed) void queryClient.invalidateQueries({ queryKey: coursesKeys.all });
    },
  });

  const played = (from: number, to: number) => addPlayed(pending.current, from, to);
  // The latest flush, for the heartbeat's timer: it reports what was played since the last beat.
  const flush = useRef(() => {});
  flush.current = () => {
    if (pending.current.length === 0) return;
    const segments = pending.current.map(([a, b]) => [a, b] as Segment);
    pending.current = [];
    report.mutate(segments);
  };

  // The text stand-in: a second of the lesson per second of the clock while playing.
  useEffect(() => {
    if (!playing || course.lessonUrl) return;
    const tick = window.setInterval(() => {
      setPosition((p) => {
        const next = Math.min(length, p + 1);
        addPlayed(pending.current, p, next);
        if (next >= length) setPlaying(false);
        return next;
      });
    }, 1000);
    return () => window.clearInterval(tick);
  }, [playing, course.lessonUrl, length]);

  // The heartbeat, and a last report when playing stops.
  useEffect(() => {
    if (!playing) {
      flush.current();
      return;
    }
    const beat = window.setInterval(() => flush.current(), HEARTBEAT_SECONDS * 1000);
    return () => window.clearInterval(beat);
  }, [playing]);

  const onTimeUpdate = () => {
    const now = video.current?.currentTime ?? 0;
    const before = lastTime.current;
    // A small step forward is playing; anything else is a seek, which starts a new stretch.
    if (before !== null && now > before && now - before < 2) played(before, now);
    lastTime.current = now;
    setPosition(now);
  };

  const p = course.progress;
  return (
    <div data-testid="lesson-player">
      {course.lessonUrl ? (
        <video
          ref={video}
          className="h5-course-video"
          src={course.lessonUrl}
          controls
          onPlay={() => (p.started ? setPlaying(true) : start.mutate())}
          onPause={() => setPlaying(false)}
          onSeeking={() => {
            lastTime.current = null;
          }}
          onTimeUpdate={onTimeUpdate}
        />
      ) : (
        <div className="h5-course-lesson" data-testid="lesson-text">
          {course.lessonText || course.summary}
        </div>
      )}
      <div className="h5-course-row">
        <span className="h5-course-muted" data-testid="lesson-watched">
          {t('courses.watched', { percent: p.watchedPercent, need: course.completionPercent })}
        </span>
        {!course.lessonUrl && !p.lessonDone && (
          <Button
            size="small"
            color="primary"
            data-testid="lesson-play"
            loading={start.isPending}
            onClick={() => (playing ? setPlaying(false) : start.mutate())}
          >
            {playing ? t('courses.pause') : t('courses.play')}
          </Button>
        )}
      </div>
      <ProgressBar percent={length ? (position * 100) / length : 0} />
      {p.lessonDone && <div className="h5-course-muted">{t('courses.lessonDone')}</div>}
      <div className="h5-course-muted">{t('courses.seekNote')}</div>
    </div>
  );
}
