import { DownOutlined, UpOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Rate,
  Select,
  Space,
  Tag,
  Typography,
  type UploadFile,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../shared/api.ts';
import { levelLabel } from '../../shared/matters.ts';
import { roleLabel } from '../../shared/labels.ts';
import {
  DEPARTMENTS,
  MATTER_LEVELS,
  ROLES,
  type MatterAction,
  type MatterDetail,
  type Role,
} from '../../shared/types.ts';
import { applyServerFieldErrors } from '../components/formErrors.ts';
import { photoFileList, photosStillUploading, photoTokens, PhotoUpload } from './PhotoUpload.tsx';
import { mattersQueries } from '../../shared/query/matters.ts';
import { useQuery } from '@tanstack/react-query';
import { mattersCalls } from '../../shared/query/matters.ts';
import { DESK_ACTIONS, DeskActions } from './DeskActions.tsx';

/** Actions that open a form, in the order the buttons are shown. */
type FormAction = Exclude<MatterAction, 'follow' | 'unfollow' | (typeof DESK_ACTIONS)[number]>;
const BUTTON_ORDER: FormAction[] = [
  'accept',
  'dispatch',
  'start',
  'resolve',
  'reply',
  'close',
  'escalate',
  'merge',
  'reject',
  'rate',
  'reopen',
  'note',
];
/** The next step of the workflow is the primary button. */
const MAIN_STEPS: FormAction[] = ['accept', 'start', 'resolve', 'reply', 'close', 'dispatch'];

interface MatterActionsProps {
  matter: MatterDetail;
  /** After an action: the matter as the server now has it. */
  onChanged: (matter?: MatterDetail) => void;
}

/** One button per action the caller may take now (allowedActions), each with its form. */
export function MatterActions({ matter, onChanged }: MatterActionsProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState<FormAction | null>(null);
  const [following, setFollowing] = useState(false);
  const actions = BUTTON_ORDER.filter((a) => matter.allowedActions.includes(a));
  const primary = MAIN_STEPS.find((a) => actions.includes(a));

  const follow = async (action: 'follow' | 'unfollow') => {
    setFollowing(true);
    try {
      await mattersCalls.actOn(matter.id, action);
      message.success(t('matters.done', { action: t(`matters.actions.${action}`) }));
      onChanged();
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setFollowing(false);
    }
  };

  if (
    actions.length === 0 &&
    !matter.allowedActions.some((a) => a === 'follow' || a === 'unfollow' || DESK_ACTIONS.some((d) => d === a))
  ) {
    return <Typography.Text type="secondary">{t('matters.detail.noActions')}</Typography.Text>;
  }
  return (
    <>
      <Space wrap className="gz-matter-actions" data-testid="matter-actions">
        {actions.map((action) => (
          <Button
            key={action}
            type={action === primary ? 'primary' : 'default'}
            danger={action === 'reject'}
            onClick={() => setOpen(action)}
          >
            {t(`matters.actions.${action}`)}
          </Button>
        ))}
        {(['follow', 'unfollow'] as const)
          .filter((a) => matter.allowedActions.includes(a))
          .map((action) => (
            <Button key={action} type="dashed" loading={following} onClick={() => void follow(action)}>
              {t(`matters.actions.${action}`)}
            </Button>
          ))}
        <DeskActions matter={matter} onChanged={onChanged} />
      </Space>
      {open && (
        <ActionModal
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

interface ActionForm {
  note?: string;
  reason?: string;
  assigneeUserId?: number;
  department?: string;
  intoId?: number;
  adopted?: boolean;
  reply?: string;
  internal?: boolean;
  rating?: number;
  comment?: string;
  photos?: UploadFile[];
}

const FIELDS = [
  'note',
  'reason',
  'assigneeUserId',
  'department',
  'intoId',
  'adopted',
  'reply',
  'internal',
  'rating',
  'comment',
  'photos',
];

function bodyFor(action: FormAction, values: ActionForm): Record<string, unknown> {
  const note = values.note?.trim() ?? '';
  switch (action) {
    case 'accept':
    case 'start':
    case 'close':
      return { note };
    case 'reject':
    case 'reopen':
      return { reason: values.reason?.trim() };
    case 'escalate':
      return { reason: values.reason?.trim(), ...(values.department ? { department: values.department } : {}) };
    case 'dispatch':
      return { assigneeUserId: values.assigneeUserId, note };
    case 'resolve':
      return { note, photos: photoTokens(values.photos) };
    case 'merge':
      return { intoId: values.intoId, note };
    case 'reply':
      return { adopted: values.adopted, reply: values.reply?.trim() };
    case 'rate':
      return { rating: values.rating, comment: values.comment?.trim() ?? '' };
    case 'note':
      return { note, internal: values.internal ?? false, photos: photoTokens(values.photos) };
  }
}

function ActionModal({
  action,
  matter,
  onClose,
  onDone,
}: {
  action: FormAction;
  matter: MatterDetail;
  onClose: () => void;
  onDone: (m?: MatterDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ActionForm>();
  const [saving, setSaving] = useState(false);
  const photos = Form.useWatch('photos', form);

  const submit = async (values: ActionForm) => {
    setSaving(true);
    try {
      const path = action === 'note' ? 'notes' : action;
      const updated = await mattersCalls.act(matter.id, path, bodyFor(action, values));
      message.success(t('matters.done', { action: t(`matters.actions.${action}`) }));
      onDone(updated);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        // Someone got there first: show the matter as it is now.
        message.warning(t('matters.conflict'));
        onDone();
      } else if (!applyServerFieldErrors(form, error, FIELDS)) {
        message.error(errorMessage(error));
      }
    } finally {
      setSaving(false);
    }
  };

  const required = (key: 'reasonRequired' | 'resolveNoteRequired' | 'replyRequired' | 'noteRequired', min = 2) => [
    { required: true, whitespace: true, message: t(`matters.forms.${key}`) },
    { min, message: t(`matters.forms.${key}`) },
  ];

  return (
    <Modal
      open
      title={`${t(`matters.actions.${action}`)} · ${matter.code}`}
      okText={t(`matters.actions.${action}`)}
      okButtonProps={{ danger: action === 'reject', loading: saving, disabled: photosStillUploading(photos) }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      width={560}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ internal: false, adopted: true, rating: 5 }}
        className="gz-action-form"
      >
        {(action === 'accept' || action === 'start' || action === 'close') && (
          <Form.Item name="note" label={t('matters.forms.note')}>
            <Input.TextArea rows={3} maxLength={2000} placeholder={t('matters.forms.notePlaceholder')} />
          </Form.Item>
        )}
        {(action === 'reject' || action === 'reopen' || action === 'escalate') && (
          <>
            {action === 'escalate' && <EscalateTarget matter={matter} />}
            <Form.Item name="reason" label={t('matters.forms.reason')} rules={required('reasonRequired')}>
              <Input.TextArea rows={3} maxLength={1000} autoFocus />
            </Form.Item>
          </>
        )}
        {action === 'dispatch' && <DispatchFields matter={matter} />}
        {action === 'resolve' && (
          <>
            <Form.Item name="note" label={t('matters.forms.resolveNote')} rules={required('resolveNoteRequired')}>
              <Input.TextArea rows={3} maxLength={2000} autoFocus />
            </Form.Item>
            <Form.Item
              name="photos"
              label={t('matters.forms.resolvePhotos')}
              valuePropName="value"
              getValueFromEvent={photoFileList}
            >
              <PhotoUpload />
            </Form.Item>
          </>
        )}
        {action === 'merge' && <MergeFields matter={matter} />}
        {action === 'reply' && (
          <>
            <Form.Item name="adopted" label={t('matters.forms.adopted')}>
              <Radio.Group
                options={[
                  { value: true, label: t('matters.detail.adopted') },
                  { value: false, label: t('matters.detail.notAdopted') },
                ]}
              />
            </Form.Item>
            <Form.Item name="reply" label={t('matters.forms.replyText')} rules={required('replyRequired')}>
              <Input.TextArea rows={4} maxLength={2000} />
            </Form.Item>
          </>
        )}
        {action === 'rate' && (
          <>
            <Form.Item name="rating" label={t('matters.detail.rating')}>
              <Rate />
            </Form.Item>
            <Form.Item name="comment" label={t('matters.forms.note')}>
              <Input.TextArea rows={3} maxLength={1000} />
            </Form.Item>
          </>
        )}
        {action === 'note' && (
          <>
            <Form.Item name="note" label={t('matters.forms.noteText')} rules={required('noteRequired', 1)}>
              <Input.TextArea rows={4} maxLength={2000} autoFocus />
            </Form.Item>
            {matter.viewer === 'staff' && (
              <Form.Item name="internal" valuePropName="checked">
                <Checkbox>{t('matters.forms.internal')}</Checkbox>
              </Form.Item>
            )}
            <Form.Item
              name="photos"
              label={t('matters.forms.photos')}
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

function EscalateTarget({ matter }: { matter: MatterDetail }) {
  const { t } = useTranslation();
  const next = MATTER_LEVELS[MATTER_LEVELS.indexOf(matter.level) + 1];
  if (!next) return null;
  return (
    <>
      <Alert
        type="info"
        showIcon
        title={t('matters.forms.escalateTo', { level: levelLabel(t, next) })}
        style={{ marginBottom: 16 }}
      />
      {next === 'department' && (
        <Form.Item
          name="department"
          label={t('matters.forms.department')}
          extra={t('matters.forms.departmentHint')}
          initialValue={matter.department ?? undefined}
        >
          <Select options={DEPARTMENTS.map((d) => ({ value: d, label: t(`departments.${d}`) }))} />
        </Form.Item>
      )}
    </>
  );
}

function isRole(role: string): role is Role {
  return (ROLES as readonly string[]).includes(role);
}

/** Candidates from GET …/assignees (grid workers on duty first); a user id by hand as the way out. */
function DispatchFields({ matter }: { matter: MatterDetail }) {
  const { t } = useTranslation();
  const candidates = useQuery(mattersQueries.assignees(matter.id));
  const [advanced, setAdvanced] = useState(false);
  const none = candidates.error || (candidates.data && candidates.data.length === 0);
  return (
    <>
      {!advanced ? (
        <Form.Item
          name="assigneeUserId"
          label={t('matters.forms.assignee')}
          rules={[{ required: true, message: t('matters.forms.assigneeRequired') }]}
        >
          <Select
            loading={candidates.isLoading}
            showSearch={{ optionFilterProp: 'search' }}
            notFoundContent={candidates.error ? errorMessage(candidates.error) : t('matters.forms.noCandidates')}
            options={(candidates.data ?? []).map((c) => ({
              value: c.userId,
              search: c.name,
              label: (
                <Space size={6}>
                  <span>{c.name}</span>
                  <Typography.Text type="secondary">{isRole(c.role) ? roleLabel(t, c.role) : c.role}</Typography.Text>
                  {c.onDuty && <Tag color="green">{t('matters.forms.onDuty')}</Tag>}
                  {matter.assignee?.id === c.userId && <Tag color="blue">{t('matters.forms.currentAssignee')}</Tag>}
                </Space>
              ),
            }))}
          />
        </Form.Item>
      ) : (
        <Form.Item
          name="assigneeUserId"
          label={t('matters.forms.userId')}
          rules={[{ required: true, message: t('matters.forms.assigneeRequired') }]}
        >
          <InputNumber min={1} precision={0} style={{ width: 200 }} />
        </Form.Item>
      )}
      <Button
        type="link"
        size="small"
        className="gz-advanced-toggle"
        icon={advanced ? <UpOutlined /> : <DownOutlined />}
        onClick={() => setAdvanced((a) => !a)}
        style={{ padding: 0, marginBottom: 12 }}
      >
        {t('matters.forms.advanced')}
      </Button>
      {none && !advanced && (
        <Alert type="warning" showIcon title={t('matters.forms.noCandidates')} style={{ marginBottom: 12 }} />
      )}
      <Form.Item name="note" label={t('matters.forms.note')}>
        <Input.TextArea rows={2} maxLength={2000} placeholder={t('matters.forms.notePlaceholder')} />
      </Form.Item>
    </>
  );
}

/** The same matter reported earlier: the open ones of its category nearby, or any found by number. */
function MergeFields({ matter }: { matter: MatterDetail }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const others = (items: { id: number; code: string; description: string }[] | undefined) =>
    (items ?? [])
      .filter((m) => m.id !== matter.id)
      .map((m) => ({ id: m.id, code: m.code, description: m.description }));
  const nearbyQuery = useQuery({
    ...mattersQueries.nearby({ lat: matter.location?.lat, lng: matter.location?.lng, categoryId: matter.category.id }),
    enabled: matter.location !== null,
  });
  const foundQuery = useQuery({
    ...mattersQueries.list({ queue: 'all', q: search.trim(), limit: 10 }),
    enabled: search.trim().length >= 2,
  });
  const nearby = { data: others(nearbyQuery.data), isLoading: nearbyQuery.isLoading };
  const found = {
    data: search.trim().length >= 2 ? others(foundQuery.data?.items) : [],
    isLoading: foundQuery.isLoading,
  };
  const options = [...(found.data ?? []), ...(nearby.data ?? [])].filter(
    (m, i, all) => all.findIndex((o) => o.id === m.id) === i,
  );
  return (
    <>
      <Form.Item
        name="intoId"
        label={t('matters.forms.intoId')}
        extra={t('matters.forms.intoHint')}
        rules={[{ required: true, message: t('matters.forms.intoHint') }]}
      >
        <Select
          showSearch={{ filterOption: false, onSearch: setSearch }}
          placeholder={t('matters.forms.intoPlaceholder')}
          loading={nearby.isLoading || found.isLoading}
          options={options.map((m) => ({ value: m.id, label: `${m.code} · ${m.description.slice(0, 30)}` }))}
        />
      </Form.Item>
      <Form.Item name="note" label={t('matters.forms.note')}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
    </>
  );
}
