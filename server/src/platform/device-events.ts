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
