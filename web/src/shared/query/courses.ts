import { queryOptions } from '@tanstack/react-query';
import { api } from '../api.ts';
import type {
  AdminCourseList,
  Certificate,
  CertificateList,
  CheckInCode,
  CourseDetail,
  CourseFigures,
  CourseInput,
  CourseList,
  CourseSession,
  MyCourses,
  SessionInput,
} from '../courses.ts';

/** Courses (骑士学院, 党群夜校). Every key starts with coursesKeys.all. */
export const coursesKeys = {
  all: ['courses'] as const,
  catalogue: (category: string, language: string) => [...coursesKeys.all, 'catalogue', category, language] as const,
  course: (id: number) => [...coursesKeys.all, 'one', id] as const,
  mine: () => [...coursesKeys.all, 'mine'] as const,
  certificates: () => [...coursesKeys.all, 'certificates', 'mine'] as const,
  admin: () => [...coursesKeys.all, 'admin'] as const,
  code: (sessionId: number) => [...coursesKeys.all, 'code', sessionId] as const,
};

export const coursesQueries = {
  catalogue: (category: string, language: string) =>
    queryOptions({
      queryKey: coursesKeys.catalogue(category, language),
      queryFn: ({ signal }) => api.get<CourseList>('/api/courses', category ? { category } : undefined, signal),
    }),
  course: (id: number) =>
    queryOptions({
      queryKey: coursesKeys.course(id),
      queryFn: ({ signal }) => api.get<CourseDetail>(`/api/courses/${id}`, undefined, signal),
    }),
  mine: () =>
    queryOptions({
      queryKey: coursesKeys.mine(),
      queryFn: ({ signal }) => api.get<MyCourses>('/api/courses/mine', undefined, signal),
    }),
  certificates: () =>
    queryOptions({
      queryKey: coursesKeys.certificates(),
      queryFn: ({ signal }) => api.get<CertificateList>('/api/courses/certificates/mine', undefined, signal),
    }),
  adminCourses: () =>
    queryOptions({
      queryKey: [...coursesKeys.admin(), 'courses'],
      queryFn: ({ signal }) => api.get<AdminCourseList>('/api/courses/admin/courses', undefined, signal),
    }),
  adminFigures: () =>
    queryOptions({
      queryKey: [...coursesKeys.admin(), 'figures'],
      queryFn: ({ signal }) => api.get<CourseFigures>('/api/courses/admin/figures', undefined, signal),
    }),
  adminCertificates: () =>
    queryOptions({
      queryKey: [...coursesKeys.admin(), 'certificates'],
      queryFn: ({ signal }) => api.get<CertificateList>('/api/courses/admin/certificates', undefined, signal),
    }),
  /** The staff screen's code, fetched again when it changes. */
  code: (sessionId: number) =>
    queryOptions({
      queryKey: coursesKeys.code(sessionId),
      queryFn: ({ signal }) => api.get<CheckInCode>(`/api/courses/sessions/${sessionId}/code`, undefined, signal),
      refetchInterval: (q) =>
        q.state.data ? Math.max(1000, new Date(q.state.data.expiresAt).getTime() - Date.now() + 200) : false,
    }),
};

/** What a learner and staff do; callers invalidate coursesKeys.all after. */
export const coursesActions = {
  signUp: (sessionId: number) => api.post<{ ok: true }>(`/api/courses/sessions/${sessionId}/signup`),
  checkIn: (sessionId: number, code: string) =>
    api.post<{ ok: true }>(`/api/courses/sessions/${sessionId}/check-in`, { code }),
  startLesson: (courseId: number) => api.post<CourseDetail>(`/api/courses/${courseId}/lesson/start`),
  report: (courseId: number, segments: Array<[number, number]>) =>
    api.post<CourseDetail>(`/api/courses/${courseId}/lesson/progress`, { segments }),
  quiz: (courseId: number, answers: number[]) => api.post<CourseDetail>(`/api/courses/${courseId}/quiz`, { answers }),
  create: (body: CourseInput) => api.post<CourseDetail>('/api/courses', body),
  createSession: (courseId: number, body: SessionInput) =>
    api.post<CourseSession>(`/api/courses/${courseId}/sessions`, body),
  revoke: (id: number, reason: string) => api.post<Certificate>(`/api/courses/certificates/${id}/revoke`, { reason }),
};
