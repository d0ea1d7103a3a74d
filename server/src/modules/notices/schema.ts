import { z } from 'zod';
import { areaId, id } from '../../platform/input.ts';
import { PageQuery, pageOf } from '../../platform/pagination.ts';
import {
  ACK_METHODS,
  AUDIENCE_ROLES,
  CAP_CATEGORIES,
  CERTAINTIES,
  CHANNELS,
  FRAUD_TYPES,
  MSG_TYPES,
  NOTICE_STATUSES,
  SEVERITIES,
  TASK_STATUSES,
  TOPICS,
  URGENCIES,
} from './tables.ts';

const text = (max: number) => z.string().trim().max(max);
const instant = z.iso.datetime({ offset: true }).describe('An instant, ISO 8601 with its offset');

export const IdParams = z.object({ id });
export const RecipientParams = z.object({ id, recipientId: id });

export const NoticeStatus = z.enum(NOTICE_STATUSES).describe('CAP status: actual, exercise (演练) or test');
export const MsgType = z
  .enum(MSG_TYPES)
  .describe('CAP msgType: alert (new); update and cancel reference an earlier notice and supersede it');
export const Category = z.enum(CAP_CATEGORIES).describe('CAP category (Geo, Met, Safety, Security, … Other)');
export const Topic = z
  .enum(TOPICS)
  .describe('Our topic: anti_fraud 反诈, legal_education 普法, safety, weather, health, community, other');
export const FraudType = z
  .enum(FRAUD_TYPES)
  .describe(
    'For anti_fraud: impersonating_police 冒充公检法, order_brushing 刷单, pig_butchering 杀猪盘, fake_customer_service 冒充客服, online_loan 网络贷款, other 其他',
  );
export const Urgency = z.enum(URGENCIES).describe('CAP urgency');
export const Severity = z.enum(SEVERITIES).describe('CAP severity');
export const Certainty = z.enum(CERTAINTIES).describe('CAP certainty');
export const AudienceRole = z.enum(AUDIENCE_ROLES);
export const Channel = z.enum(CHANNELS).describe('app: in the H5; sms: a message to the phone on file; none: neither');
export const AckMethod = z.enum(ACK_METHODS).describe('app: tapped 我已知晓; phoned or visited: recorded by staff');

export const PublishBody = z
  .object({
    senderId: id.describe('The org unit (community or street) the notice is sent by; in my scope'),
    status: NoticeStatus.default('actual'),
    msgType: MsgType.default('alert'),
    references: id.optional().describe('For update and cancel: the notice it supersedes'),
    category: Category.default('safety'),
    topic: Topic,
    fraudType: FraudType.optional(),
    urgency: Urgency.default('expected'),
    severity: Severity.default('moderate'),
    certainty: Certainty.default('likely'),
    headline: text(80).min(1).describe('CAP headline, ≤ 80 characters'),
    description: text(4000).default(''),
    instruction: text(2000).default('').describe('What to do (e.g. 不转账、不透露验证码，拨打 96110)'),
    areaIds: z.array(id).min(1).max(50).describe('Divisions of the org tree the notice is for, under the sender'),
    audienceRoles: z.array(AudienceRole).max(5).default([]).describe('Users holding these roles in the area'),
    audienceTags: z
      .array(text(40).min(1))
      .max(10)
      .default([])
      .describe('People of the area carrying any of these tags (elderly_alone 独居老人 …)'),
    effective: instant.optional().describe('From when it holds; now when absent'),
    expires: instant,
    visitAfterHours: z
      .number()
      .min(0.005)
      .max(24 * 14)
      .optional()
      .describe(
        'Anti-fraud: an elder living alone who has not acknowledged after this many hours becomes a visit task (NOTICES_ELDER_VISIT_AFTER_HOURS when absent)',
      ),
  })
  .refine((b) => b.msgType === 'alert' || b.references !== undefined, {
    path: ['references'],
    message: 'update and cancel name the notice they supersede',
  })
  .refine((b) => b.msgType !== 'alert' || b.references === undefined, {
    path: ['references'],
    message: 'a new alert references nothing',
  })
  .refine((b) => b.topic === 'anti_fraud' || b.fraudType === undefined, {
    path: ['fraudType'],
    message: 'a fraud type is for anti-fraud notices only',
  })
  .refine((b) => b.audienceRoles.length + b.audienceTags.length > 0 || b.msgType === 'cancel', {
    path: ['audienceTags'],
    message: 'name an audience: roles or person tags',
  });

