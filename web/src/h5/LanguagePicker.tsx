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
        { label: <span lang="zh-CN">中文</span>, value: 'zh-CN' },
        { label: <span lang="en">English</span>, value: 'en' },
      ]}
    />
  );
}
