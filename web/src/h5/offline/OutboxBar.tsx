import { Button, NoticeBar, Popup, Space } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { outbox } from './outbox.ts';
import { useOutboxItems } from './useOutbox.ts';
import './offline.css';

/** "待发送 N 项": what the phone still holds, with a failed item's error and retry/discard. */
export function OutboxBar() {
  const { t } = useTranslation();
  const items = useOutboxItems() ?? [];
  const [open, setOpen] = useState(false);
  if (items.length === 0) return null;
  const failed = items.filter((i) => i.state === 'failed').length;
  return (
    <>
      <NoticeBar
        data-testid="outbox-bar"
        color={failed ? 'error' : 'alert'}
        wrap
        content={
          failed
            ? t('workbench.outbox.failedCount', { count: failed, total: items.length })
            : t('workbench.outbox.waiting', { count: items.length })
        }
        extra={
          <a onClick={() => setOpen(true)} data-testid="outbox-show">
            {t('workbench.outbox.show')}
          </a>
        }
      />
      <Popup
        visible={open}
        onMaskClick={() => setOpen(false)}
        bodyStyle={{ padding: 16, maxHeight: '70vh', overflow: 'auto' }}
      >
        <h3 style={{ marginTop: 0 }}>{t('workbench.outbox.title')}</h3>
        {items.map((item) => (
          <div key={item.key} data-testid="outbox-item" className="h5-outbox-item">
            <div>{item.label}</div>
            <div className="h5-outbox-item-meta">
              {new Date(item.takenAt).toLocaleString()} ·{' '}
              {item.state === 'failed' ? t('workbench.outbox.failed') : t('workbench.outbox.pending')}
              {item.photos.length > 0 &&
                ` · ${
                  item.uploaded.length
                    ? t('workbench.outbox.photosUploaded', { count: item.photos.length, done: item.uploaded.length })
                    : t('workbench.outbox.photos', { count: item.photos.length })
                }`}
            </div>
            {item.error && <div style={{ color: 'var(--adm-color-danger)' }}>{item.error}</div>}
            {item.state === 'failed' && (
              <Space style={{ marginTop: 4 }}>
                <Button size="mini" color="primary" onClick={() => void outbox.retry(item.key)}>
                  {t('workbench.outbox.retry')}
                </Button>
                <Button size="mini" onClick={() => void outbox.discard(item.key)}>
                  {t('workbench.outbox.discard')}
                </Button>
              </Space>
            )}
          </div>
        ))}
        <Button block style={{ marginTop: 12 }} onClick={() => void outbox.flush()}>
          {t('workbench.outbox.sendNow')}
        </Button>
      </Popup>
    </>
  );
}
