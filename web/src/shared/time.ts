import dayjs, { type Dayjs } from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import 'dayjs/locale/zh-cn';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Times are stored in UTC and shown in the time zone of the place, whatever the browser's. */
let zone = 'Asia/Shanghai';

export function setTimeZone(timeZone: string) {
  zone = timeZone;
}

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).tz(zone).format('YYYY-MM-DD HH:mm:ss') : '—';
}

/** A wall-clock time picked in the UI, read as a time in the place's zone, as ISO UTC. */
export function zonedWallClockToIso(value: Dayjs): string {
  return dayjs.tz(value.format('YYYY-MM-DDTHH:mm:ss'), zone).toISOString();
}

/** A wall-clock 'YYYY-MM-DDTHH:mm' typed in a form (input type datetime-local), read in the place's zone, as ISO UTC. */
export function zonedLocalToIso(local: string): string {
  return dayjs.tz(local, zone).toISOString();
}

/** The hour in the place's zone, for greetings. */
export function zonedHour(now: Date = new Date()): number {
  return dayjs(now).tz(zone).hour();
}

export function setDayjsLocale(locale: 'zh-CN' | 'en') {
  dayjs.locale(locale === 'en' ? 'en' : 'zh-cn');
}

/** The local date (YYYY-MM-DD) in the place's zone. */
export function zonedDate(now: Date = new Date()): string {
  return dayjs(now).tz(zone).format('YYYY-MM-DD');
}
