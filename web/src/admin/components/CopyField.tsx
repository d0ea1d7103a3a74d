import { CopyOutlined } from '@ant-design/icons';
import { App, Button, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';

/** A value shown once, read-only, with a copy button. */
export function CopyField({ value, label, testId }: { value: string; label: string; testId?: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      message.success(t('iot.devices.copied'));
    } catch {
      message.error(t('iot.devices.copyFailed'));
    }
  };
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Input
        readOnly
        value={value}
        aria-label={label}
        className="gz-mono"
        data-testid={testId}
        onFocus={(e) => e.currentTarget.select()}
      />
      <Button icon={<CopyOutlined />} onClick={() => void copy()}>
        {t('iot.devices.copy')}
      </Button>
    </Space.Compact>
  );
}
