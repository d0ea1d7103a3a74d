import { App, Alert, Form, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import { useMe } from '../../shared/session.tsx';
import { applyServerFieldErrors } from './formErrors.ts';
import { PASSWORD_FIELDS, PasswordFields, type PasswordForm } from './PasswordFields.tsx';
import { accountCalls } from '../../shared/query/account.ts';

export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const [form] = Form.useForm<PasswordForm>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (values: PasswordForm) => {
    setSaving(true);
    setFailure(null);
    try {
      await accountCalls.changePassword({
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
      });
      message.success(t('auth.passwordChanged'));
      form.resetFields();
      onClose();
    } catch (error) {
      if (!applyServerFieldErrors(form, error, PASSWORD_FIELDS)) setFailure(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={t('auth.changePassword')}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      okText={t('common.save')}
      destroyOnHidden
      afterClose={() => setFailure(null)}
    >
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional" preserve={false}>
        <PasswordFields username={me.username} />
      </Form>
    </Modal>
  );
}
