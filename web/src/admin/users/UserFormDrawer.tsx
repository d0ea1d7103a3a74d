import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Drawer, Form, Input, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import { isValidMobile, USERNAME_PATTERN } from '../../shared/personal-data.ts';
import { usersCalls, usersQueries } from '../../shared/query/users.ts';
import type { GrantInput, UserWithPassword } from '../../shared/types.ts';
import { applyServerFieldPaths } from '../components/formErrors.ts';
import { LoadError } from '../components/LoadError.tsx';
import type { OrgIndex } from '../org/orgIndex.ts';
import { GrantFields } from './GrantFields.tsx';
import { fieldOfPath, grantInput, type GrantRow } from './grants.ts';

interface CreateUserForm {
  username: string;
  displayName: string;
  phone?: string;
  grants: GrantRow[];
}

/** 新建账号: a name to sign in with, the person's name and phone, and one or more roles over units. */
export function UserFormDrawer({
  open,
  index,
  onClose,
  onCreated,
}: {
  open: boolean;
  index: OrgIndex | undefined;
  onClose: () => void;
  onCreated: (created: UserWithPassword) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CreateUserForm>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const grantable = useQuery({ ...usersQueries.grantable(), enabled: open });

  // biome-ignore lint/correctness/useExhaustiveDependencies: the form is emptied once per opening
  useEffect(() => {
    if (!open) return;
    setFailure(null);
    form.resetFields();
  }, [open]);

  const submit = async (values: CreateUserForm) => {
    const grants = values.grants.map(grantInput).filter((g): g is GrantInput => g !== undefined);
    setSaving(true);
    setFailure(null);
    try {
      const created = await usersCalls.create({
        username: values.username.trim(),
        displayName: values.displayName.trim(),
        ...(values.phone?.trim() ? { phone: values.phone.trim() } : {}),
        grants,
      });
      onCreated(created);
    } catch (error) {
      if (!applyServerFieldPaths(form, error, (path) => fieldOfPath(path, 'grants'))) setFailure(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      title={t('users.form.title')}
      open={open}
      onClose={onClose}
      size={560}
      forceRender
      footer={
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()}>
            {t('users.form.submit')}
          </Button>
        </Space>
      }
    >
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} role="alert" />}
      {grantable.error && (
        <div style={{ marginBottom: 16 }}>
          <LoadError error={grantable.error} onRetry={() => void grantable.refetch()} />
        </div>
      )}
      <Form<CreateUserForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ grants: [{}] }}
        scrollToFirstError
        disabled={saving}
      >
        <Form.Item
          name="displayName"
          label={t('users.form.displayName')}
          rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 40 }]}
        >
          <Input maxLength={40} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="username"
          label={t('users.form.username')}
          extra={t('users.form.usernameHint')}
          rules={[
            { required: true, whitespace: true, message: t('validation.required') },
            { pattern: USERNAME_PATTERN, message: t('users.form.usernameInvalid') },
          ]}
        >
          <Input maxLength={32} autoComplete="off" className="gz-mono" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('users.form.phone')}
          extra={t('users.form.phoneHint')}
          rules={[
            {
              validator: (_r, v?: string) =>
                !v?.trim() || isValidMobile(v.trim())
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('users.form.phoneInvalid'))),
            },
          ]}
        >
          <Input maxLength={11} inputMode="tel" autoComplete="off" className="gz-mono" />
        </Form.Item>
        <Typography.Title level={5}>{t('users.form.grants')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('users.form.grantsHint')}</Typography.Paragraph>
        <Form.List name="grants">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                <Card
                  key={field.key}
                  size="small"
                  className="gz-grant-card"
                  title={t('users.form.grantLabel', { n: i + 1 })}
                  extra={
                    fields.length > 1 && (
                      <Button
                        type="text"
                        size="small"
                        danger
                        icon={<DeleteOutlined />}
                        onClick={() => remove(field.name)}
                        aria-label={t('users.form.removeGrant')}
                      />
                    )
                  }
                >
                  <GrantFields
                    name={[field.name]}
                    path={['grants', field.name]}
                    grantable={grantable.data}
                    index={index}
                  />
                </Card>
              ))}
              <Button
                type="dashed"
                block
                icon={<PlusOutlined />}
                onClick={() => add({})}
                style={{ marginTop: 12 }}
                disabled={fields.length >= 20}
              >
                {t('users.form.addGrant')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