export const Counts = z.object({
  recipients: z.number(),
  sent: z.number(),
  delivered: z.number(),
  read: z.number(),
  acknowledged: z.number(),
});

export const NoticeView = z.object({
  id: z.number(),
  identifier: z.string().describe('CAP identifier, unique'),
  sender: z.object({ id: z.number(), name: z.string() }),
  sent: z.string(),
  status: NoticeStatus,
  msgType: MsgType,
  references: z.number().nullable(),
  supersededBy: z.number().nullable(),
  current: z.boolean().describe('Not superseded, not a cancel, and not expired'),
  category: Category,
  topic: Topic,
  fraudType: FraudType.nullable(),
  urgency: Urgency,
  severity: Severity,
  certainty: Certainty,
  headline: z.string(),
  description: z.string(),
  instruction: z.string(),
  areas: z.array(z.object({ id: z.number(), name: z.string() })),
  audienceRoles: z.array(z.string()),
  audienceTags: z.array(z.string()),
  effective: z.string(),
  expires: z.string(),
  visitAfterHours: z.number(),
  counts: Counts,
});
export const NoticeList = pageOf(NoticeView);
export const NoticeListQuery = PageQuery.extend({
  areaId,
  topic: Topic.optional(),
  current: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('Only current (true) or only superseded/expired (false)'),
  q: text(40).optional().describe('Search the headline and the identifier'),
});

export const RecipientView = z.object({
  id: z.number(),
  name: z.string().describe('Masked'),
  kind: z.enum(['person', 'user']),
  tags: z.array(z.string()),
  community: z.string(),
  channel: Channel,
  sentAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  readAt: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  ackMethod: AckMethod.nullable(),
  ackBy: z.string().nullable().describe('Who recorded it, for phoned or visited'),
  ackNote: z.string(),
  sends: z.number(),
});
export const RecipientList = pageOf(RecipientView);
export const RecipientQuery = PageQuery.extend({
  state: z
    .enum(['unacknowledged', 'acknowledged'])
    .optional()
    .describe('Only those who have not acknowledged, or only those who have'),
});

export const RecordAckBody = z.object({
  method: z.enum(['phoned', 'visited']),
  note: text(500).default(''),
});
export const ResendResult = z.object({ resent: z.number().describe('Recipients sent to again (not acknowledged)') });

export const MyNoticeView = NoticeView.omit({ counts: true }).extend({
  readAt: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
});
export const MyNoticeList = pageOf(MyNoticeView);

export const TaskStatus = z.enum(TASK_STATUSES);
export const TaskView = z.object({
  id: z.number(),
  notice: z.object({ id: z.number(), headline: z.string(), fraudType: FraudType.nullable() }),
  person: z.object({ id: z.number(), name: z.string().describe('Masked'), address: z.string() }),
  community: z.string(),
  grid: z.string().nullable(),
  status: TaskStatus,
  dueAt: z.string().describe('When the elder should have acknowledged'),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  method: z.enum(['visited', 'phoned']).nullable(),
  note: z.string(),
});
export const TaskList = pageOf(TaskView);
export const TaskQuery = PageQuery.extend({ status: TaskStatus.optional() });
export const CloseTaskBody = z.object({
  method: z.enum(['visited', 'phoned']).describe('visited 上门走访 or phoned 电话告知'),
  note: text(500).default(''),
});
