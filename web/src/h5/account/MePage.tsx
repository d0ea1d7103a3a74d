import { Badge, Dialog, List, Switch, Tag } from 'antd-mobile';
import {
  AppOutline,
  BellOutline,
  CheckShieldOutline,
  CloseCircleOutline,
  EnvironmentOutline,
  EyeOutline,
  FileOutline,
  GlobalOutline,
  HistogramOutline,
  InformationCircleOutline,
  KeyOutline,
  LinkOutline,
  MessageOutline,
  PayCircleOutline,
  PhonebookOutline,
  TeamOutline,
  UserOutline,
} from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useClientConfig } from '../../shared/config.ts';
import { roleLabel } from '../../shared/labels.ts';
import { useNotifications } from '../../shared/notifications.tsx';
import { can, isStaff, useMe, useSession } from '../../shared/session.tsx';
import { LanguagePicker } from '../LanguagePicker.tsx';
import { setElderMode, useElderMode } from '../shell.ts';
import { PageNavBar } from '../components/PageNavBar.tsx';

export function MePage() {
  const { t } = useTranslation();
  const me = useMe();
  const { logout } = useSession();
  const navigate = useNavigate();
  const { unread } = useNotifications();
  const config = useClientConfig();
  const roles = [...new Set(me.roles.map((r) => r.role))];
  const elder = useElderMode();
  // 我的考核: my-scores lists the scores of those assessed in person — grid workers. A department's
  // score belongs to no one user, so department staff find nothing there.
  const scored = roles.includes('grid_worker');

  return (
    <div className="h5-page">
      <PageNavBar title={t('h5.me.title')} />
      <section className="h5-profile">
        <div className="h5-profile-avatar">
          <UserOutline />
        </div>
        <div>
          <div className="h5-profile-name">{me.displayName}</div>
          <div className="h5-profile-roles">
            {roles.map((role) => (
              <Tag key={role} color="primary" fill="outline">
                {roleLabel(t, role)}
              </Tag>
            ))}
          </div>
        </div>
      </section>

      {(can(me, 'matters.handle') || scored) && (
        <List className="h5-list">
          {can(me, 'matters.handle') && (
            <List.Item
              prefix={<AppOutline />}
              description={t('workbench.entryHint')}
              onClick={() => navigate('/workbench')}
              data-testid="entry-workbench"
            >
              {t('workbench.entry')}
            </List.Item>
          )}
          {scored && (
            <List.Item
              prefix={<HistogramOutline />}
              description={t('assessment.h5.entryHint')}
              onClick={() => navigate('/assessment')}
              data-testid="entry-assessment"
            >
              {t('assessment.h5.entry')}
            </List.Item>
          )}
        </List>
      )}

      {can(me, 'field.patrol') && (
        <List header={t('field.entries.title')} className="h5-list">
          <List.Item
            prefix={<EnvironmentOutline />}
            description={t('field.entries.patrolHint')}
            onClick={() => navigate('/field/patrol')}
            data-testid="entry-patrol"
          >
            {t('field.entries.patrol')}
          </List.Item>
          <List.Item
            prefix={<TeamOutline />}
            description={t('field.entries.visitsHint')}
            onClick={() => navigate('/field/visits')}
            data-testid="entry-visits"
          >
            {t('field.entries.visits')}
          </List.Item>
        </List>
      )}

      <List className="h5-list">
        <List.Item
          prefix={<FileOutline />}
          description={t('rights.mineHint')}
          onClick={() => navigate('/rights/mine')}
          data-testid="entry-rights"
        >
          {t('rights.mine')}
        </List.Item>
      </List>

      <List header={t('h5.me.language')} className="h5-list">
        <List.Item prefix={<GlobalOutline />}>
          <LanguagePicker />
        </List.Item>
        <List.Item
          prefix={<EyeOutline />}
          description={t('h5.elder.switchHint')}
          extra={
            <Switch
              checked={elder}
              onChange={setElderMode}
              aria-label={t('h5.elder.switch')}
              data-testid="elder-switch"
            />
          }
        >
          {t('h5.elder.switch')}
        </List.Item>
      </List>

      <List className="h5-list">
        <List.Item prefix={<UserOutline />} extra={<span translate="no">{me.username}</span>}>
          {t('h5.me.username')}
        </List.Item>
        <List.Item prefix={<PayCircleOutline />} onClick={() => navigate('/me/charging')} data-testid="entry-charging">
          {t('chargingH5.mine')}
        </List.Item>
        <List.Item
          prefix={<BellOutline />}
          extra={unread > 0 ? <Badge content={unread > 99 ? '99+' : unread} /> : null}
          onClick={() => navigate('/notifications')}
        >
          {t('h5.notifications.title')}
        </List.Item>
        <List.Item
          prefix={<CheckShieldOutline />}
          extra={
            me.personId !== null ? (
              <Tag color="success" fill="outline">
                {t('phoneAccount.verify.verified')}
              </Tag>
            ) : (
              t('phoneAccount.verify.unverified')
            )
          }
          onClick={() => navigate('/me/verify')}
          data-testid="me-verify"
        >
          {t('phoneAccount.verify.title')}
        </List.Item>
        <List.Item prefix={<PhonebookOutline />} onClick={() => navigate('/me/phone')}>
          {t('phoneAccount.changePhone.title')}
        </List.Item>
        <List.Item prefix={<MessageOutline />} onClick={() => navigate('/me/messages')}>
          {t('phoneAccount.messages.title')}
        </List.Item>
        <List.Item prefix={<KeyOutline />} onClick={() => navigate('/me/password')}>
          {me.hasPassword ? t('h5.me.changePassword') : t('selfService.password.setTitle')}
        </List.Item>
        <List.Item prefix={<LinkOutline />} onClick={() => navigate('/me/devices')}>
          {t('selfService.devices.title')}
        </List.Item>
        <List.Item prefix={<CloseCircleOutline />} onClick={() => navigate('/me/delete')}>
          {t('selfService.deletion.title')}
        </List.Item>
        {isStaff(me) && (
          <List.Item prefix={<InformationCircleOutline />} onClick={() => (window.location.href = '/admin/')}>
            {t('h5.login.openConsole')}
          </List.Item>
        )}
        <List.Item prefix={<InformationCircleOutline />} extra={config.data?.version ?? '—'}>
          {t('h5.me.version')}
        </List.Item>
      </List>

      <div className="h5-section">
        <button
          type="button"
          className="h5-logout"
          onClick={async () => {
            if (
              await Dialog.confirm({
                content: t('h5.me.logoutConfirm'),
                confirmText: t('h5.me.logout'),
                cancelText: t('common.cancel'),
              })
            ) {
              await logout();
            }
          }}
        >
          {t('h5.me.logout')}
        </button>
      </div>
    </div>
  );
}
