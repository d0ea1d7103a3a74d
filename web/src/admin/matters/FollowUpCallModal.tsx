import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Descriptions, Form, Input, Modal, Radio, Rate, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../shared/api.ts';
import { type FollowUp, followUpsCalls, followUpsKeys } from '../../shared/query/follow-ups.ts';
import { formatDateTime } from '../../shared/time.ts';
import { applyServerFieldErrors } from '../components/formErrors.ts';

interface CallForm {
  reached?: boolean;
  rating?: number;
  resolved?: boolean;
  note?: string;
}

const FIELDS = ['reached', 'rating', 'resolved', 'note'] as const;

/**
 * 记录电话回访: one call of a follow-up. Not reached keeps it in the queue (to try again); reached
 * asks the reporter's rating (1–5) and whether it was solved, and completes the follow-up.
 */
export function FollowUpCallModal({ followUp, onClose }: { followUp: FollowUp | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<CallForm>();
  const reached = Form.useWatch('reached', form);
  const rating = Form.useWatch('rating', form);
  const save = useMutation({
    mutationFn: (v: CallForm) =>
      followUpsCalls.recordCall(followUp!.id, {
        reached: v.reached!,
        ...(v.reached ? { rating: v.rating, resolved: v.resolved } : {}),
        note: v.note?.trim() ?? '',
      }),
    onSuccess: () => {
      void message.success(t('followUps.admin.call.saved'));
      void client.invalidateQueries({ queryKey: followUpsKeys.all });
      onClose();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409) {
        void message.warning(errorMessage(e));
        void client.invalidateQueries({ queryKey: followUpsKeys.all });
        onClose();
        return;
      }
      if (!applyServerFieldErrors(form, e, FIELDS)) void message.error(errorMessage(e));
    },
  });

  return (
    <Modal
      open={followUp !== null}
      title={followUp ? t('followUps.admin.call.title', { code: followUp.code }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('followUps.admin.call.save')}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={560}
    >
      {followUp && (
        <div data-testid="follow-up-call">
          <Descriptions size="small" column={1} style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('followUps.admin.columns.matter')}>
              <Space direction="vertical" size={0}>
                <strong>{followUp.category}</strong>
                <Typography.Text type="secondary" ellipsis={{ tooltip: followUp.description }}>
                  {followUp.description}
                </Typography.Text>
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('followUps.admin.columns.reporter')}>
              {followUp.reporterName} · {followUp.community.name}
            </Descriptions.Item>
            <Descriptions.Item label={t('followUps.admin.columns.closedAt')}>
              {formatDateTime(followUp.closedAt).slice(0, 16)}
            </Descriptions.Item>
            {followUp.attempts > 0 && (
              <Descriptions.Item label={t('followUps.admin.columns.result')}>
                {t(`followUps.admin.outcomes.${followUp.outcome}`)} ·{' '}
                {t('followUps.admin.attempts', { count: followUp.attempts })}
                {followUp.comment && ` · ${followUp.comment}`}
              </Descriptions.Item>
            )}
          </Descriptions>
          <Form<CallForm> form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
            <Form.Item
              name="reached"
              label={t('followUps.admin.call.reached')}
              rules={[{ required: true, message: t('followUps.admin.call.reachedRequired') }]}
            >
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                options={[
                  { value: true, label: t('followUps.admin.call.reachedYes') },
                  { value: false, label: t('followUps.admin.call.reachedNo') },
                ]}
              />
            </Form.Item>
            {reached === false && (
              <Alert
                type="info"
                showIcon
                message={t('followUps.admin.call.notReachedHint')}
                style={{ marginBottom: 16 }}
              />
            )}
            {reached === true && (
              <>
                {/* The stars' error shows under this item (antd gathers a noStyle item's errors). */}
                <Form.Item label={t('followUps.admin.call.rating')} required>
                  <Space>
                    <Form.Item
                      name="rating"
                      noStyle
                      rules={[{ required: true, message: t('followUps.admin.call.ratingRequired') }]}
                    >
                      <Rate data-testid="follow-up-call-rating" />
                    </Form.Item>
                    {rating ? (
                      <Typography.Text type="secondary">
                        {t(`followUps.ratings.r${rating as 1 | 2 | 3 | 4 | 5}`)}
                      </Typography.Text>
                    ) : null}
                  </Space>
                </Form.Item>
                <Form.Item
                  name="resolved"
                  label={t('followUps.admin.call.resolved')}
                  rules={[{ required: true, message: t('followUps.admin.call.resolvedRequired') }]}
                >
                  <Radio.Group
                    options={[
                      { value: true, label: t('followUps.resolvedYes') },
                      { value: false, label: t('followUps.resolvedNo') },
                    ]}
                  />
                </Form.Item>
              </>
            )}
            <Form.Item name="note" label={t('followUps.admin.call.note')}>
              <Input.TextArea
                maxLength={1000}
                showCount
                autoSize={{ minRows: 2, maxRows: 6 }}
                placeholder={t('followUps.admin.call.notePlaceholder')}
              />
            </Form.Item>
          </Form>
        </div>
      )}
    </Modal>
  );
}
