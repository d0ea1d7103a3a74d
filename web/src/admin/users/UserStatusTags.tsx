import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { UserAccount } from '../../shared/types.ts';

/** 正常 / 已停用, and 已锁定 (failed sign-ins) and 待改密 (a one-time password not yet changed). */
export function UserStatusTags({ user }: { user: Pick<UserAccount, 'status' | 'locked' | 'mustChangePassword'> }) {
  const { t } = useTranslation();
  return (
    <span className="gz-user-status" data-testid="user-status">
      <Tag color={user.status === 'active' ? 'green' : 'default'}>{t(`users.status.${user.status}`)}</Tag>
      {user.locked && <Tag color="red">{t('users.locked')}</Tag>}
      {user.mustChangePassword && <Tag color="orange">{t('users.mustChange')}</Tag>}
    </span>
  );
}
