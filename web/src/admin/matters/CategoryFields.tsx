import { Form, Input, InputNumber, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../shared/i18n/index.ts';
import { fieldLabel } from '../../shared/matters.ts';
import type { Category } from '../../shared/types.ts';

/** The extra fields a category asks for, as form items under attributes.<code>. */
export function CategoryFields({ category }: { category: Category | undefined }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  if (!category || category.fields.length === 0) return null;
  return (
    <>
      {category.fields.map((field) => {
        const label = fieldLabel(field, locale);
        const rules =
          field.required && field.type !== 'boolean' ? [{ required: true, message: t('validation.required') }] : [];
        const name = ['attributes', field.code];
        switch (field.type) {
          case 'boolean':
            return (
              <Form.Item key={field.code} name={name} label={label} valuePropName="checked" initialValue={false}>
                <Switch checkedChildren={t('common.yes')} unCheckedChildren={t('common.no')} />
              </Form.Item>
            );
          case 'number':
            return (
              <Form.Item key={field.code} name={name} label={label} rules={rules}>
                <InputNumber style={{ width: 200 }} />
              </Form.Item>
            );
          case 'select':
            return (
              <Form.Item key={field.code} name={name} label={label} rules={rules}>
                <Select
                  allowClear={!field.required}
                  style={{ width: 260 }}
                  options={(field.options ?? []).map((o) => ({
                    value: o.value,
                    label: locale === 'en' ? o.labelEn : o.labelZh,
                  }))}
                />
              </Form.Item>
            );
          default:
            return (
              <Form.Item key={field.code} name={name} label={label} rules={rules}>
                <Input maxLength={200} style={{ maxWidth: 360 }} />
              </Form.Item>
            );
        }
      })}
    </>
  );
}

/** Attribute values ready for the API: empty ones left out. */
export function cleanAttributes(
  values: Record<string, unknown> | undefined,
): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [code, value] of Object.entries(values ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      out[code] = typeof value === 'string' ? value.trim() : value;
  }
  return out;
}
