import { App, Button, DatePicker, Form, Input, Modal, Select, Space, Tag, Typography, type UploadFile } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../shared/api.ts';
import { departmentName } from '../../shared/labels.ts';
import { mattersCalls } from '../../shared/query/matters.ts';
import { formatDateTime, zonedWallClockToIso } from '../../shared/time.ts';
import { DEPARTMENTS, type MatterDetail } from '../../shared/types.ts';
import { applyServerFieldErrors } from '../components/formErrors.ts';
import { photoFileList, photosStillUploading, photoTokens, PhotoUpload } from './PhotoUpload.tsx';

/** The desk's actions on a matter (退单, 延期, 协办), shown when the server offers them (allowedActions). */
export const DESK_ACTIONS = ['return', 'request_extension', 'decide_extension', 'add_assist', 'reply_assist'] as const;
type DeskAction = (typeof DESK_ACTIONS)[number];

interface DeskForm {
  reason?: string;
  until?: Dayjs;
  note?: string;
  department?: string;
  task?: string;
  reply?: string;
  assistId?: number;
  photos?: UploadFile[];
}

const FIELDS = ['reason', 'until', 'note', 'department', 'task', 'reply', 'photos'];

export function DeskActions({
  matter,
  onChanged,
}: {
  matter: MatterDetail;
  onChanged: (matter?: MatterDetail) => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<DeskAction | null>(null);
  const actions = DESK_ACTIONS.filter((a) => matter.allowedActions.includes(a));
  if (actions.length === 0) return null;
  return (
    <>
      <Space wrap data-testid="desk-actions">
        {actions.map((action) => (
          <Button key={action} danger={action === 'return'} onClick={() => setOpen(action)}>
            {t(`mattersDesk.actions.${action}`)}
          </Button>
        ))}
      </Space>
      {open && (
        <DeskModal
          key={open}
          action={open}
          matter={matter}
          onClose={() => setOpen(null)}
          onDone={(updated) => {
            setOpen(null);
            onChanged(updated);
          }}
        />
      )}
    </>
  );
}

function DeskModal({
  action,
  matter,
  onClose,
  onDone,
}: {
  action: DeskAction;
  matter: MatterDetail;
  onClose: () => void;
  onDone: (m?: MatterDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<DeskForm>();
  const [saving, setSaving] = useState<string | null>(null);
  const photos = Form.useWatch('photos', form);
  const pending = matter.extensions.find((e) => e.status === 'pending');
  const replyable = matter.assists.filter((a) => a.canReply);

  const send = async (decision: 'grant' | 'refuse' | null) => {
    let values: DeskForm;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(decision ?? 'ok');
    try {
      const [path, body] = ((): [string, unknown] => {
        switch (action) {
          case 'return':
            return ['return', { reason: values.reason?.trim() }];
          case 'request_extension':
            return ['extensions', { until: zonedWallClockToIso(values.until!), reason: values.reason?.trim() }];
          case 'decide_extension':
            return [`extensions/${pending!.id}/${decision}`, { note: values.note?.trim() ?? '' }];
          case 'add_assist':
            return ['assists', { department: values.department, task: values.task?.trim() }];
          case 'reply_assist':
            return [
              `assists/${values.assistId}/reply`,
              { reply: values.reply?.trim(), photos: photoTokens(values.photos) },
            ];
        }
      })();
      const updated = await mattersCalls.act(matter.id, path, body);
      const label = decision ? t(`mattersDesk.forms.${decision}`) : t(`mattersDesk.actions.${action}`);
      message.success(t('mattersDesk.done', { action: label }));
      onDone(updated);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        message.warning(errorMessage(error));
        onDone();
      } else if (!applyServerFieldErrors(form, error, FIELDS)) {
        message.error(errorMessage(error));
      }
    } finally {
      setSaving(null);
    }
  };

  const required = (key: 'reasonRequired' | 'taskRequired' | 'replyRequired') => [
    { required: true, whitespace: true, message: t(`mattersDesk.forms.${key}`) },
  ];
  const title = `${t(`mattersDesk.actions.${action}`)} · ${matter.code}`;
  const footer =
    action === 'decide_extension' ? (
      <Space>
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button danger loading={saving === 'refuse'} onClick={() => void send('refuse')}>
          {t('mattersDesk.forms.refuse')}
        </Button>
        <Button type="primary" loading={saving === 'grant'} onClick={() => void send('grant')}>
          {t('mattersDesk.forms.grant')}
        </Button>
      </Space>
    ) : undefined;

  return (
    <Modal
      open
      title={title}
      okText={t(`mattersDesk.actions.${action}`)}
      okButtonProps={{ danger: action === 'return', loading: saving !== null, disabled: photosStillUploading(photos) }}
      onOk={() => void send(null)}
      onCancel={onClose}
      destroyOnHidden
      width={560}
      {...(footer ? { footer } : {})}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ assistId: replyable[0]?.id }}
        className="gz-action-form"
        data-testid={`desk-form-${action}`}
      >
        {action === 'return' && (
          <Form.Item
            name="reason"
            label={t('mattersDesk.forms.reason')}
            extra={t('mattersDesk.forms.returnHint')}
            rules={required('reasonRequired')}
          >
            <Input.TextArea rows={3} maxLength={500} autoFocus />
          </Form.Item>
        )}
        {action === 'request_extension' && (
          <>
            <Typography.Paragraph type="secondary">
              {t('mattersDesk.forms.currentDue', { due: formatDateTime(matter.dueAt) })}
            </Typography.Paragraph>
            <Form.Item
              name="until"
              label={t('mattersDesk.forms.until')}
              rules={[{ required: true, message: t('mattersDesk.forms.untilRequired') }]}
            >
              <DatePicker
                showTime={{ format: 'HH:mm' }}
                format="YYYY-MM-DD HH:mm"
                disabledDate={(d) => Boolean(matter.dueAt) && d.isBefore(dayjs(matter.dueAt), 'day')}
              />
            </Form.Item>
            <Form.Item name="reason" label={t('mattersDesk.forms.reason')} rules={required('reasonRequired')}>
              <Input.TextArea rows={3} maxLength={500} />
            </Form.Item>
          </>
        )}
        {action === 'decide_extension' && pending && (
          <>
            <Typography.Paragraph>
              {t('mattersDesk.extensions.until', { until: formatDateTime(pending.until) })}
              <br />
              {pending.reason}
              <br />
              <Typography.Text type="secondary">
                {t('mattersDesk.extensions.by', {
                  name: pending.requestedBy.name,
                  at: formatDateTime(pending.requestedAt),
                })}
              </Typography.Text>
            </Typography.Paragraph>
            <Form.Item name="note" label={t('mattersDesk.forms.decisionNote')}>
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          </>
        )}
        {action === 'add_assist' && (
          <>
            <Form.Item
              name="department"
              label={t('mattersDesk.forms.department')}
              rules={[{ required: true, message: t('mattersDesk.forms.departmentRequired') }]}
            >
              <Select
                options={DEPARTMENTS.filter((d) => !(matter.level === 'department' && matter.department === d)).map(
                  (d) => ({ value: d, label: departmentName(t, d) }),
                )}
              />
            </Form.Item>
            <Form.Item name="task" label={t('mattersDesk.forms.task')} rules={required('taskRequired')}>
              <Input.TextArea rows={3} maxLength={500} />
            </Form.Item>
          </>
        )}
        {action === 'reply_assist' && (
          <>
            <Form.Item name="assistId" label={t('mattersDesk.forms.department')} rules={[{ required: true }]}>
              <Select
                options={replyable.map((a) => ({ value: a.id, label: `${a.departmentName} · ${a.task.slice(0, 30)}` }))}
              />
            </Form.Item>
            <Form.Item name="reply" label={t('mattersDesk.forms.reply')} rules={required('replyRequired')}>
              <Input.TextArea rows={4} maxLength={2000} />
            </Form.Item>
            <Form.Item
              name="photos"
              label={t('mattersDesk.forms.photos')}
              valuePropName="value"
              getValueFromEvent={photoFileList}
            >
              <PhotoUpload />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}

const EXTENSION_COLORS = { pending: 'orange', granted: 'green', refused: 'red', lapsed: 'default' } as const;
const ASSIST_COLORS = { open: 'orange', answered: 'green', unanswered: 'default' } as const;

/** The matter's requests for more time and its assisting units, for the detail page. */
export function DeskPanels({ matter }: { matter: MatterDetail }) {
  const { t } = useTranslation();
  if (matter.extensions.length === 0 && matter.assists.length === 0) return null;
  return (
    <section className="gz-matter-desk" data-testid="matter-desk">
      {matter.assists.length > 0 && (
        <>
          <Typography.Title level={5}>{t('mattersDesk.assists.title')}</Typography.Title>
          <ul className="gz-desk-list" data-testid="matter-assists">
            {matter.assists.map((a) => (
              <li key={a.id}>
                <Space wrap>
                  <strong>{a.departmentName}</strong>
                  <Tag color={ASSIST_COLORS[a.status]}>{t(`mattersDesk.assists.status.${a.status}`)}</Tag>
                </Space>
                <div>{t('mattersDesk.assists.task', { task: a.task })}</div>
                {a.reply && (
                  <div>
                    {t('mattersDesk.assists.reply', { reply: a.reply })}{' '}
                    <Typography.Text type="secondary">
                      {t('mattersDesk.assists.by', { name: a.repliedBy?.name ?? '', at: formatDateTime(a.repliedAt) })}
                    </Typography.Text>
                  </div>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {matter.extensions.length > 0 && (
        <>
          <Typography.Title level={5}>{t('mattersDesk.extensions.title')}</Typography.Title>
          <ul className="gz-desk-list" data-testid="matter-extensions">
            {matter.extensions.map((e) => (
              <li key={e.id}>
                <Space wrap>
                  <strong>{t('mattersDesk.extensions.until', { until: formatDateTime(e.until) })}</strong>
                  <Tag color={EXTENSION_COLORS[e.status]}>{t(`mattersDesk.extensions.status.${e.status}`)}</Tag>
                </Space>
                <div>{e.reason}</div>
                <Typography.Text type="secondary">
                  {t('mattersDesk.extensions.by', { name: e.requestedBy.name, at: formatDateTime(e.requestedAt) })}
                  {e.decidedBy &&
                    ` · ${t('mattersDesk.extensions.decided', { name: e.decidedBy.name, at: formatDateTime(e.decidedAt) })}`}
                  {e.decisionNote && ` · ${e.decisionNote}`}
                </Typography.Text>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
