import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Checkbox, Form, Input, InputNumber, Modal, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import { type Notice, campaignsApi, campaignsKeys } from '../../shared/campaigns.ts';

interface Values {
  passed: boolean;
  note?: string;
  newDeadlineDays: number;
  openMatter: boolean;
}

/** A re-check (复查) from the console: passed closes the notice; failed escalates it with a new deadline. */
export function RecheckModal({ notice, onClose }: { notice: Notice | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const passed = Form.useWatch('passed', form);
  const save = useMutation({
    mutationFn: (v: Values) =>
      campaignsApi.recheck(notice!.id, {
        passed: v.passed,
        note: v.note ?? '',
        newDeadlineDays: v.newDeadlineDays,
        openMatter: !v.passed && v.openMatter,
      }),
    onSuccess: () => {
      message.success(t('campaigns.re.done'));
      void client.invalidateQueries({ queryKey: campaignsKeys.all });
      onClose();
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  return (
    <Modal
      open={notice !== null}
      title={notice ? t('campaigns.re.title', { number: notice.number }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: save.isPending, ...{ 'data-testid': 'recheck-ok' } }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ passed: true, newDeadlineDays: 7, openMatter: false }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="passed" label={t('campaigns.re.result')}>
          <Radio.Group>
            <Radio value={true}>{t('campaigns.re.passed')}</Radio>
            <Radio value={false}>{t('campaigns.re.failed')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="note" label={t('campaigns.re.note')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        {passed === false && (
          <>
            <Form.Item name="newDeadlineDays" label={t('campaigns.re.newDeadline')}>
              <InputNumber min={1} max={90} />
            </Form.Item>
            <Form.Item name="openMatter" valuePropName="checked">
              <Checkbox>{t('campaigns.re.openMatter')}</Checkbox>
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
