/** API shapes of /api/courses (server/src/modules/courses/schema.ts). */
import type { CoursesApi, CoursesInput } from '@gongzhi/server/api';

export type CourseCard = CoursesApi['CourseCard'];
export type CourseList = CoursesApi['CourseList'];
export type CourseDetail = CoursesApi['CourseDetail'];
export type CourseProgress = CoursesApi['ProgressView'];
export type CourseSession = CoursesApi['SessionView'];
export type MyCourses = CoursesApi['MyCourses'];
export type CheckInCode = CoursesApi['CodeView'];
export type Certificate = CoursesApi['CertificateView'];
export type CertificateList = CoursesApi['CertificateList'];
export type AdminCourseList = CoursesApi['AdminCourseList'];
export type CourseFigures = CoursesApi['FiguresView'];
export type CourseStars = CoursesApi['StarsView'];
export type CourseInput = CoursesInput['CourseBody'];
export type SessionInput = CoursesInput['SessionBody'];
export type CourseCategory = CoursesApi['Category'];

/** The lesson player reports what it played every this many seconds (a heartbeat). */
export const HEARTBEAT_SECONDS = 10;
