import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((v) => (v === undefined ? fallback : ['true', '1', 'yes'].includes(v)));

/** The time zone of calendar rules and local times when TIME_ZONE is not set. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const int = (fallback: number, min: number, max: number) =>
  z.coerce
    .number()
    .int()
    .min(min)
    .max(max)
    .optional()
    .transform((v) => v ?? fallback);

/** A JSON object in a setting, each of its values checked; `expected` says what it should be. */
const jsonRecord = <T extends z.ZodTypeAny>(fallback: string, value: T, expected: string) =>
  z
    .string()
    .default(fallback)
    .transform((v, ctx): Record<string, z.infer<T>> => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(v);
      } catch {}
      const checked = z.record(z.string(), value).safeParse(parsed);
      if (checked.success) return checked.data;
      ctx.addIssue({ code: 'custom', message: expected });
      return z.NEVER;
    });

/**
 * Every setting of the server, read from the environment once at start.
 * The README's settings table lists the same names; keep the two in step.
 */
const ConfigSchema = z.object({
  PORT: int(3000, 0, 65535).describe('HTTP port'),
  HOST: z.string().default('0.0.0.0').describe('Interface to listen on'),
  DATABASE_URL: z
    .string()
    .url()
    .optional()
    .describe('PostgreSQL URL; without it the embedded PGlite database under DATA_DIR is used'),
  DATABASE_READ_URL: z
    .string()
    .url()
    .optional()
    .describe(
      'A PostgreSQL replica for reads that may lag a few seconds (statistics, the cockpit, exports); without it they read DATABASE_URL',
    ),
  RATE_LIMIT_STORE: z
    .enum(['auto', 'memory', 'database'])
    .default('auto')
    .describe(
      'Where rate limits count: database (all server processes together), memory (each process alone); auto: database on PostgreSQL, memory on the embedded database',
    ),
  DATA_DIR: z.string().default('./data').describe('Where the embedded database and uploads live'),
  DB_POOL_SIZE: int(10, 1, 200).describe('PostgreSQL connections per server process'),
  DB_CONNECTION_WAIT_MS: int(5000, 100, 600_000).describe(
    'How long a request may wait for a database connection before it is refused with 503 (both databases)',
  ),
  DB_STATEMENT_TIMEOUT_MS: int(30_000, 0, 3_600_000).describe(
    'PostgreSQL statement_timeout for the server’s connections, in ms (0: none)',
  ),
  SEED_DEMO: z
    .enum(['auto', 'true', 'false'])
    .default('auto')
    .describe('auto: seed demo data into an empty embedded database only; true: also into DATABASE_URL; false: never'),
  SESSION_TTL_HOURS: int(12, 1, 24 * 30).describe('How long a login session lasts'),
  SESSION_CACHE_SECONDS: int(5, 0, 300).describe(
    'How long a server process reuses a looked-up session (0: look up every request)',
  ),
  COOKIE_SECURE: bool(false).describe('Mark cookies Secure (set when served over HTTPS)'),
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v): boolean | number | string[] => {
      if (v === '' || v === 'false' || v === '0') return false;
      // 'true' trusts one proxy hop only: trusting every hop would let a client name its own IP.
      if (v === 'true') return 1;
      if (/^\d+$/.test(v)) return Number(v);
      return v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    })
    .describe(
      'Reverse proxies to trust for X-Forwarded-For: false, a number of hops, or IPs/CIDRs separated by commas',
    ),
  LOGIN_MAX_FAILURES: int(5, 1, 100).describe(
    'Failed sign-ins (or current-password guesses) in a row from one source address before that source is locked out of the account',
  ),
  LOGIN_LOCK_MINUTES: int(15, 1, 24 * 60).describe('How long a source stays locked out of an account'),
  LOGIN_SLOWDOWN_AFTER: int(20, 1, 100_000).describe(
    'Failed sign-ins to an account from all sources before each further attempt must wait (1 s, doubling)',
  ),
  LOGIN_SLOWDOWN_MAX_SECONDS: int(60, 1, 3600).describe('The longest wait between attempts on a slowed-down account'),
  LOGIN_RATE_LIMIT_PER_MINUTE: int(20, 1, 10_000).describe('Login attempts per client IP per minute'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_REQUESTS: z
    .enum(['true', 'false'])
    .default('false')
    .describe(
      'Log every HTTP request and its answer at info: true in production behind a log collector; on a terminal they bury the rest (errors are logged either way)',
    ),
  DEFAULT_LOCALE: z.enum(['zh-CN', 'en']).default('zh-CN'),
  TIME_ZONE: z
    .string()
    .default(DEFAULT_TIME_ZONE)
    .describe("Time zone for display and calendar rules, and where a day's bucket of device readings starts"),
  MAP_TILE_URL: z
    .string()
    .default('')
    .describe('Optional map tile URL template ({z}/{x}/{y}); empty draws grids on a blank canvas'),
  MAP_TILE_COORD: z
    .enum(['wgs84', 'gcj02'])
    .default('wgs84')
    .describe('Coordinate system of the tiles; gcj02 for Chinese providers (AMap, Tencent)'),
  MAP_TIANDITU_KEY: z
    .string()
    .default('')
    .describe(
      '天地图 (lbs.tianditu.gov.cn) browser key; when set, maps use its vector tiles and annotations (WGS-84/CGCS2000) instead of MAP_TILE_URL',
    ),
  MAP_ATTRIBUTION: z
    .string()
    .default('')
    .describe("Attribution shown on maps; empty: 天地图's own (with its 审图号) when 天地图 is used, none otherwise"),
  IMPORT_MAX_BYTES: int(20 * 1024 * 1024, 1024, 512 * 1024 * 1024).describe('Largest CSV upload'),
  IMPORT_MAX_ROWS: int(200_000, 1, 5_000_000).describe('Most rows in one CSV import'),
  EXPORT_MAX_ROWS: int(200_000, 1, 5_000_000).describe('Most rows in one export (导出) to Excel'),
  EXPORT_TTL_HOURS: int(72, 1, 24 * 90).describe('How long a finished export file is kept for download'),
  REPORT_FONT_PATH: z
    .string()
    .default('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc')
    .describe(
      'A CJK font file (.ttf, .otf or .ttc) for the monthly reports’ PDF (月度通报); without it the HTML is still made and the PDF is refused with the reason',
    ),
  REPORT_FONT_NAME: z
    .string()
    .default('NotoSansCJKsc-Regular')
    .describe('The face to take from a font collection (.ttc), by its PostScript name; ignored for a single font'),
  MEDIA_MAX_BYTES: int(10 * 1024 * 1024, 1024, 100 * 1024 * 1024).describe('Largest photo upload, in bytes'),
  MEDIA_MAX_PIXELS: int(40_000_000, 10_000, 500_000_000).describe(
    'Largest photo in pixels (width × height); stops decompression bombs',
  ),
  CARE_ESCALATE_MINUTES: int(30, 1, 24 * 60).describe(
    'A missed care check not acknowledged within this many minutes goes to the next helper, then the grid workers',
  ),
  FIELD_MAX_ACCURACY_M: int(100, 1, 10_000).describe(
    'A patrol location sample less accurate than this (metres) is kept but left out of the distance',
  ),
  FIELD_PATROL_MAX_HOURS: int(12, 1, 48).describe(
    'A patrol left open this many hours is closed by itself, at its last recorded sample or check-in',
  ),
  NOTICES_ELDER_VISIT_AFTER_HOURS: z.coerce
    .number()
    .min(0.005)
    .max(24 * 14)
    .default(24)
    .describe(
      'An elder living alone (elderly_alone) who has not acknowledged an anti-fraud notice this many hours after it was sent becomes a visit task for their grid worker (a notice may set its own)',
    ),
  SUPERVISION_RED_AFTER_HOURS: int(24, 1, 24 * 90).describe(
    'A supervision order (督办) this many hours past its deadline with the gap open gets a red card; it turns yellow only when the gap closes',
  ),
  CREDIT_BASE_SCORE: int(80, 0, 100).describe(
    'Merchant credit (商户信用分): the score a merchant has before any evidence; each evidence line adds or takes its decayed points',
  ),
  SUPERVISION_REMIND_MINUTES: int(10, 1, 24 * 60).describe(
    'A supervision order is reminded (催办) at most once in this many minutes',
  ),
  CHARGING_FULL_CHARGE_WH: int(1000, 1, 200_000).describe(
    'Energy (Wh) a charging session must deliver to count as a full charge in the station averages (e-bike ≈ 1000)',
  ),
  CHARGING_MIN_START_BALANCE_FEN: int(200, 0, 100_000).describe(
    'The prepaid balance (fen) a resident or courier needs to start a charge by scanning a port',
  ),
  CHARGING_MAX_BALANCE_FEN: int(50_000, 100, 10_000_000).describe(
    'The most a prepaid charging balance may hold (fen); a top-up past it is refused',
  ),
  PUBLIC_URL: z
    .string()
    .url()
    .optional()
    .describe('The address users reach the server at, for links given to other systems (Open311 discovery)'),
  POINTS_VOUCHER_DAYS: int(30, 1, 3650).describe('How long a voucher stays valid; unredeemed, its points return'),
  SERIES_HORIZON_DAYS: int(60, 1, 366).describe(
    'Recurring activities: how many days ahead their occurrences are created as activities (daily job)',
  ),
  // Monthly minimum wage of the first band (一类/一档), in fen, per city as the org tree names it.
  // 杭州市 2490 元: 浙江省人民政府《关于调整全省最低工资标准的通知》(effective 2025-01-01, first band);
  // 合肥市 2060 元: 安徽省人民政府《关于调整全省最低工资标准的通知》(first band, 合肥市区).
  // Both as recalled from the provincial notices: an operator confirms the current figure and sets it here.
  RIGHTS_MINIMUM_WAGES: jsonRecord(
    '{"杭州市":249000,"合肥市":206000}',
    z.number().int().positive(),
    'a JSON object of city name to monthly minimum wage in fen',
  ).describe(
    'Monthly minimum wage per city in fen (JSON, city name as in the org tree → fen); 12 × it decides whether an arbitration award is final for the employer (劳动争议调解仲裁法 art. 47)',
  ),
  RIGHTS_DEFAULT_MINIMUM_WAGE_FEN: int(249_000, 1, 10_000_000).describe(
    'Monthly minimum wage in fen for a city missing from RIGHTS_MINIMUM_WAGES',
  ),
  // Hourly minimum wage (非全日制小时最低工资) of the first band, in fen, per city: what odd-job
  // postings paid by the hour, day or piece are checked against. 杭州市 22 元 and 合肥市 21 元 are
  // placeholders TO CONFIRM against the current provincial notices before use.
  RIGHTS_HOURLY_MINIMUM_WAGES: jsonRecord(
    '{"杭州市":2200,"合肥市":2100}',
    z.number().int().positive(),
    'a JSON object of city name to hourly minimum wage in fen',
  ).describe(
    'Hourly minimum wage per city in fen (JSON, city name as in the org tree → fen); odd-job postings paid by the hour, day (× 8) or piece are refused below it',
  ),
  RIGHTS_DEFAULT_HOURLY_MINIMUM_FEN: int(2200, 1, 1_000_000).describe(
    'Hourly minimum wage in fen for a city missing from RIGHTS_HOURLY_MINIMUM_WAGES',
  ),
  ODDJOBS_EXPOSURE_CAP: int(200, 1, 1_000_000).describe(
    'Odd-job market: distinct seekers a posting is shown to (match lists and notices) per local day',
  ),
  ODDJOBS_NOTIFY_LIMIT: int(50, 0, 10_000).describe(
    'Odd-job market: matched seekers told of a new posting at once, at most (best matches first)',
  ),
  ODDJOBS_QR_MINUTES: int(5, 1, 1440).describe(
    'Odd-job market: how long a check-in or check-out QR code shown at the work site stays valid',
  ),
  ODDJOBS_HELP_WAITING_DAYS: int(30, 1, 3650).describe(
    'Odd-job market: days since a seeker registered, with no hire, after which they are in the staff help queue (重点帮扶) as long waiting',
  ),
  ODDJOBS_QR_SECRET: z
    .string()
    .default('')
    .describe(
      'Odd-job market: the key check-in codes are signed with (HMAC-SHA256); empty: a random key made once and kept in the database (platform.secrets), the same for every process',
    ),
  RIGHTS_SLOT_MINUTES: int(30, 10, 240).describe(
    'Default length of a bookable consultation slot with the lawyer or counsellor on duty (minutes)',
  ),
  COURSES_SIGNING_KEY: z
    .string()
    .default('')
    .describe(
      'Ed25519 private key (PKCS#8 PEM) that signs training certificates; empty: one made on first use and kept in the database, the same for every process',
    ),
  COURSES_ISSUER_NAME: z
    .string()
    .min(1)
    .default('共治骑士学院')
    .describe('The issuer named on certificates and in their credentials'),
  COURSES_CODE_SECONDS: int(45, 10, 600).describe(
    "How long a session's check-in code lasts before the staff screen shows the next (the previous one is still accepted)",
  ),
  COURSES_COMPLETION_PERCENT: int(90, 1, 100).describe(
    'The share of an online lesson, in percent, that must have been actually watched (merged intervals) to complete it',
  ),
  COURSES_MAX_PLAYBACK_RATE: z.coerce
    .number()
    .min(1)
    .max(4)
    .default(2)
    .describe(
      'The fastest playback a lesson report may claim: each report counts at most the wall-clock time since the last × this',
    ),
  POINTS_CORRECTION_MAX: int(5000, 1, 1_000_000).describe(
    'The most points one correction by staff may give or take back',
  ),
  POINTS_CORRECTION_APPROVAL_ABOVE: int(200, 0, 1_000_000).describe(
    'Corrections of more points than this wait for a second member of staff to approve them',
  ),
  POINTS_EXPIRY_YEARS: int(1, 0, 50).describe(
    'Points expire at the end of this many years after the year earned (1: end of the following year; 0: never)',
  ),
  MQTT_URL: z
    .string()
    .url()
    .optional()
    .describe(
      'External MQTT broker to take device telemetry from (mqtt://user:pass@host:1883); without it an embedded broker listens on MQTT_PORT',
    ),
  MQTT_PORT: int(1883, 0, 65535).describe(
    'Port of the embedded MQTT broker for devices (without MQTT_URL); 0 picks a free one',
  ),
  MQTT_HOST: z.string().default('0.0.0.0').describe('Interface the embedded MQTT broker listens on'),
  MQTT_ENABLED: bool(true).describe('Run the device gateway (embedded broker or subscription) in this process'),
  MQTT_CLIENT_ID: z
    .string()
    .min(1)
    .max(128)
    .default('gongzhi-server')
    .describe(
      'Client id of the subscription to MQTT_URL; its persistent session keeps messages while the server is down',
    ),
  MQTT_TOPIC: z
    .string()
    .default('gongzhi/devices/+/telemetry')
    .describe(
      'Subscription on MQTT_URL; with several servers use a shared one, e.g. $share/gongzhi/gongzhi/devices/+/telemetry',
    ),
  READINGS_RETENTION_DAYS: int(90, 1, 3650).describe('Days of readings kept; older daily partitions are dropped'),
  ACCESS_SIGNING_KEY: z
    .string()
    .default('')
    .describe(
      'Ed25519 private key (PKCS#8 PEM) that signs visitor passes (QR, EdDSA JWT) for gates to check offline; empty: one made on first use and kept in the database (platform.secrets), the same for every process',
    ),
  ACCESS_ENTRY_RETENTION_DAYS: int(90, 1, 3650).describe(
    'Days of gate entry records kept; older daily partitions are dropped (hourly job)',
  ),
  ACCESS_NO_MOVEMENT_DAYS: int(3, 1, 60).describe(
    'An elder living alone (tag elderly_alone) registered at the gates and seen at no gate for this many days becomes a care check, once per absence',
  ),
  ACCESS_PASS_MAX_DAYS: int(7, 1, 30).describe('Longest a visitor pass may be valid, in days'),
  INGEST_BATCH_ROWS: int(5000, 1, 100_000).describe('Readings written in one batch at most'),
  INGEST_FLUSH_MS: int(50, 1, 5000).describe(
    'Longest a reading waits in memory before its batch is written (and acknowledged)',
  ),
  INGEST_FLUSH_CONCURRENCY: int(2, 1, 16).describe('Batches written at once on PostgreSQL (PGlite: 1)'),
  DEVICE_METRICS_MAX: int(200, 1, 30_000).describe(
    'Distinct metric names devices may use in all; a message that would add one more is refused (too_many_metrics)',
  ),
  DEVICES_OFFLINE_MINUTES: int(30, 1, 10_080).describe(
    'A device with no absence rule is marked offline after this many silent minutes',
  ),
  MESSAGES_PROVIDER: z
    .enum(['log', 'aliyun', 'tencent'])
    .default('log')
    .describe(
      'Who sends SMS and voice calls: log (written to the log and kept for the 短信日志 page of a development server), aliyun or tencent',
    ),
  MESSAGES_TEMPLATES: jsonRecord('{}', z.string().min(1), 'a JSON object of message kind to template id').describe(
    'The provider\'s approved template per message kind, as JSON: {"verify_code":"SMS_123","alarm_call":"TTS_456",…}; kinds without one are refused',
  ),
  MESSAGES_MAX_ATTEMPTS: int(5, 1, 20).describe(
    'Tries of a message the provider failed to take (server errors, time-outs), backing off 1, 2, 4 … minutes; refusals are not retried',
  ),
  MESSAGES_PER_PHONE_PER_HOUR: int(10, 1, 1000).describe(
    'Messages to one phone number in an hour at most (critical alarms and sign-in codes are counted by their own rules)',
  ),
  ALIYUN_ACCESS_KEY_ID: z.string().default('').describe('Alibaba Cloud AccessKey ID (MESSAGES_PROVIDER=aliyun)'),
  ALIYUN_ACCESS_KEY_SECRET: z.string().default('').describe('Alibaba Cloud AccessKey secret'),
  ALIYUN_SMS_SIGN_NAME: z.string().default('').describe('Approved SMS signature (签名) on Alibaba Cloud'),
  ALIYUN_CALLED_SHOW_NUMBER: z
    .string()
    .default('')
    .describe('The number voice calls show on Alibaba Cloud (empty: the platform’s public one)'),
  TENCENT_SECRET_ID: z.string().default('').describe('Tencent Cloud SecretId (MESSAGES_PROVIDER=tencent)'),
  TENCENT_SECRET_KEY: z.string().default('').describe('Tencent Cloud SecretKey'),
  TENCENT_SMS_APP_ID: z.string().default('').describe('Tencent Cloud SMS SdkAppId'),
  TENCENT_SMS_SIGN_NAME: z.string().default('').describe('Approved SMS signature (签名) on Tencent Cloud'),
  TENCENT_VOICE_APP_ID: z.string().default('').describe('Tencent Cloud voice-message VoiceSdkAppid (for calls)'),
  TENCENT_REGION: z.string().default('ap-guangzhou').describe('Tencent Cloud region of the SMS API'),
  PHONE_CODE_TTL_MINUTES: int(5, 1, 30).describe('How long an SMS sign-in code stays valid'),
  PHONE_CODE_PER_PHONE_PER_HOUR: int(5, 1, 100).describe(
    'SMS codes one phone number may be sent in an hour (and one a minute at most)',
  ),
  PHONE_CODE_PER_IP_PER_HOUR: int(20, 1, 10_000).describe('SMS codes asked for from one address in an hour'),
  ALARM_CALL_STEP_MINUTES: int(3, 1, 60).describe(
    'A critical alarm nobody has acknowledged calls the next person of its chain (grid worker, 包楼党员, fire station) after this many minutes',
  ),
  BIND_ATTEMPTS_PER_HOUR: int(5, 1, 100).describe(
    'Tries of real-name binding (name and ID number) one account has in an hour',
  ),
  STATS_REPEAT_DAYS: int(30, 1, 365).describe(
    'Matter statistics: a report repeats (重复诉求) one made by the same person, or at the same place (H3 cell, about 170 m) and category, within this many days; decided when a report arrives, and a change rebuilds the flags at the next start',
  ),
  FOLLOW_UP_DUE_HOURS: int(24, 0, 720).describe(
    'Satisfaction follow-up (回访): a closed matter’s follow-up is due this many hours after it closed (the reporter is told at once)',
  ),
  FOLLOW_UP_OVERDUE_HOURS: int(72, 1, 2160).describe(
    'Satisfaction follow-up: and shows as overdue in the queue (待回访) this many hours after the matter closed',
  ),
  STATS_QUERY_CONCURRENCY: int(3, 1, 32).describe(
    'Matter statistics: how many queries one request runs at once; the rest wait their turn, so that a few people reading statistics together share the database pool (DB_POOL_SIZE) instead of one request taking it all',
  ),
  PUBLIC_PAGES_CACHE_SECONDS: int(30, 0, 3600).describe(
    "Public pages (公示, /p/): how long a community's public page and the index are kept in memory and may be cached by browsers and proxies (Cache-Control max-age); 0 turns the cache off",
  ),
  PUBLIC_RATE_LIMIT_PER_MINUTE: int(600, 0, 1_000_000).describe(
    'Public pages (公示, /p/): requests per client IP per minute to the public API (then 429), so that no one copies the pages wholesale or loads the server; generous, since a whole community may share one carrier address; 0 turns it off',
  ),
  SERVICE_MAP_DETOUR: z.coerce
    .number()
    .min(1)
    .max(3)
    .default(1.3)
    .describe(
      'Service map: walking distance as a multiple of the straight line (路网绕行系数), when no road graph is loaded; about 1.2–1.4 in cities',
    ),
  SERVICE_MAP_WALK_METRES_PER_MINUTE: int(80, 30, 150).describe(
    'Service map: walking speed in metres per minute, for the 5-, 10- and 15-minute life circles (生活圈)',
  ),
  COCKPIT_RED_DAYS: int(3, 1, 90).describe(
    'Cockpit: this many red days in a row of a community’s indicator (taken each night) open a supervision order (督办) on the community',
  ),
  COCKPIT_ORDER_DAYS: int(7, 1, 90).describe(
    'Cockpit: the deadline, in days, of the supervision order a run of red days opens',
  ),
  WARNING_RISE_THRESHOLD: z.coerce
    .number()
    .min(1)
    .max(20)
    .default(6)
    .describe(
      'Early warning: the CUSUM decision limit for a rise of one grid and category (every 15 minutes); higher warns later and less often. A street has hundreds of such series: at 6 a series of one report a day rises falsely about once in 4 years, so a street of 400 sees well under one false rise a week (docs/PERFORMANCE.md)',
    ),
  WARNING_SCAN_STUDY_DAYS: int(365, 28, 730).describe(
    'Early warning: days of matters the daily space-time scan compares today’s cylinders with (the study period)',
  ),
  WARNING_SCAN_REPLICATIONS: int(999, 99, 9999).describe(
    'Early warning: Monte Carlo replications of the daily scan, for its p-values (999 gives p down to 0.001)',
  ),
  WARNING_SCAN_RECURRENCE_DAYS: int(100, 10, 3650).describe(
    'Early warning: a cluster warns when it would occur by chance less often than once in this many days (recurrence interval)',
  ),
  WARNING_COINCIDENCE_DAYS: int(7, 1, 60).describe(
    'Early warning (数据碰撞): the window of the coincidence rules, e.g. two electric-box alarms and a complaint in one building',
  ),
  WARNING_COINCIDENCE_METRES: int(100, 10, 1000).describe(
    'Early warning (数据碰撞): how far from the building a complaint counts towards a coincidence rule',
  ),
  IDEMPOTENCY_TTL_HOURS: int(48, 1, 24 * 30).describe(
    'How long the first answer to a request with an Idempotency-Key is kept to be replayed (offline phones resend within this)',
  ),
  INVITATION_TTL_DAYS: int(30, 1, 365).describe(
    'How long an invitation code issued by staff (a resident’s, a mobile grid’s, a merchant’s) stays valid',
  ),
  JOBS_ENABLED: bool(true).describe('Run background workers and the scheduler in this process'),
  WEB_DIST: z
    .string()
    .default(path.join(repoRoot, 'web', 'dist'))
    .describe('Built web app to serve at /admin and /h5'),
});

export type Config = z.infer<typeof ConfigSchema>;

export const configDescriptions = Object.fromEntries(
  Object.entries(ConfigSchema.shape).map(([key, schema]) => [key, schema.description ?? '']),
);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const picked = Object.fromEntries(
    Object.keys(ConfigSchema.shape).map((key) => [
      key,
      env[key] === '' && key !== 'MAP_TILE_URL' ? undefined : env[key],
    ]),
  );
  const parsed = ConfigSchema.safeParse(picked);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid settings:\n${lines.join('\n')}`);
  }
  return { ...parsed.data, DATA_DIR: path.resolve(parsed.data.DATA_DIR) };
}
