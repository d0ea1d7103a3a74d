import { DeleteOutlined, EditOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Drawer,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import { useCategories } from '../../shared/categories.ts';
import { durationLabel, kindLabel } from '../../shared/matters.ts';
import {
  DEPARTMENTS,
  DURATION_UNITS,
  FIELD_TYPES,
  type Category,
  type CategoryField,
  type CategoryPatch,
  type Duration,
} from '../../shared/types.ts';
import { applyServerFieldErrors } from '../components/formErrors.ts';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { departmentName } from '../../shared/labels.ts';
import { mattersKeys } from '../../shared/query/matters.ts';
import { useQueryClient } from '@tanstack/react-query';
import { mattersCalls } from '../../shared/query/matters.ts';

interface CategoryRow extends Category {
  children?: CategoryRow[];
}

const KIND_COLORS: Record<Category['kind'], string> = {
  report: 'blue',
  help: 'red',
  suggestion: 'green',
  alarm: 'volcano',
  care: 'purple',
  warning: 'magenta',
};

/** 类别与时限: the catalogue as a tree; deadlines, department, keywords, extra fields, on/off. */
export default function CategoriesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const categories = useCategories(true);
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<Category | null>(null);
  const [toggling, setToggling] = useState<number | null>(null);

  const rows = useMemo(() => {
    const all = categories.data ?? [];
    const needle = search.trim().toLowerCase();
    const matches = (c: Category) =>
      !needle ||
      c.name.toLowerCase().includes(needle) ||
      c.code.toLowerCase().includes(needle) ||
      c.nameZh.includes(needle);
    return all
      .filter((c) => c.parentId === null)
      .map((parent): CategoryRow => {
        const children = all.filter((c) => c.parentId === parent.id && (matches(parent) || matches(c)));
        return { ...parent, ...(children.length ? { children } : {}) };
      })
      .filter((row) => matches(row) || row.children?.length);
  }, [categories.data, search]);

  const reload = () => {
    void queryClient.invalidateQueries({ queryKey: mattersKeys.all });
  };

  const setActive = async (category: Category, active: boolean) => {
    setToggling(category.id);
    try {
      await mattersCalls.updateCategory(category.id, { active });
      message.success(t(active ? 'categories.activated' : 'categories.deactivated', { name: category.name }));
      reload();
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setToggling(null);
    }
  };

  return (
    <div className="gz-page">
      <PageHeader title={t('nav.categories')} description={t('categories.subtitle')} />
      <Card>
        <div className="gz-filters">
          <Input.Search
            allowClear
            placeholder={t('categories.search')}
            onSearch={setSearch}
            onChange={(e) => !e.target.value && setSearch('')}
            style={{ width: 280 }}
          />
          <Typography.Text type="secondary">{t('categories.deadlinesNote')}</Typography.Text>
        </div>
        {categories.error && <LoadError error={categories.error} onRetry={() => void categories.refetch()} />}
        <Table<CategoryRow>
          rowKey="id"
          size="middle"
          loading={categories.isLoading}
          dataSource={rows}
          pagination={false}
          expandable={{ defaultExpandAllRows: false, ...(search ? { expandedRowKeys: rows.map((r) => r.id) } : {}) }}
          scroll={{ x: 1080 }}
          rowClassName={(c) => (c.active ? '' : 'gz-row-inactive')}
          columns={[
            {
              title: t('categories.name'),
              dataIndex: 'name',
              render: (name: string, c) => (
                <div className="gz-two-lines" data-testid={`category-${c.code}`}>
                  <strong>{name}</strong>
                  <div className="gz-muted gz-small gz-mono">{c.code}</div>
                </div>
              ),
            },
            {
              title: t('categories.kind'),
              dataIndex: 'kind',
              width: 96,
              render: (kind: Category['kind']) => <Tag color={KIND_COLORS[kind]}>{kindLabel(t, kind)}</Tag>,
            },
            {
              title: t('categories.department'),
              dataIndex: 'department',
              width: 190,
              render: (d: string, c) => departmentName(t, d) || c.departmentName,
            },
            {
              title: t('categories.acceptWithin'),
              dataIndex: 'acceptWithin',
              width: 130,
              render: (d: Duration) => <span data-testid="accept-within">{durationLabel(t, d)}</span>,
            },
            {
              title: t('categories.resolveWithin'),
              dataIndex: 'resolveWithin',
              width: 130,
              render: (d: Duration) => <span data-testid="resolve-within">{durationLabel(t, d)}</span>,
            },
            {
              title: t('categories.fields'),
              dataIndex: 'fields',
              width: 100,
              render: (fields: CategoryField[]) =>
                fields.length ? (
                  t('categories.fieldCount', { count: fields.length })
                ) : (
                  <span className="gz-muted">—</span>
                ),
            },
            {
              title: t('categories.active'),
              dataIndex: 'active',
              width: 80,
              render: (active: boolean, c) => (
                <Switch
                  size="small"
                  checked={active}
                  loading={toggling === c.id}
                  onChange={(on) => void setActive(c, on)}
                  aria-label={t('categories.active')}
                />
              ),
            },
            {
              title: t('common.actions'),
              key: 'edit',
              width: 90,
              render: (_v, c) => (
                <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(c)}>
                  {t('common.edit')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      {editing && (
        <CategoryDrawer
          category={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            reload();
          }}
        />
      )}
    </div>
  );
}

interface CategoryForm {
  nameZh: string;
  nameEn: string;
  department: string;
  acceptWithin: Duration;
  resolveWithin: Duration;
  keywords: string[];
  fields: CategoryField[];
  active: boolean;
  confirmOnSite: boolean;
}

const FORM_FIELDS = [
  'nameZh',
  'nameEn',
  'department',
  'acceptWithin',
  'resolveWithin',
  'keywords',
  'fields',
  'active',
  'confirmOnSite',
];

function DurationInput({ name, label }: { name: 'acceptWithin' | 'resolveWithin'; label: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item label={label} required>
      <Space.Compact>
        <Form.Item
          name={[name, 'amount']}
          noStyle
          rules={[{ required: true, type: 'integer', min: 1, max: 10000, message: t('categories.amountRequired') }]}
        >
          <InputNumber
            min={1}
            max={10000}
            precision={0}
            style={{ width: 110 }}
            aria-label={`${label} · ${t('categories.amount')}`}
          />
        </Form.Item>
        <Form.Item name={[name, 'unit']} noStyle>
          <Select
            style={{ width: 130 }}
            options={DURATION_UNITS.map((u) => ({ value: u, label: t(`matters.unitNames.${u}`) }))}
            aria-label={`${label} · ${t('categories.unit')}`}
          />
        </Form.Item>
      </Space.Compact>
    </Form.Item>
  );
}

function CategoryDrawer({
  category,
  onClose,
  onSaved,
}: {
  category: Category;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CategoryForm>();
  const [saving, setSaving] = useState(false);

  const submit = async (values: CategoryForm) => {
    const body: CategoryPatch = {
      nameZh: values.nameZh.trim(),
      nameEn: values.nameEn.trim(),
      department: values.department,
      acceptWithin: values.acceptWithin,
      resolveWithin: values.resolveWithin,
      keywords: values.keywords.map((k) => k.trim()).filter(Boolean),
      fields: (values.fields ?? []).map((f) => ({
        code: f.code.trim(),
        labelZh: f.labelZh.trim(),
        labelEn: f.labelEn.trim(),
        type: f.type,
        required: Boolean(f.required),
        ...(f.type === 'select'
          ? {
              options: (f.options ?? []).map((o) => ({
                value: o.value.trim(),
                labelZh: o.labelZh.trim(),
                labelEn: o.labelEn.trim(),
              })),
            }
          : {}),
      })),
      active: values.active,
      confirmOnSite: values.confirmOnSite,
    };
    setSaving(true);
    try {
      const saved = await mattersCalls.updateCategory(category.id, body);
      message.success(t('categories.saved', { name: saved.name }));
      onSaved();
    } catch (error) {
      if (!applyServerFieldErrors(form, error, FORM_FIELDS)) message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open
      title={t('categories.editTitle', { name: category.name })}
      size={720}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form<CategoryForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          nameZh: category.nameZh,
          nameEn: category.nameEn,
          department: category.department,
          acceptWithin: category.acceptWithin,
          resolveWithin: category.resolveWithin,
          keywords: category.keywords,
          fields: category.fields,
          active: category.active,
          confirmOnSite: category.confirmOnSite,
        }}
      >
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="nameZh"
              label={t('categories.nameZh')}
              rules={[{ required: true, whitespace: true, max: 40 }]}
            >
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="nameEn"
              label={t('categories.nameEn')}
              rules={[{ required: true, whitespace: true, max: 60 }]}
            >
              <Input maxLength={60} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="department" label={t('categories.department')} rules={[{ required: true }]}>
              <Select options={DEPARTMENTS.map((d) => ({ value: d, label: t(`departments.${d}`) }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="active" label={t('categories.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="confirmOnSite"
          label={t('categories.confirmOnSite')}
          extra={t('categories.confirmOnSiteHint')}
          valuePropName="checked"
        >
          <Switch />
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}>
            <DurationInput name="acceptWithin" label={t('categories.acceptWithin')} />
          </Col>
          <Col span={12}>
            <DurationInput name="resolveWithin" label={t('categories.resolveWithin')} />
          </Col>
        </Row>
        <Typography.Paragraph type="secondary" className="gz-small" style={{ marginTop: -12 }}>
          {t('categories.deadlinesNote')}
        </Typography.Paragraph>
        <Form.Item name="keywords" label={t('categories.keywords')} extra={t('categories.keywordsHint')}>
          <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，', ' ']} />
        </Form.Item>
        <Form.Item label={t('categories.fields')}>
          <Form.List name="fields">
            {(fields, { add, remove }) => (
              <div className="gz-fields-editor">
                {fields.map((field) => (
                  <FieldEditor key={field.key} name={field.name} onRemove={() => remove(field.name)} />
                ))}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({ code: '', labelZh: '', labelEn: '', type: 'text', required: false })}
                >
                  {t('categories.addField')}
                </Button>
              </div>
            )}
          </Form.List>
        </Form.Item>
      </Form>
    </Drawer>
  );
}

function FieldEditor({ name, onRemove }: { name: number; onRemove: () => void }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<CategoryForm>();
  const type = Form.useWatch(['fields', name, 'type'], form);
  return (
    <div className="gz-field-card">
      <Row gutter={8} align="bottom">
        <Col span={6}>
          <Form.Item
            name={[name, 'code']}
            label={t('categories.fieldCode')}
            rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{0,39}$/, message: t('categories.fieldCodeRule') }]}
          >
            <Input className="gz-mono" />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item
            name={[name, 'labelZh']}
            label={t('categories.fieldLabelZh')}
            rules={[{ required: true, whitespace: true, max: 40 }]}
          >
            <Input maxLength={40} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item
            name={[name, 'labelEn']}
            label={t('categories.fieldLabelEn')}
            rules={[{ required: true, whitespace: true, max: 60 }]}
          >
            <Input maxLength={60} />
          </Form.Item>
        </Col>
        <Col span={4}>
          <Form.Item name={[name, 'type']} label={t('categories.fieldType')}>
            <Select options={FIELD_TYPES.map((ft) => ({ value: ft, label: t(`categories.fieldTypes.${ft}`) }))} />
          </Form.Item>
        </Col>
        <Col span={2}>
          <Form.Item>
            <Button type="text" danger icon={<DeleteOutlined />} onClick={onRemove} aria-label={t('common.delete')} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name={[name, 'required']} valuePropName="checked" style={{ marginBottom: type === 'select' ? 8 : 0 }}>
        <Checkbox>{t('categories.required')}</Checkbox>
      </Form.Item>
      {type === 'select' && (
        <Form.List name={[name, 'options']}>
          {(options, { add, remove }) => (
            <div className="gz-field-options">
              <Typography.Text type="secondary" className="gz-small">
                {t('categories.options')}
              </Typography.Text>
              {options.map((option) => (
                <Space key={option.key} align="baseline" size={6}>
                  <Form.Item
                    name={[option.name, 'value']}
                    rules={[{ required: true, max: 40 }]}
                    style={{ marginBottom: 6 }}
                  >
                    <Input placeholder={t('categories.optionValue')} className="gz-mono" style={{ width: 120 }} />
                  </Form.Item>
                  <Form.Item
                    name={[option.name, 'labelZh']}
                    rules={[{ required: true, max: 40 }]}
                    style={{ marginBottom: 6 }}
                  >
                    <Input placeholder={t('categories.fieldLabelZh')} style={{ width: 160 }} />
                  </Form.Item>
                  <Form.Item
                    name={[option.name, 'labelEn']}
                    rules={[{ required: true, max: 60 }]}
                    style={{ marginBottom: 6 }}
                  >
                    <Input placeholder={t('categories.fieldLabelEn')} style={{ width: 160 }} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(option.name)} aria-label={t('common.delete')} />
                </Space>
              ))}
              <Button
                size="small"
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ value: '', labelZh: '', labelEn: '' })}
              >
                {t('categories.addOption')}
              </Button>
            </div>
          )}
        </Form.List>
      )}
    </div>
  );
}
