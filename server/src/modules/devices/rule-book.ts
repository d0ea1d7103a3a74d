import type { z } from 'zod';
import type { Executor } from '../../db/connection.ts';
import { covers, requirePermission, scopeFor } from '../../platform/access.ts';
import { createdNow } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { assertRuleTarget, placeOf } from './access.ts';
import { type DevicesDeps, dbOf } from './deps.ts';
import { ruleOf } from './presenters.ts';
import * as repo from './repository.ts';
import type { TelemetryRuntime } from './runtime.ts';
import type * as S from './schema.ts';

/** A rule as inserted, without the stamps the service adds. */
type NewRule = Omit<Parameters<typeof repo.insertRules>[1][number], 'created_at' | 'updated_at'>;

/** The alarm rules: listed in scope, written by those who manage their target; the engine reloads them after each write. */
export class RuleBook {
  constructor(
    private readonly deps: DevicesDeps,
    private readonly runtime: TelemetryRuntime,
  ) {}

  private get db() {
    return dbOf(this.deps);
  }

  async listRules(ctx: RequestContext, q: z.infer<typeof S.RuleListQuery>) {
    requirePermission(ctx.actor, 'devices.read');
    const scope = scopeFor(ctx.actor, 'devices.read');
    const rows = await repo.allRules(this.db);
    const items = [];
    for (const r of rows) {
      if (q.deviceType && r.device_type !== q.deviceType) continue;
      if (q.deviceId && r.device_id !== q.deviceId) continue;
      if (r.device_id !== null) {
        const d = await this.runtime.cache.byIdOrLoad(r.device_id);
        if (!d || !covers(scope, { divisionId: d.communityId, gridId: d.gridId })) continue;
      }
      items.push(ruleOf(r));
    }
    return { items };
  }

  /** Write access to a rule's target (access.ts), with its device's place looked up. */
  private async assertRuleTarget(ctx: RequestContext, deviceId: number | null) {
    if (deviceId === null) return assertRuleTarget(ctx.actor, { deviceType: true });
    const d = await repo.deviceById(this.db, deviceId);
    assertRuleTarget(ctx.actor, { devicePlace: d ? placeOf(d) : undefined });
  }

  private async checkRule(ctx: RequestContext, body: z.infer<typeof S.RulePatch>, existing?: repo.RuleRow) {
    const merged = {
      deviceType: body.deviceType !== undefined ? body.deviceType : (existing?.device_type ?? null),
      deviceId: body.deviceId !== undefined ? body.deviceId : (existing?.device_id ?? null),
      kind: body.kind ?? existing?.kind,
      matterCategory: body.matterCategory !== undefined ? body.matterCategory : (existing?.matter_category ?? null),
    };
    if ((merged.deviceType === null) === (merged.deviceId === null))
      throw new AppError('validation_failed', {}, [{ path: 'body.deviceType', key: 'devices.rule_target' }]);
    // Whoever changes or removes a rule must be allowed to write the rule as it is (its
    // current target) and as it will be: otherwise a community admin could take over a
    // type-wide rule by pointing it at one of their devices.
    if (existing) await this.assertRuleTarget(ctx, existing.device_id);
    await this.assertRuleTarget(ctx, merged.deviceId);
    if (merged.matterCategory) {
      const { list } = await this.deps.matters.categoryMap();
      if (!list.some((c) => c.code === merged.matterCategory))
        throw new AppError('validation_failed', {}, [{ path: 'body.matterCategory', key: 'devices.unknown_category' }]);
    }
  }

  /** A rule's columns from a body; a body that creates one has been checked complete (RuleBody). */
  private ruleRow(body: z.infer<typeof S.RulePatch>) {
    return {
      device_type: body.deviceType,
      device_id: body.deviceId,
      name: body.name,
      kind: body.kind,
      metric: body.metric,
      op: body.op,
      value: body.value,
      clear_value: body.clearValue,
      duration_seconds: body.durationSeconds,
      consecutive: body.consecutive,
      event: body.event,
      clear_event: body.clearEvent,
      absence_minutes: body.absenceMinutes,
      alarm_type: body.alarmType,
      severity: body.severity,
      matter_category: body.matterCategory,
      enabled: body.enabled,
    };
  }

  private async writeRule(fn: (trx: Executor) => Promise<repo.RuleRow | undefined>) {
    try {
      const row = await this.db.transaction().execute(fn);
      await this.runtime.reloadRules();
      this.deps.tell({ topic: 'devices.rules' });
      return row;
    } catch (e) {
      if ((e as { code?: string }).code === '23514')
        throw new AppError('validation_failed', {}, [{ path: 'body', key: 'devices.rule_incomplete' }]);
      throw e;
    }
  }

  async createRule(ctx: RequestContext, body: z.infer<typeof S.RuleBody>) {
    await this.checkRule(ctx, body);
    const row = await this.writeRule(async (trx) => {
      const [r] = await repo.insertRules(trx, [
        { ...(this.ruleRow(body) as NewRule), ...createdNow(this.deps.clock.now()), created_by: ctx.actor!.userId },
      ]);
      await this.deps.audit.record(trx, ctx, {
        action: 'devices.rule.create',
        entityType: 'device_rule',
        entityId: r!.id,
        details: { name: body.name, kind: body.kind },
      });
      return r;
    });
    return ruleOf(row!);
  }

  async updateRule(ctx: RequestContext, id: number, body: z.infer<typeof S.RulePatch>) {
    const existing = await repo.ruleById(this.db, id);
    if (!existing) throw new AppError('not_found');
    await this.checkRule(ctx, body, existing);
    const patch = Object.fromEntries(Object.entries(this.ruleRow(body)).filter(([, v]) => v !== undefined));
    const row = await this.writeRule(async (trx) => {
      const r = await repo.updateRule(trx, id, patch, this.deps.clock.now());
      await this.deps.audit.record(trx, ctx, {
        action: 'devices.rule.update',
        entityType: 'device_rule',
        entityId: id,
        details: { fields: Object.keys(body) },
      });
      return r;
    });
    return ruleOf(row!);
  }

  async deleteRule(ctx: RequestContext, id: number) {
    const existing = await repo.ruleById(this.db, id);
    if (!existing) throw new AppError('not_found');
    await this.checkRule(ctx, {}, existing);
    await this.writeRule(async (trx) => {
      await repo.deleteRule(trx, id);
      await this.deps.audit.record(trx, ctx, {
        action: 'devices.rule.delete',
        entityType: 'device_rule',
        entityId: id,
        details: { name: existing.name },
      });
      return existing;
    });
  }

  /** Rules for the seed and tools, without a caller's scope. */
  async insertDefaultRules(rules: Array<z.infer<typeof S.RuleBody>>) {
    const now = this.deps.clock.now();
    await this.db.transaction().execute((trx) =>
      repo.insertRules(
        trx,
        rules.map((r) => ({ ...(this.ruleRow(r) as NewRule), ...createdNow(now) })),
      ),
    );
    await this.runtime.reloadRules();
    this.deps.tell({ topic: 'devices.rules' });
  }

  // =====================================================================
  // Registry
  // =====================================================================
}
