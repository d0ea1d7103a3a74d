import { Selector } from 'antd-mobile';
import { currentLocale, setLocale } from '../shared/i18n/index.ts';
import type { Locale } from '../shared/types.ts';

export function LanguagePicker() {
  return (
    <Selector<Locale>
      className="h5-language"
      columns={2}
      value={[currentLocale()]}
      onChange={([locale]) => {
        if (locale) setLocale(locale);
      }}
      options={[
        { label: '中文', value: 'zh-CN' },
        { label: 'English', value: 'en' },
      ]}
    />
  );
}
