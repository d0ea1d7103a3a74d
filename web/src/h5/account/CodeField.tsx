import { Form, Input, type InputRef } from 'antd-mobile';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { CodePurpose } from '../../shared/query/phone-account.ts';
import { mobileOf, SendCodeButton } from './SendCodeButton.tsx';

/**
 * The 6-digit SMS code of a form that has a `phone` field, with 获取验证码 beside it: the code is
 * sent to the number in that field once it is valid, and the cursor moves to the code.
 */
export function CodeField({
  form,
  purpose,
  onSent,
  onFailure,
}: {
  /** The form, whose `phone` field the code goes to. */
  form: { validateFields(names: ['phone']): Promise<{ phone?: string }> };
  purpose: CodePurpose;
  onSent: () => void;
  onFailure: (error: unknown) => void;
}) {
  const { t } = useTranslation();
  const codeInput = useRef<InputRef>(null);
  return (
    <Form.Item
      name="code"
      label={t('phoneAccount.login.code')}
      rules={[{ pattern: /^\s*\d{6}\s*$/, required: true, message: t('phoneAccount.login.codeInvalid') }]}
      extra={
        <SendCodeButton
          purpose={purpose}
          phone={() =>
            form
              .validateFields(['phone'])
              .then((values) => mobileOf(values.phone))
              .catch(() => null)
          }
          onSent={() => {
            onSent();
            codeInput.current?.focus();
          }}
          onFailure={onFailure}
        />
      }
    >
      <Input
        ref={codeInput}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        placeholder={t('phoneAccount.login.codePlaceholder')}
      />
    </Form.Item>
  );
}
