import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { QrCode } from '../../shared/QrCode.tsx';
import { absoluteJoinUrl, type IssuedInvitation } from '../../shared/query/invitations.ts';
import { formatDateTime } from '../../shared/time.ts';
import './invitations.css';

/** The code grouped as people read it aloud: ABCD EFGH. */
export function groupedCode(code: string) {
  return `${code.slice(0, 4)} ${code.slice(4)}`;
}

/**
 * The invitation as handed over or printed: whom it is for (a person's name masked), the
 * community, the code, its QR (the /h5/join link) and expiry, and three steps.
 */
export function InvitationCard({ issued, testId = 'invitation-card' }: { issued: IssuedInvitation; testId?: string }) {
  const { t } = useTranslation();
  const { invitation, code } = issued;
  const kind = invitation.kind;
  return (
    <div className="gz-invitation-card" data-testid={testId}>
      <h2>{t(`invitations.card.title.${kind}`)}</h2>
      <div className="gz-invitation-community">{invitation.communityName}</div>
      <div className="gz-invitation-body">
        <div className="gz-invitation-text">
          <div>{t(`invitations.card.greeting.${kind}`, { name: invitation.targetName })}</div>
          <div style={{ marginTop: 8 }}>{t('invitations.card.code')}</div>
          <div className="gz-invitation-code" data-testid="invitation-code">
            {groupedCode(code)}
          </div>
          <div>
            {t('invitations.card.expires')}：{formatDateTime(invitation.expiresAt)}
          </div>
          <ol>
            {t(`invitations.card.steps.${kind}`, { returnObjects: true }).map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
        </div>
        <QrCode
          text={absoluteJoinUrl(issued.joinUrl)}
          size={168}
          label={t('invitations.card.code')}
          className="gz-invitation-qr"
          testId="invitation-qr"
        />
      </div>
      <div className="gz-invitation-keep">{t(`invitations.card.keep.${kind}`)}</div>
    </div>
  );
}

/** The card as it prints: a copy straight under <body>, which print CSS leaves alone on the page. */
export function PrintedInvitation({ issued }: { issued: IssuedInvitation }) {
  return createPortal(
    <div className="gz-print-root">
      <InvitationCard issued={issued} testId="invitation-print" />
    </div>,
    document.body,
  );
}
