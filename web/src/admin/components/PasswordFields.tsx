import { Form, Input } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export const PASSWORD_FIELDS = ['currentPassword', 'newPassword'] as const;

/**
 * The current password, a new one and the new one again, checked as the server checks them
 * (8 characters, letters and digits, not the username); for the menu's change of password and
 * the change of a one-time password that comes before anything else.
 */
export function PasswordFields({
  username,
  currentLabel,
  currentExtra,
}: {
  username: string;
  currentLabel?: string;
  currentExtra?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item
        name="currentPassword"
        label={currentLabel ?? t('auth.currentPassword')}
        extra={currentExtra}
        rules={[{ required: true, message: t('validation.required') }]}
      >
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('auth.newPassword')}
        extra={t('auth.passwordRule')}
        rules={[
          { required: true, message: t('validation.required') },
          { min: 8, message: t('auth.passwordTooShort') },
          { pattern: /(?=.*[A-Za-z])(?=.*\d)/, message: t('auth.passwordNeedsLettersAndDigits') },
          {
            validator: (_rule, value: string | undefined) =>
              value?.toLowerCase().includes(username.toLowerCase())
                ? Promise.reject(new Error(t('auth.passwordContainsUsername')))
                : Promise.resolve(),
          },
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('auth.confirmPassword')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('validation.required') },
          ({ getFieldValue }) => ({
            validator: (_rule, value: string | undefined) =>
              !value || value === getFieldValue('newPassword')
                ? Promise.resolve()
                : Promise.reject(new Error(t('auth.passwordMismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
