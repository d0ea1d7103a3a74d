import { useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Form, Input, Popover, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import { CLOSE_REASONS, type CloseInput, specialApi, specialKeys } from '../../shared/special.ts';
import { applyServerFieldErrors } from '../components/formErrors.ts';

interface CloseValues {
  endsOn: Dayjs;
  reason: CloseInput['reason'];
  note?: string;
}

/** Ends an entry (期满解除, 迁出 …): it is kept, and no visit falls due any more. */
export function CloseEntry({ id, startsOn }: { id: number; startsOn: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<CloseValues>();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const updated = await specialApi.close(id, {
        endsOn: v.endsOn.format('YYYY-MM-DD'),
        reason: v.reason,
        note: v.note?.trim() ?? '',
      });
      client.setQueryData(specialKeys.entry(id), updated);
      void client.invalidateQueries({ queryKey: [...specialKeys.all, 'entries'] });
      setOpen(false);
      message.success(t('special.closed'));
    } catch (error) {
      if (!applyServerFieldErrors(form, error, ['endsOn', 'reason', 'note'])) message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      title={t('special.close')}
      content={
        <Form
          form={form}
          layout="vertical"
          initialValues={{ endsOn: dayjs(), reason: 'term_ended' }}
          style={{ width: 260 }}
        >
          <Form.Item name="endsOn" label={t('special.closeOn')} rules={[{ required: true }]}>
            <DatePicker
              allowClear={false}
              disabledDate={(d) => d.isAfter(dayjs(), 'day') || d.isBefore(dayjs(startsOn), 'day')}
            />
          </Form.Item>
          <Form.Item name="reason" label={t('special.closeReason')} rules={[{ required: true }]}>
            <Select options={CLOSE_REASONS.map((r) => ({ value: r, label: t(`special.closeReasons.${r}`) }))} />
          </Form.Item>
          <Form.Item name="note" label={t('special.note')} rules={[{ max: 500 }]}>
            <Input maxLength={500} />
          </Form.Item>
          <Button danger type="primary" loading={saving} onClick={() => void save()} data-testid="special-close-save">
            {t('special.close')}
          </Button>
        </Form>
      }
    >
      <Button danger data-testid="special-close">
        {t('special.close')}
      </Button>
    </Popover>
  );
}
