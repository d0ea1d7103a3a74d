import { Spin } from 'antd';
import { lazy, Suspense, useState } from 'react';
import type { LatLng } from '../../shared/types.ts';
import type { Located } from './LocationPicker.tsx';

const LocationPicker = lazy(() => import('./LocationPicker.tsx'));

/**
 * A place picked on the map, as a form control (value and onChange as Form.Item gives them, so
 * a rule can require it). The community found under the point goes to onCommunity, for a form
 * that fills its community from it.
 */
export function PointField({
  value,
  onChange,
  hint,
  center,
  onCommunity,
}: {
  value?: LatLng | null;
  onChange?: (point: LatLng | null) => void;
  hint?: string;
  center?: LatLng | undefined;
  onCommunity?: (communityId: number) => void;
}) {
  const [located, setLocated] = useState<Located | null>(null);
  return (
    <Suspense fallback={<Spin />}>
      <LocationPicker
        value={value ?? null}
        located={located}
        center={center}
        hint={hint}
        onChange={(next, found) => {
          onChange?.(next);
          setLocated(found);
          if (found?.state === 'found') onCommunity?.(found.result.community.id);
        }}
      />
    </Suspense>
  );
}
