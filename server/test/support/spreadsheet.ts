/**
 * How an export writes an API time (ISO): local time in the tests' TIME_ZONE (Asia/Shanghai)
 * to the minute, 'YYYY-MM-DD HH:mm'; null stays an empty cell. Written here independently of
 * the server's own helper, so the tests check it rather than repeat it.
 */
export const localMinute = (iso: string | null) =>
  iso
    ? new Intl.DateTimeFormat('sv-SE', {
        timeZone: 'Asia/Shanghai',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hour12: false,
      }).format(new Date(iso))
    : null;
