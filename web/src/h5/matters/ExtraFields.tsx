import { Input, Selector, Switch } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../shared/i18n/index.ts';
import { fieldLabel } from '../../shared/matters.ts';
import type { Category } from '../../shared/types.ts';

export type Attributes = Record<string, string | number | boolean>;

/** Required extra fields the user has left empty, by label. */
export function missingFields(category: Category | undefined, values: Attributes): string[] {
  const locale = currentLocale();
  return (category?.fields ?? [])
    .filter((f) => f.required && f.type !== 'boolean' && (values[f.code] === undefined || values[f.code] === ''))
    .map((f) => fieldLabel(f, locale));
}

/** The extra fields a category asks for (车牌号, 是否有人被困, …). */
export function ExtraFields({
  category,
  values,
  onChange,
}: {
  category: Category | undefined;
  values: Attributes;
  onChange: (values: Attributes) => void;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  if (!category || category.fields.length === 0) return null;
  const set = (code: string, value: string | number | boolean | undefined) => {
    const next = { ...values };
    if (value === undefined || value === '') delete next[code];
    else next[code] = value;
    onChange(next);
  };
  return (
    <div className="h5-extra-fields">
      {category.fields.map((field) => (
        <div key={field.code} className="h5-field">
          <div className="h5-field-label">
            {field.required && <span className="h5-required">*</span>}
            {fieldLabel(field, locale)}
          </div>
          {field.type === 'boolean' ? (
            <Switch
              checked={values[field.code] === true}
              onChange={(on) => set(field.code, on)}
              checkedText={t('common.yes')}
              uncheckedText={t('common.no')}
            />
          ) : field.type === 'select' ? (
            <Selector
              columns={2}
              value={values[field.code] !== undefined ? [String(values[field.code])] : []}
              onChange={(picked) => set(field.code, picked[0])}
              options={(field.options ?? []).map((o) => ({
                value: o.value,
                label: locale === 'en' ? o.labelEn : o.labelZh,
              }))}
            />
          ) : (
            <Input
              className="h5-input"
              type={field.type === 'number' ? 'number' : 'text'}
              value={values[field.code] !== undefined ? String(values[field.code]) : ''}
              onChange={(text) =>
                set(field.code, field.type === 'number' ? (text === '' ? undefined : Number(text)) : text)
              }
              placeholder={t('common.optional')}
              clearable
            />
          )}
        </div>
      ))}
    </div>
  );
}
