import { Alert, Button, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { UserWithPassword } from '../../shared/types.ts';
import { CopyField } from '../components/CopyField.tsx';
import './users.css';

export interface ShownPassword extends UserWithPassword {
  /** A new account, or a reset of an existing one. */
  kind: 'created' | 'reset';
}

/**
 * A one-time password, shown once with a copy button: closing it forgets it (the server keeps
 * only its hash). Only the button closes it, so a stray click beside it does not lose it.
 */
export function InitialPasswordModal({ value, onClose }: { value: ShownPassword | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open={value !== null}
      title={value?.kind === 'reset' ? t('users.password.resetTitle') : t('users.password.createdTitle')}
      onCancel={onClose}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('users.password.savedIt')}
        </Button>
      }
      destroyOnHidden
    >
      {value && (
        <div className="gz-password-once" data-testid="initial-password-modal">
          <Alert type="warning" showIcon title={t('users.password.warning')} />
          <div>
            <Typography.Text type="secondary">{t('users.password.username')}</Typography.Text>
            <CopyField value={value.user.username} label={t('users.password.username')} />
          </div>
          <div>
            <Typography.Text type="secondary">{t('users.password.password')}</Typography.Text>
            <CopyField value={value.initialPassword} label={t('users.password.password')} testId="initial-password" />
          </div>
        </div>
      )}
    </Modal>
  );
}
