import { useQueryClient } from '@tanstack/react-query';
import { Button, Image, Input, Popup, TextArea, Toast } from 'antd-mobile';
import { CameraOutline, CloseOutline, LocationOutline } from 'antd-mobile-icons';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { wgs84ToGcj02 } from '../../shared/geo/gcj02.ts';
import { mattersKeys } from '../../shared/query/matters.ts';
import type { MatterDetail } from '../../shared/types.ts';
import { outbox } from '../offline/outbox.ts';

/** The staff actions on the phone, in the order of the work. */
const ACTIONS = ['accept', 'start', 'resolve', 'note', 'escalate', 'return', 'request_extension'] as const;
type StaffAction = (typeof ACTIONS)[number];

/** Where each action is posted, and what its text field is called in the body. */
const SPEC: Record<StaffAction, { path: string; field: 'note' | 'reason'; min: number; photos?: boolean }> = {
  accept: { path: 'accept', field: 'note', min: 0 },
  start: { path: 'start', field: 'note', min: 0 },
  resolve: { path: 'resolve', field: 'note', min: 2, photos: true },
  note: { path: 'notes', field: 'note', min: 1, photos: true },
  escalate: { path: 'escalate', field: 'reason', min: 2 },
  return: { path: 'return', field: 'reason', min: 1 },
  request_extension: { path: 'extensions', field: 'reason', min: 1 },
};

/** 高德's marker link, at the point turned from WGS-84 into GCJ-02 (what 高德 maps are drawn in). */
export function amapMarkerUrl(location: { lat: number; lng: number }, name: string): string {
  const [lng, lat] = wgs84ToGcj02(location.lng, location.lat);
  return `https://uri.amap.com/marker?position=${lng.toFixed(6)},${lat.toFixed(6)}&name=${encodeURIComponent(name)}`;
}

