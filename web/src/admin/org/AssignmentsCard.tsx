import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Alert,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import { assignmentKindLabel } from '../../shared/labels.ts';
import { isValidPhone } from '../../shared/personal-data.ts';
import { can, useMe } from '../../shared/session.tsx';
import {
  ASSIGNMENT_KINDS,
  type Assignment,
  type AssignmentInput,
  type AssignmentKind,
  type Building,
  type Grid,
} from '../../shared/types.ts';
import { applyServerFieldErrors } from '../components/formErrors.ts';
import { LoadError } from '../components/LoadError.tsx';
import { orgCalls } from '../../shared/query/org.ts';

interface AssignmentsCardProps {
  grid: Grid;
  buildings: Building[];
  assignments: Assignment[] | undefined;
  error: unknown;
  onReload: () => void;
  /** Called after a change, so the board preview can refresh. */
  onChanged: () => void;
}

/** 包联: who answers for the grid and for each of its buildings. */
export function AssignmentsCard({ grid, buildings, assignments, error, onReload, onChanged }: AssignmentsCardProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const canWrite = can(me, 'org.assignment.write');
  const [adding, setAdding] = useState(false);

  const remove = async (assignment: Assignment) => {
    try {
      await orgCalls.deleteAssignment(assignment.id);
      message.success(t('assignments.removed', { name: assignment.name }));
      onChanged();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <Card
      title={t('assignments.title')}
      extra={
        canWrite && (
          <Button type="primary" size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {t('assignments.add')}
          </Button>
        )
      }
    >
      {error !== undefined && <LoadError error={error} onRetry={onReload} />}
      <Table<Assignment>
        size="small"
        rowKey="id"
        loading={assignments === undefined && error === undefined}
        dataSource={assignments ?? []}
        pagination={false}
        locale={{ emptyText: t('assignments.empty') }}
        columns={[
          {
            title: t('assignments.kind'),
            dataIndex: 'kind',
            width: 110,
            render: (kind: AssignmentKind) => <Tag color="red">{assignmentKindLabel(t, kind)}</Tag>,
          },
          {
            title: t('assignments.name'),
            dataIndex: 'name',
            width: 110,
            render: (name: string) => <strong>{name}</strong>,
          },
          {
            title: t('assignments.scope'),
            key: 'scope',
            width: 140,
            render: (_v, a) => a.buildingName ?? t('assignments.gridScope'),
          },
          {
            title: t('assignments.phone'),
            dataIndex: 'contactPhone',
            width: 130,
            render: (phone: string) => phone || '—',
          },
          { title: t('assignments.duty'), dataIndex: 'duty', ellipsis: true },
          ...(canWrite
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 80,
                  render: (_v: unknown, a: Assignment) => (
                    <Popconfirm
                      title={t('assignments.removeConfirm', { name: a.name })}
                      okText={t('assignments.remove')}
                      okButtonProps={{ danger: true }}
                      onConfirm={() => remove(a)}
                    >
                      <Typography.Link type="danger">{t('assignments.remove')}</Typography.Link>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
      <AddAssignmentModal
        open={adding}
        grid={grid}
        buildings={buildings}
        onClose={() => setAdding(false)}
        onAdded={() => {
          setAdding(false);
          onChanged();
        }}
      />
    </Card>
  );
}

interface AssignmentForm {
  target: string;
  kind: AssignmentKind;
  name: string;
  contactPhone?: string;
  publishPhone?: boolean;
  duty?: string;
  pledge?: string;
}

const FORM_FIELDS = ['kind', 'name', 'contactPhone', 'publishPhone', 'duty', 'pledge'];
/** Roles that belong to a building, not to a grid. */
const BUILDING_ONLY_KINDS: AssignmentKind[] = ['building_leader', 'party_member'];

function AddAssignmentModal({
  open,
  grid,
  buildings,
  onClose,
  onAdded,
}: {
  open: boolean;
  grid: Grid;
  buildings: Building[];
  onClose: () => void;
  onAdded: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<AssignmentForm>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const target = Form.useWatch('target', form) ?? 'grid';

  const submit = async (values: AssignmentForm) => {
    setSaving(true);
    setFailure(null);
    const buildingId = values.target === 'grid' ? null : Number(values.target.slice(2));
    const input: AssignmentInput = {
      kind: values.kind,
      gridId: buildingId === null ? grid.id : null,
      buildingId,
      name: values.name.trim(),
      contactPhone: values.contactPhone?.trim() ?? '',
      publishPhone: Boolean(values.publishPhone && values.contactPhone?.trim()),
      duty: values.duty?.trim() ?? '',
      pledge: values.pledge?.trim() ?? '',
    };
    try {
      await orgCalls.createAssignment(input);
      message.success(t('assignments.added', { name: input.name }));
      form.resetFields();
      onAdded();
    } catch (error) {
      if (!applyServerFieldErrors(form, error, FORM_FIELDS)) setFailure(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={t('assignments.addTitle', { grid: grid.name })}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      okText={t('common.save')}
      destroyOnHidden
      afterClose={() => setFailure(null)}
    >
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} />}
      <Form<AssignmentForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ target: 'grid', kind: 'grid_worker' }}
        preserve={false}
      >
        <Form.Item name="target" label={t('assignments.scope')} rules={[{ required: true }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={[
              { value: 'grid', label: t('assignments.thisGrid', { grid: grid.name }) },
              ...buildings.map((b) => ({ value: `b-${b.id}`, label: b.name })),
            ]}
            onChange={(value: string) =>
              form.setFieldValue('kind', value === 'grid' ? 'grid_worker' : 'building_leader')
            }
          />
        </Form.Item>
        <Form.Item
          name="kind"
          label={t('assignments.kind')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Select
            options={ASSIGNMENT_KINDS.filter((kind) =>
              target === 'grid' ? !BUILDING_ONLY_KINDS.includes(kind) : true,
            ).map((kind) => ({
              value: kind,
              label: assignmentKindLabel(t, kind),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('assignments.name')}
          rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 60 }]}
        >
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item
          name="contactPhone"
          label={t('assignments.phone')}
          extra={t('assignments.phoneHint')}
          rules={[
            {
              validator: (_r, value?: string) =>
                !value || isValidPhone(value) ? Promise.resolve() : Promise.reject(new Error(t('validation.phone'))),
            },
          ]}
        >
          <Input maxLength={20} inputMode="tel" />
        </Form.Item>
        <Form.Item name="publishPhone" valuePropName="checked" extra={t('assignments.publishPhoneHint')}>
          <Checkbox>{t('assignments.publishPhone')}</Checkbox>
        </Form.Item>
        <Form.Item name="duty" label={t('assignments.duty')} rules={[{ max: 200 }]}>
          <Input.TextArea rows={2} maxLength={200} showCount />
        </Form.Item>
        <Form.Item name="pledge" label={t('assignments.pledge')} rules={[{ max: 300 }]}>
          <Input.TextArea rows={2} maxLength={300} showCount placeholder={t('assignments.pledgePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
