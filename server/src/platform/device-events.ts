/**
 * The payload of the devices module's `device.event` (a device reported an event: a
 * curtain opened, a door, water used, a charger's start or stop), as it is published from
 * the devices module's ingest and read by care and charging. Places and the care target
 * are the device's registry record at the time of the event.
 */
export interface DeviceEventPayload {
  deviceId: number;
  deviceCode: string;
  deviceType: string;
  event: string;
  /** ISO time of the event, as the device reported it. */
  at: string;
  data: Record<string, unknown>;
  buildingId?: number | null;
  householdId?: number | null;
  gridId?: number | null;
  communityId: number;
  /** The care target (关爱对象) the device is registered as watching, in the devices module. */
  careTargetId?: number | null;
}

/**
 * What of a device event's data may be kept and passed on. An access gate's entry event keeps only
 * its method, credential and direction: a face image or template a gate might send is dropped here,
 * before the event is queued, so that none is ever stored centrally.
 */
export function keptEventData(deviceType: string, data: Record<string, unknown>): Record<string, unknown> {
  if (deviceType !== 'access_gate') return data;
  const kept: Record<string, unknown> = {};
  for (const key of ['method', 'credential', 'direction'])
    if (typeof data[key] === 'string') kept[key] = (data[key] as string).slice(0, 1000);
  return kept;
}
