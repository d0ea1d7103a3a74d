import {
  EditOutlined,
  KeyOutlined,
  MessageOutlined,
  PlusOutlined,
  StopOutlined,
  UnlockOutlined,
  CheckCircleOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Form,
  Input,
  List,
  Modal,
  Popconfirm,
  Skeleton,
  Space,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import { roleLabel } from '../../shared/labels.ts';
import { isValidMobile } from '../../shared/personal-data.ts';
import { usersCalls, usersKeys, usersQueries } from '../../shared/query/users.ts';
import { formatDateTime } from '../../shared/time.ts';
import type { UpdateUserInput, UserAccount, UserWithPassword } from '../../shared/types.ts';
import { applyServerFieldErrors, applyServerFieldPaths } from '../components/formErrors.ts';
import { LoadError } from '../components/LoadError.tsx';
import type { OrgIndex } from '../org/orgIndex.ts';
import { GrantFields } from './GrantFields.tsx';
import { fieldOfPath, grantInput, grantPlace, grantText, type GrantRow } from './grants.ts';
import { UserStatusTags } from './UserStatusTags.tsx';

/**
 * One account: its details and roles, and — when the caller may change it (every role of it
 * within the caller's reach, not their own) — roles granted and revoked, deactivation,
 * unlocking and a reset to a one-time password, each confirmed first.
 */
export function UserDrawer({
  userId,
  index,
  onClose,
  onPassword,
}: {
  userId: number | null;
  index: OrgIndex | undefined;
  onClose: () => void;
  onPassword: (shown: UserWithPassword) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const user = useQuery({ ...usersQueries.user(userId ?? 0), enabled: userId !== null });
  const [busy, setBusy] = useState<string | null>(null);
  const [addingGrant, setAddingGrant] = useState(false);
  const [editing, setEditing] = useState(false);

  /** A changed account: shown at once here, and the lists fetched again. */
  const changed = (account: UserAccount) => {
    queryClient.setQueryData(usersKeys.user(account.id), account);
    void queryClient.invalidateQueries({ queryKey: usersKeys.lists() });
  };

  const act = async (key: string, call: () => Promise<UserAccount>, done: string) => {
    setBusy(key);
    try {
      changed(await call());
      message.success(done);
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(null);
    }
  };

  const reset = async (u: UserAccount, via: 'screen' | 'sms') => {
    setBusy(`reset-${via}`);
    try {
      const result = await usersCalls.resetPassword(u.id, via);
      changed(result.user);
      if (result.initialPassword !== null) onPassword({ user: result.user, initialPassword: result.initialPassword });
      else message.success(t('users.actions.resetSent', { phone: result.sentTo }));
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(null);
    }
  };

  const u = user.data;
  const name = u?.displayName ?? '';
  return (
    <Drawer
      title={u ? u.displayName : t('users.detail.title')}
      open={userId !== null}
      onClose={onClose}
      size={560}
      extra={
        u?.manageable && (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
            {t('users.detail.edit')}
          </Button>
        )
      }
    >
      {user.error ? (
        <LoadError error={user.error} onRetry={() => void user.refetch()} />
      ) : !u ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <Space orientation="vertical" size={20} style={{ width: '100%' }} data-testid="user-drawer">
          {!u.manageable && <Alert type="info" showIcon title={t('users.detail.notManageable')} />}
          <Descriptions
            column={1}
            size="small"
            bordered
            styles={{ label: { width: 120 } }}
            title={t('users.detail.basic')}
            items={[
              { key: 'name', label: t('users.columns.name'), children: u.displayName },
              {
                key: 'username',
                label: t('users.columns.username'),
                children: <span className="gz-mono">{u.username}</span>,
              },
              {
                key: 'phone',
                label: t('users.columns.phone'),
                children: <span className="gz-mono">{u.phone ?? '—'}</span>,
              },
              { key: 'status', label: t('users.columns.status'), children: <UserStatusTags user={u} /> },
              {
                key: 'lastLogin',
                label: t('users.detail.lastLogin'),
                children: u.lastLoginAt ? formatDateTime(u.lastLoginAt) : t('users.neverSignedIn'),
              },
              { key: 'created', label: t('users.detail.createdAt'), children: formatDateTime(u.createdAt) },
            ]}
          />
          {u.manageable && (
            <Space wrap data-testid="user-actions">
              {u.status === 'active' ? (
                <Popconfirm
                  title={t('users.actions.deactivateConfirm', { name })}
                  description={t('users.actions.deactivateHint')}
                  okText={t('users.actions.deactivate')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() =>
                    act('status', () => usersCalls.deactivate(u.id), t('users.actions.deactivated', { name }))
                  }
                >
                  <Button danger icon={<StopOutlined />} loading={busy === 'status'}>
                    {t('users.actions.deactivate')}
                  </Button>
                </Popconfirm>
              ) : (
                <Popconfirm
                  title={t('users.actions.reactivateConfirm', { name })}
                  okText={t('users.actions.reactivate')}
                  onConfirm={() =>
                    act('status', () => usersCalls.reactivate(u.id), t('users.actions.reactivated', { name }))
                  }
                >
                  <Button icon={<CheckCircleOutlined />} loading={busy === 'status'}>
                    {t('users.actions.reactivate')}
                  </Button>
                </Popconfirm>
              )}
              {u.locked && (
                <Popconfirm
                  title={t('users.actions.unlockConfirm', { name })}
                  okText={t('users.actions.unlock')}
                  onConfirm={() => act('unlock', () => usersCalls.unlock(u.id), t('users.actions.unlocked', { name }))}
                >
                  <Button icon={<UnlockOutlined />} loading={busy === 'unlock'}>
                    {t('users.actions.unlock')}
                  </Button>
                </Popconfirm>
              )}
              <Popconfirm
                title={t('users.actions.resetConfirm', { name })}
                description={t('users.actions.resetHint')}
                okText={t('users.actions.resetPassword')}
                onConfirm={() => reset(u, 'screen')}
              >
                <Button icon={<KeyOutlined />} loading={busy === 'reset-screen'}>
                  {t('users.actions.resetPassword')}
                </Button>
              </Popconfirm>
              {u.phone && (
                <Popconfirm
                  title={t('users.actions.resetConfirm', { name })}
                  description={t('users.actions.resetBySmsHint', { phone: u.phone })}
                  okText={t('users.actions.resetBySms')}
                  onConfirm={() => reset(u, 'sms')}
                >
                  <Button icon={<MessageOutlined />} loading={busy === 'reset-sms'}>
                    {t('users.actions.resetBySms')}
                  </Button>
                </Popconfirm>
              )}
            </Space>
          )}
          <div>
            <div className="gz-table-toolbar">
              <Typography.Title level={5} style={{ margin: 0 }}>
                {t('users.detail.grants')}
              </Typography.Title>
              {u.manageable && (
                <Button size="small" icon={<PlusOutlined />} onClick={() => setAddingGrant(true)}>
                  {t('users.detail.addGrant')}
                </Button>
              )}
            </div>
            <List
              bordered
              size="small"
              dataSource={u.grants}
              locale={{ emptyText: t('users.noRoles') }}
              renderItem={(grant) => (
                <List.Item
                  actions={
                    u.manageable
                      ? [
                          u.grants.length > 1 ? (
                            <Popconfirm
                              key="remove"
                              title={t('users.detail.removeConfirm', { role: grantText(t, grant) })}
                              description={t('users.detail.removeHint')}
                              okText={t('users.detail.removeGrant')}
                              okButtonProps={{ danger: true }}
                              onConfirm={() =>
                                act(
                                  `grant-${grant.id}`,
                                  () => usersCalls.removeGrant(u.id, grant.id),
                                  t('users.detail.removed'),
                                )
                              }
                            >
                              <Typography.Link type="danger" disabled={busy === `grant-${grant.id}`}>
                                {t('users.detail.removeGrant')}
                              </Typography.Link>
                            </Popconfirm>
                          ) : (
                            // The last role stays: without one the account leaves every area (deactivate it instead).
                            <Tooltip key="remove" title={t('users.detail.lastGrant')}>
                              <Typography.Text type="secondary">{t('users.detail.removeGrant')}</Typography.Text>
                            </Tooltip>
                          ),
                        ]
                      : []
                  }
                >
                  <Space wrap size={4}>
                    <Tag color="blue">{roleLabel(t, grant.role)}</Tag>
                    <span>{grantPlace(t, grant)}</span>
                  </Space>
                </List.Item>
              )}
            />
          </div>
        </Space>
      )}
      {u && (
        <>
          <AddGrantModal
            user={addingGrant ? u : null}
            index={index}
            onClose={() => setAddingGrant(false)}
            onSaved={(account) => {
              setAddingGrant(false);
              changed(account);
              message.success(t('users.detail.granted'));
            }}
          />
          <EditUserModal
            user={editing ? u : null}
            onClose={() => setEditing(false)}
            onSaved={(account) => {
              setEditing(false);
              changed(account);
              message.success(t('users.detail.saved'));
            }}
          />
        </>
      )}
    </Drawer>
  );
}

function AddGrantModal({
  user,
  index,
  onClose,
  onSaved,
}: {
  user: UserAccount | null;
  index: OrgIndex | undefined;
  onClose: () => void;
  onSaved: (account: UserAccount) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<GrantRow>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const grantable = useQuery({ ...usersQueries.grantable(), enabled: user !== null });

  const submit = async (values: GrantRow) => {
    const grant = grantInput(values);
    if (!user || !grant) return;
    setSaving(true);
    setFailure(null);
    try {
      onSaved(await usersCalls.addGrant(user.id, grant));
    } catch (error) {
      if (!applyServerFieldPaths(form, error, (path) => fieldOfPath(path, 'root'))) setFailure(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={user ? t('users.detail.addGrantTitle', { name: user.displayName }) : ''}
      open={user !== null}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      okText={t('common.save')}
      destroyOnHidden
      afterClose={() => setFailure(null)}
    >
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} role="alert" />}
      {grantable.error && <LoadError error={grantable.error} onRetry={() => void grantable.refetch()} />}
      <Form<GrantRow> form={form} layout="vertical" onFinish={submit} preserve={false}>
        <GrantFields name={[]} path={[]} grantable={grantable.data} index={index} />
      </Form>
    </Modal>
  );
}

interface EditForm {
  displayName: string;
  phone?: string;
}

function EditUserModal({
  user,
  onClose,
  onSaved,
}: {
  user: UserAccount | null;
  onClose: () => void;
  onSaved: (account: UserAccount) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<EditForm>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: filled once per opening
  useEffect(() => {
    if (user) form.setFieldsValue({ displayName: user.displayName, phone: '' });
  }, [user?.id, user !== null]);

  const submit = async (values: EditForm) => {
    if (!user) return;
    // The phone is shown masked, so an empty box keeps the stored number.
    const body: UpdateUserInput = {
      ...(values.displayName.trim() !== user.displayName ? { displayName: values.displayName.trim() } : {}),
      ...(values.phone?.trim() ? { phone: values.phone.trim() } : {}),
    };
    if (Object.keys(body).length === 0) return onClose();
    setSaving(true);
    setFailure(null);
    try {
      onSaved(await usersCalls.update(user.id, body));
    } catch (error) {
      if (!applyServerFieldErrors(form, error, ['displayName', 'phone'])) setFailure(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={user ? t('users.detail.editTitle', { name: user.displayName }) : ''}
      open={user !== null}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      okText={t('common.save')}
      forceRender
      afterClose={() => setFailure(null)}
    >
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} role="alert" />}
      <Form<EditForm> form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="displayName"
          label={t('users.form.displayName')}
          rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 40 }]}
        >
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('users.form.phone')}
          extra={user?.phone ? t('users.detail.keepPhone', { value: user.phone }) : t('users.form.phoneHint')}
          rules={[
            {
              validator: (_r, v?: string) =>
                !v?.trim() || isValidMobile(v.trim())
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('users.form.phoneInvalid'))),
            },
          ]}
        >
          <Input maxLength={11} inputMode="tel" className="gz-mono" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
