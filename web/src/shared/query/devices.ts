/** Devices, rules and alarms (物联设备, 告警): query keys. Every key starts with devicesKeys.all. */
export const devicesKeys = {
  all: ['devices'] as const,
};
