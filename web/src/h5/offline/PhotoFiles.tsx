import { Image } from 'antd-mobile';
import { CameraOutline, CloseOutline } from 'antd-mobile-icons';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_PHOTOS, PHOTO_ACCEPT } from '../../shared/media.ts';
import './offline.css';

/**
 * Photos picked (camera or album) and kept as files on the phone: nothing is uploaded here, so
 * it works with no network; the outbox uploads them when the action is sent.
 */
export function PhotoFiles({
  value,
  onChange,
  max = MAX_PHOTOS,
}: {
  value: File[];
  onChange: (files: File[]) => void;
  max?: number;
}) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [urls, setUrls] = useState<string[]>([]);
  useEffect(() => {
    const made = value.map((f) => URL.createObjectURL(f));
    setUrls(made);
    return () => {
      for (const u of made) URL.revokeObjectURL(u);
    };
  }, [value]);
  return (
    <div className="h5-photo-files">
      {urls.map((url, i) => (
        <div key={url} className="h5-photo-file" data-testid="picked-photo">
          <Image src={url} width={72} height={72} fit="cover" style={{ borderRadius: 4 }} />
          <CloseOutline
            role="button"
            aria-label={t('workbench.matter.removePhoto')}
            className="h5-photo-file-remove"
            onClick={() => onChange(value.filter((_, j) => j !== i))}
          />
        </div>
      ))}
      {value.length < max && (
        <button
          type="button"
          className="h5-photo-file-add"
          onClick={() => input.current?.click()}
          data-testid="pick-photo"
        >
          <CameraOutline fontSize={24} />
          <span>{t('workbench.outbox.addPhoto')}</span>
        </button>
      )}
      <input
        ref={input}
        type="file"
        accept={PHOTO_ACCEPT}
        multiple
        hidden
        onChange={(e) => {
          const picked = [...(e.target.files ?? [])];
          e.target.value = '';
          if (picked.length) onChange([...value, ...picked].slice(0, max));
        }}
      />
    </div>
  );
}
