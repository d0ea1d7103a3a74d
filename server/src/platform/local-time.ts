/**
 * Wall-clock time in a time zone (the TIME_ZONE setting), with Intl only: what local day
 * and time an instant falls on, and which instant a local day and time is. Rules that
 * speak of "by 09:00" or "the valley band from 22:00" go through these.
 */

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string) {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(timeZone, f);
  }
  return f;
}

/** The local calendar fields of an instant. */
function fields(at: Date, timeZone: string) {
  const parts: Record<string, number> = {};
  for (const p of formatFor(timeZone).formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** How far the zone is ahead of UTC at an instant, in ms. */
export function offsetAt(at: Date, timeZone: string): number {
  const f = fields(at, timeZone);
  const asUtc = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The local date ('YYYY-MM-DD') and time of day (seconds since local midnight) of an instant. */
export function localParts(at: Date, timeZone: string): { date: string; seconds: number; time: string } {
  const f = fields(at, timeZone);
  return {
    date: `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}`,
    seconds: f.hour * 3600 + f.minute * 60 + f.second,
    time: `${pad(f.hour)}:${pad(f.minute)}`,
  };
}

/** 'HH:MM' or 'HH:MM:SS' → seconds since midnight ('24:00' is the end of the day). */
export function timeToSeconds(time: string): number {
  const [h = 0, m = 0, s = 0] = time.split(':').map(Number);
  return h * 3600 + m * 60 + s;
}

/** The instant of a local date and time of day (seconds since local midnight; may be 86400 or more). */
export function localInstant(date: string, seconds: number, timeZone: string): Date {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, mo - 1, d) + seconds * 1000;
  // The offset at the guessed instant, then again at the corrected one (around a DST change).
  let at = wall - offsetAt(new Date(wall), timeZone);
  at = wall - offsetAt(new Date(at), timeZone);
  return new Date(at);
}

/** A date some days before or after another ('YYYY-MM-DD'). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The same day some months on ('YYYY-MM-DD'); a day the month lacks becomes its last (31 Jan + 1 month → 28 or 29 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, lastDay))).toISOString().slice(0, 10);
}

/** The day of the week of a date ('YYYY-MM-DD'): 0 for Sunday to 6 for Saturday. */
export function weekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** An instant as local ISO 8601 with the zone's offset at that instant (2026-11-20T10:00:00+08:00). */
export function localDateTime(at: Date, timeZone: string): string {
  const f = fields(at, timeZone);
  const offset = Math.round(offsetAt(at, timeZone) / 60_000);
  const sign = offset < 0 ? '-' : '+';
  return `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}T${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}
