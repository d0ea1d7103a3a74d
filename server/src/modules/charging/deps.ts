import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, type ErrorDetail } from '../../platform/errors.ts';
import type { Jobs } from '../../platform/jobs.ts';
import type { AuditService } from '../audit/service.ts';
import type { DevicesService } from '../devices/service.ts';
import type { OrgService } from '../org/service.ts';
import type { PaymentProvider } from './payments.ts';

/** What the module's parts share (service.ts builds it once). */
export interface ChargingDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: AuditService;
  jobs: Jobs;
  org: OrgService;
  devices: DevicesService;
  payments: PaymentProvider;
  options: ChargingOptions;
}

export interface ChargingOptions {
  timeZone: string;
  fullChargeWh: number;
  /** The balance a payer needs to start a session (CHARGING_MIN_START_BALANCE_FEN). */
  minStartBalanceFen: number;
  /** The most a balance may hold (CHARGING_MAX_BALANCE_FEN). */
  maxBalanceFen: number;
}

export const conflict = (key: ErrorDetail['key'], params?: Record<string, string | number>) =>
  new AppError('conflict', {}, [{ key, ...(params ? { params } : {}) }]);

/** "0.5680" → 5680 (0.0001 yuan), by the digits, no floats. */
export function parsePriceE4(price: string): number {
  const [whole, frac = ''] = price.split('.');
  return Number(whole) * 10_000 + Number(frac.padEnd(4, '0'));
}

export const toWh = (kwh: number) => Math.round(kwh * 1000);
