import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, DatePicker, Form, Input, InputNumber, Modal, Segmented, Select, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../shared/api.ts';
import { departmentName } from '../../shared/labels.ts';
import { supervisionCalls, supervisionKeys } from '../../shared/query/supervision.ts';
import { zonedWallClockToIso } from '../../shared/time.ts';
import { DEPARTMENTS } from '../../shared/types.ts';
import { CommunitySelect } from '../components/CommunitySelect.tsx';
import { useOrgTree } from '../org/OrgTreeContext.tsx';

type Kind = 'matter' | 'department' | 'community';

interface Values {
  matterId?: number;
  department?: string;
  areaId?: number;
  communityId?: number;
  deadline: Dayjs;
  note: string;
  listed: boolean;
}

/**
 * 下达督办: a matter (given, or by its id), a department over a street or district, or a
 * community, with a deadline, what is asked and whether it is listed (挂牌督办).
 */
export function SuperviseForm({
  open,
  onClose,
  matterId,
}: {
  open: boolean;
  onClose: () => void;
  /** Supervise this matter (from its page); otherwise the form asks what to supervise. */
  matterId?: number;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { index } = useOrgTree();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [kind, setKind] = useState<Kind>('matter');
  const areas = [...(index?.divisionById.values() ?? [])].filter((d) => d.level === 'street' || d.level === 'district');

  const create = useMutation({
    mutationFn: (v: Values) =>
      supervisionCalls.create({
        ...(matterId !== undefined || kind === 'matter'
          ? { matterId: matterId ?? v.matterId }
          : kind === 'department'
            ? { department: v.department, divisionId: v.areaId }
            : { divisionId: v.communityId }),
        deadline: zonedWallClockToIso(v.deadline),
        note: v.note,
        listed: v.listed,
      }),
    onSuccess: () => {
      void message.success(t('supervision.created'));
      void queryClient.invalidateQueries({ queryKey: supervisionKeys.all });
      form.resetFields();
      onClose();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.fieldErrors().size > 0) {
        form.setFields(
          [...error.fieldErrors()].map(([name, errors]) => ({
            name: name === 'divisionId' ? (kind === 'department' ? 'areaId' : 'communityId') : name,
            errors,
          })) as Parameters<typeof form.setFields>[0],
        );
      }
      void message.error(errorMessage(error));
    },
  });

  return (
    <Modal
      open={open}
      title={matterId !== undefined ? t('supervision.superviseTitle') : t('supervision.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ listed: false, deadline: dayjs().add(3, 'day').hour(17).minute(0).second(0) }}
        onFinish={(v) => create.mutate(v)}
      >
        {matterId === undefined && (
          <Form.Item label={t('supervision.form.kind')}>
            <Segmented<Kind>
              value={kind}
              onChange={setKind}
              options={[
                { value: 'matter', label: t('supervision.form.kindMatter') },
                { value: 'department', label: t('supervision.form.kindDepartment') },
                { value: 'community', label: t('supervision.form.kindCommunity') },
              ]}
            />
          </Form.Item>
        )}
        {matterId === undefined && kind === 'matter' && (
          <Form.Item name="matterId" label={t('supervision.form.matterId')} rules={[{ required: true }]}>
            <InputNumber min={1} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        )}
        {matterId === undefined && kind === 'department' && (
          <>
            <Form.Item name="department" label={t('supervision.form.department')} rules={[{ required: true }]}>
              <Select
                showSearch
                optionFilterProp="label"
                options={DEPARTMENTS.map((code) => ({ value: code, label: departmentName(t, code) }))}
              />
            </Form.Item>
            <Form.Item name="areaId" label={t('supervision.form.area')} rules={[{ required: true }]}>
              <Select
                showSearch
                optionFilterProp="label"
                options={areas.map((d) => ({ value: d.id, label: d.name }))}
              />
            </Form.Item>
          </>
        )}
        {matterId === undefined && kind === 'community' && (
          <Form.Item name="communityId" label={t('supervision.form.community')} rules={[{ required: true }]}>
            <CommunitySelect />
          </Form.Item>
        )}
        <Form.Item name="deadline" label={t('supervision.form.deadline')} rules={[{ required: true }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label={t('supervision.form.note')} rules={[{ required: true, min: 2 }]}>
          <Input.TextArea rows={3} maxLength={1000} placeholder={t('supervision.form.notePlaceholder')} />
        </Form.Item>
        <Form.Item name="listed" label={t('supervision.form.listed')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
