import type { ProcessSignals } from '../../platform/process-signals.ts';
import type { TelemetryRuntime } from './runtime.ts';

/** The lease naming the one server process that runs the device gateway (platform/leases.ts). */
export const DEVICE_GATEWAY_LEASE = 'devices.gateway';

/** What one server process tells the others when it changes what the gateway holds in memory. */
export type DeviceSignal =
  | { topic: 'devices.device'; id: number; code: string }
  | { topic: 'devices.imported' }
  | { topic: 'devices.rules' }
  | { topic: 'devices.alarms' };

/**
 * With several server processes, a device, a rule or an alarm may change in one process while
 * another runs the gateway and holds devices, rules and active alarms in memory. The changing
 * process tells the others after its commit; the gateway's process forgets or reloads what
 * changed. A signal missed while its listening connection was down is made up for when the
 * gateway is next taken over (takeOver rebuilds its memory) and by the timed absence check,
 * which reloads rules and active alarms every minute.
 */
export function shareDeviceChanges(
  signals: ProcessSignals,
  runtime: TelemetryRuntime,
  log: (error: unknown, context: string) => void,
): (signal: DeviceSignal) => void {
  const ifGateway = (fn: () => Promise<void> | void) => () => {
    if (!runtime.runsGateway) return;
    Promise.resolve(fn()).catch((error) => log(error, 'devices.signals'));
  };
  signals.on('devices.device', (m) =>
    ifGateway(() => {
      runtime.forgetDevice(Number(m.id));
      runtime.cache.forgetCode(String(m.code));
    })(),
  );
  signals.on(
    'devices.imported',
    ifGateway(() => runtime.cache.forgetUnknownCodes()),
  );
  signals.on(
    'devices.rules',
    ifGateway(() => runtime.reloadRules()),
  );
  signals.on(
    'devices.alarms',
    ifGateway(() => runtime.writer.reloadActive()),
  );
  return (signal) => signals.tell(signal.topic, signal);
}
