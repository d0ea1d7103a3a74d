import { PrinterOutlined, QrcodeOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, InputNumber, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import {
  invitationCalls,
  invitationKeys,
  type InvitationKind,
  type IssuedInvitation,
} from '../../shared/query/invitations.ts';
import { InvitationCard, PrintedInvitation } from './InvitationCard.tsx';

/** Couriers one mobile grid's code admits unless staff say otherwise (the server's default too). */
const DEFAULT_GRID_USES = 200;

/**
 * Issues an invitation code for a person (代办注册), a mobile grid (骑手入网码) or a merchant
 * (商户绑定码), then shows it once as a printable card with its QR.
 */
export function IssueInvitationButton({
  kind,
  targetId,
  targetName,
  size,
}: {
  kind: InvitationKind;
  targetId: number;
  targetName: string;
  size?: 'small' | 'middle';
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [maxUses, setMaxUses] = useState<number>(DEFAULT_GRID_USES);
  const [issuing, setIssuing] = useState(false);
  const [issued, setIssued] = useState<IssuedInvitation | null>(null);

  const close = () => {
    setOpen(false);
    // The code is not kept anywhere: closing forgets it.
    setIssued(null);
  };

  const issue = async () => {
    setIssuing(true);
    try {
      setIssued(await invitationCalls.issue({ kind, targetId, ...(kind === 'mobile_grid' ? { maxUses } : {}) }));
      void queryClient.invalidateQueries({ queryKey: invitationKeys.all });
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setIssuing(false);
    }
  };

  const hint =
    kind === 'person'
      ? t('invitations.issue.personHint')
      : kind === 'mobile_grid'
        ? t('invitations.issue.gridHint', { name: targetName })
        : t('invitations.issue.merchantHint', { name: targetName });

  return (
    <>
      <Button
        size={size}
        icon={<QrcodeOutlined />}
        onClick={() => setOpen(true)}
        data-testid={`issue-invitation-${kind}`}
      >
        {t(`invitations.issue.${kind}`)}
      </Button>
      <Modal
        open={open}
        title={issued ? t('invitations.issue.issued') : t(`invitations.issue.${kind}`)}
        onCancel={close}
        width={640}
        destroyOnHidden
        footer={
          issued ? (
            <Space>
              <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print-invitation">
                {t('invitations.issue.print')}
              </Button>
              <Button type="primary" onClick={close}>
                {t('invitations.issue.close')}
              </Button>
            </Space>
          ) : (
            <Button type="primary" loading={issuing} onClick={issue} data-testid="generate-invitation">
              {t('invitations.issue.submit')}
            </Button>
          )
        }
      >
        {issued ? (
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Alert type="warning" showIcon title={t('invitations.issue.onceOnly')} />
            <InvitationCard issued={issued} />
            <PrintedInvitation issued={issued} />
          </Space>
        ) : (
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            <Typography.Paragraph style={{ margin: 0 }}>{hint}</Typography.Paragraph>
            {kind === 'mobile_grid' && (
              <Form layout="vertical">
                <Form.Item label={t('invitations.issue.maxUses')} extra={t('invitations.issue.maxUsesHint')}>
                  <InputNumber
                    min={1}
                    max={10_000}
                    precision={0}
                    value={maxUses}
                    onChange={(v) => setMaxUses(v ?? DEFAULT_GRID_USES)}
                  />
                </Form.Item>
              </Form>
            )}
          </Space>
        )}
      </Modal>
    </>
  );
}
