import { useQuery } from '@tanstack/react-query';
import { Button, ErrorBlock, ProgressBar, PullToRefresh, Tabs, Tag } from 'antd-mobile';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { CourseCard } from '../../shared/courses.ts';
import { coursesQueries } from '../../shared/query/courses.ts';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';
import './courses.css';

/** What a course asks for, as tags: a lesson, a session, a quiz; and that it is training (培训). */
export function CourseTags({ c }: { c: CourseCard }) {
  const { t } = useTranslation();
  return (
    <div className="h5-course-tags">
      <Tag color="primary" fill="outline">
        {c.categoryLabel}
      </Tag>
      {c.hasLesson && <Tag fill="outline">{t('courses.lesson')}</Tag>}
      {c.requiresSession && <Tag fill="outline">{t('courses.session')}</Tag>}
      {c.hasQuiz && <Tag fill="outline">{t('courses.quiz')}</Tag>}
      {c.certificate && <Tag color="warning">{t('courses.training')}</Tag>}
    </div>
  );
}

/** 骑士学院 / 党群夜校: the catalogue by category, and my courses with their progress. */
export default function CoursesPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [tab, setTab] = useState('all');
  const catalogue = useQuery({ ...coursesQueries.catalogue('', i18n.language), enabled: tab !== 'mine' });
  const mine = useQuery({ ...coursesQueries.mine(), enabled: tab === 'mine' });
  const category = tab === 'all' || tab === 'mine' ? null : tab;

  let content: ReactNode;
  if (tab === 'mine') {
    if (mine.error && !mine.data) content = <LoadFailed error={mine.error} onRetry={() => void mine.refetch()} />;
    else if (!mine.data) content = <ListSkeleton />;
    else if (mine.data.items.length === 0) content = <ErrorBlock status="empty" title={t('courses.noneMine')} />;
    else
      content = mine.data.items.map(({ course, progress }) => (
        <section
          key={course.id}
          className="h5-card"
          data-testid={`my-course-${course.id}`}
          onClick={() => navigate(`/courses/${course.id}`)}
        >
          <div className="h5-course-title">{course.title}</div>
          <CourseTags c={course} />
          {course.hasLesson && <ProgressBar percent={progress.watchedPercent} text />}
          {progress.completed && <Tag color="success">{t('courses.completed')}</Tag>}
        </section>
      ));
  } else {
    const items = (catalogue.data?.items ?? []).filter((c) => !category || c.category === category);
    if (catalogue.error && !catalogue.data)
      content = <LoadFailed error={catalogue.error} onRetry={() => void catalogue.refetch()} />;
    else if (!catalogue.data) content = <ListSkeleton />;
    else if (items.length === 0) content = <ErrorBlock status="empty" title={t('courses.none')} />;
    else
      content = items.map((c) => (
        <section
          key={c.id}
          className="h5-card"
          data-testid={`course-${c.id}`}
          onClick={() => navigate(`/courses/${c.id}`)}
        >
          <div className="h5-course-title">{c.title}</div>
          <CourseTags c={c} />
          {c.summary && <div className="h5-course-muted">{c.summary}</div>}
        </section>
      ));
  }

  return (
    <div className="h5-page">
      <PageNavBar
        title={t('courses.title')}
        onBack={() => navigate(-1)}
        right={
          <Button size="mini" color="primary" fill="none" onClick={() => navigate('/courses/certificates')}>
            {t('courses.certificates')}
          </Button>
        }
      />
      <Tabs activeKey={tab} onChange={setTab}>
        <Tabs.Tab title={t('courses.all')} key="all" />
        {(catalogue.data?.categories ?? []).map((c) => (
          <Tabs.Tab title={c.label} key={c.code} />
        ))}
        <Tabs.Tab title={t('courses.mine')} key="mine" />
      </Tabs>
      <PullToRefresh onRefresh={async () => void (await (tab === 'mine' ? mine : catalogue).refetch())}>
        {content}
      </PullToRefresh>
    </div>
  );
}
