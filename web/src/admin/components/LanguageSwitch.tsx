import { GlobalOutlined } from '@ant-design/icons';
import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { currentLocale, setLocale } from '../../shared/i18n/index.ts';
import type { Locale } from '../../shared/types.ts';

/** 中文 | English; the choice is remembered and sent to the server as Accept-Language. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  return (
    <span className="gz-language" aria-label={t('common.language')}>
      <GlobalOutlined />
      <Segmented<Locale>
        size="small"
        value={currentLocale()}
        onChange={setLocale}
        options={[
          { label: <span lang="zh-CN">中文</span>, value: 'zh-CN' },
          { label: <span lang="en">English</span>, value: 'en' },
        ]}
      />
    </span>
  );
}
