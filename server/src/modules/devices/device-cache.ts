import { LRUCache } from 'lru-cache';
import type { Executor } from '../../db/connection.ts';
import { type DevicesDeps, dbOf } from './deps.ts';
import type { DeviceInfo } from './ingest.ts';
import { infoOf } from './presenters.ts';
import * as repo from './repository.ts';

/**
 * The registry as the hot path reads it: devices by code (every message) and by id
 * (every alarm), loaded on first use and kept current by the registry's writes. Codes
 * that are not registered are remembered briefly, so a flood from an unknown device
 * does not become a flood of queries.
 */
export class DeviceCache {
  private readonly byCode = new Map<string, DeviceInfo>();
  private readonly byId = new Map<number, DeviceInfo>();
  private readonly unknownCodes = new LRUCache<string, true>({ max: 10_000, ttl: 10_000 });

  constructor(private readonly deps: DevicesDeps) {}

  remember(d: DeviceInfo) {
    const prior = this.byId.get(d.id);
    if (prior && prior.code !== d.code) this.byCode.delete(prior.code);
    this.byCode.set(d.code, d);
    this.byId.set(d.id, d);
    this.unknownCodes.delete(d.code);
  }

  forget(id: number) {
    const d = this.byId.get(id);
    if (d) this.byCode.delete(d.code);
    this.byId.delete(id);
  }

  /** A code registered elsewhere is no longer taken for unknown. */
  forgetCode(code: string) {
    this.unknownCodes.delete(code);
  }

  /** Devices were registered elsewhere in bulk. */
  forgetUnknownCodes() {
    this.unknownCodes.clear();
  }

  clear() {
    this.byCode.clear();
    this.byId.clear();
    this.unknownCodes.clear();
  }

  /** Held in memory only (no query): for the id of a code seen before, and status changes. */
  cachedByCode(code: string) {
    return this.byCode.get(code);
  }

  cachedById(id: number) {
    return this.byId.get(id);
  }

  async byCodeOrLoad(code: string): Promise<DeviceInfo | null> {
    const cached = this.byCode.get(code);
    if (cached) return cached;
    if (this.unknownCodes.has(code)) return null;
    const row = await repo.deviceByCode(dbOf(this.deps), code);
    if (!row) {
      this.unknownCodes.set(code, true);
      return null;
    }
    const info = infoOf(row);
    this.remember(info);
    return info;
  }

  async byIdOrLoad(id: number, db: Executor = dbOf(this.deps)): Promise<DeviceInfo | null> {
    const cached = this.byId.get(id);
    if (cached) return cached;
    const row = await repo.deviceById(db, id);
    if (!row) return null;
    const info = infoOf(row);
    this.remember(info);
    return info;
  }

  async loadAllActive() {
    for (const d of await repo.allActiveDevices(dbOf(this.deps))) this.remember(infoOf(d));
  }
}