/** A datetime-local value three days on, or three days after the current deadline. */
function defaultUntil(dueAt: string | null): string {
  const base = dueAt ? Math.max(Date.parse(dueAt), Date.now()) : Date.now();
  const d = new Date(base + 3 * 24 * 3600 * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * The staff's buttons on the phone's matter page (受理, 开始处置, 办结 with photos from the camera,
 * 备注, 上报, 退单, 申请延期). Each goes through the offline outbox, so it has an Idempotency-Key and
 * is kept on the phone when there is no network; the matter refetches whenever the outbox changes.
 */
export function StaffActions({ matter }: { matter: MatterDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<StaffAction | null>(null);
  const id = matter.id;

  // An item sent (now or when the network came back): the matter and the lists are fetched again.
  useEffect(
    () =>
      outbox.subscribe(() => {
        void queryClient.invalidateQueries({ queryKey: mattersKeys.all });
      }),
    [queryClient],
  );

  const shown = ACTIONS.filter((a) => matter.allowedActions.includes(a));
  const place = matter.address || matter.category.name;

  const submit = async (action: StaffAction, text: string, photos: File[], until: string) => {
    const spec = SPEC[action];
    const body: Record<string, unknown> = { [spec.field]: text };
    if (action === 'note') body.internal = false;
    if (action === 'request_extension') body.until = new Date(until).toISOString();
    const item = await outbox.enqueue({
      method: 'POST',
      path: `/api/matters/${id}/${spec.path}`,
      body,
      label: `${t(`workbench.matter.actions.${action}`)} · ${matter.code}`,
      photos: spec.photos ? photos : [],
    });
    const left = (await outbox.items()).find((i) => i.key === item.key);
    if (!left) Toast.show({ icon: 'success', content: t('workbench.matter.sent') });
    else if (left.state === 'failed') Toast.show({ icon: 'fail', content: left.error ?? t('workbench.outbox.failed') });
    else Toast.show({ content: t('workbench.matter.kept') });
    void queryClient.invalidateQueries({ queryKey: mattersKeys.all });
    setOpen(null);
  };

  return (
    <>
      <section className="h5-card" data-testid="staff-actions">
        <div className="h5-card-title">{t('workbench.matter.title')}</div>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
          {shown.map((action) => (
            <Button
              key={action}
              size="small"
              shape="rounded"
              color={action === 'resolve' || action === 'accept' || action === 'start' ? 'primary' : 'default'}
              fill={action === 'resolve' || action === 'accept' || action === 'start' ? 'solid' : 'outline'}
              data-testid={`staff-${action}`}
              onClick={() => setOpen(action)}
            >
              {t(`workbench.matter.actions.${action}`)}
            </Button>
          ))}
          {shown.length === 0 && <span className="h5-muted h5-small">{t('workbench.matter.none')}</span>}
        </div>
        {matter.location && (
          <a
            href={amapMarkerUrl(matter.location, place)}
            target="_blank"
            rel="noreferrer"
            data-testid="open-in-map"
            style={{ display: 'inline-flex', alignItems: 'center', gap: 4, marginTop: 12 }}
          >
            <LocationOutline /> {t('workbench.matter.openInMap')}
          </a>
        )}
      </section>
      {open && (
        <ActionSheet
          key={open}
          action={open}
          dueAt={matter.dueAt}
          onClose={() => setOpen(null)}
          onSubmit={(text, photos, until) => submit(open, text, photos, until)}
        />
      )}
    </>
  );
}

function ActionSheet({
  action,
  dueAt,
  onClose,
  onSubmit,
}: {
  action: StaffAction;
  dueAt: string | null;
  onClose: () => void;
  onSubmit: (text: string, photos: File[], until: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const spec = SPEC[action];
  const [text, setText] = useState('');
  const [photos, setPhotos] = useState<File[]>([]);
  const [until, setUntil] = useState(() => defaultUntil(dueAt));
  const [busy, setBusy] = useState(false);
  return (
    <Popup visible onMaskClick={onClose} bodyClassName="h5-sheet" data-testid={`sheet-${action}`}>
      <div className="h5-sheet-title">{t(`workbench.matter.actions.${action}`)}</div>
      {action === 'request_extension' && (
        <label style={{ display: 'block', marginBottom: 8 }}>
          <div className="h5-muted h5-small">{t('workbench.matter.until')}</div>
          <Input
            type="datetime-local"
            value={until}
            onChange={setUntil}
            data-testid="extension-until"
            style={{ border: '1px solid #eee', padding: 6, borderRadius: 6 }}
          />
        </label>
      )}
      <TextArea
        className="h5-textarea h5-sheet-input"
        rows={4}
        maxLength={spec.field === 'reason' ? 500 : 2000}
        value={text}
        onChange={setText}
        placeholder={t(`workbench.matter.placeholder.${action}`)}
        data-testid="action-text"
      />
      {spec.photos && <CameraPhotos value={photos} onChange={setPhotos} />}
      <Button
        block
        color="primary"
        size="large"
        loading={busy}
        data-testid="action-submit"
        onClick={async () => {
          if (text.trim().length < spec.min) {
            Toast.show({ content: t('workbench.matter.required', { count: spec.min }) });
            return;
          }
          if (action === 'request_extension' && !until) {
            Toast.show({ content: t('workbench.matter.untilRequired') });
            return;
          }
          setBusy(true);
          try {
            await onSubmit(text.trim(), photos, until);
          } finally {
            setBusy(false);
          }
        }}
      >
        {t('common.submit')}
      </Button>
    </Popup>
  );
}

/** Photos from the camera, kept as files (the outbox uploads them when there is a network). */
function CameraPhotos({ value, onChange }: { value: File[]; onChange: (files: File[]) => void }) {
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
    <div className="h5-sheet-photos" style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
      {urls.map((url, i) => (
        <div key={url} style={{ position: 'relative' }} data-testid="camera-photo">
          <Image src={url} width={64} height={64} fit="cover" style={{ borderRadius: 4 }} />
          <CloseOutline
            aria-label={t('workbench.matter.removePhoto')}
            style={{ position: 'absolute', top: 0, right: 0, background: '#0008', color: '#fff' }}
            onClick={() => onChange(value.filter((_, j) => j !== i))}
          />
        </div>
      ))}
      {value.length < 9 && (
        <Button size="small" onClick={() => input.current?.click()} data-testid="take-photo">
          <CameraOutline /> {t('workbench.matter.takePhoto')}
        </Button>
      )}
      <input
        ref={input}
        type="file"
        accept="image/*"
        capture="environment"
        multiple
        hidden
        onChange={(e) => {
          const picked = [...(e.target.files ?? [])];
          e.target.value = '';
          if (picked.length) onChange([...value, ...picked].slice(0, 9));
        }}
      />
    </div>
  );
}
