import type { DeviceType, RuleKind, Severity } from './tables.ts';
import { SEVERITIES } from './tables.ts';
import { METRICS } from './telemetry.ts';

/**
 * The rule engine: evaluated in memory on the hot path, with a little state per device
 * and rule (readings in a row over the threshold, since when, the previous value for a
 * rate). It decides nothing about storage: it turns readings and events into alarm
 * actions (raise / clear), which the service applies. Rules are swapped whole when any
 * changes; the state of rules that stay is kept.
 */

export interface Rule {
  id: number;
  deviceType: DeviceType | null;
  deviceId: number | null;
  name: string;
  kind: RuleKind;
  metric: string | null;
  op: '>=' | '<=' | null;
  value: number | null;
  clearValue: number | null;
  durationSeconds: number;
  consecutive: number;
  event: string | null;
  clearEvent: string | null;
  absenceMinutes: number | null;
  alarmType: string | null;
  severity: Severity | null;
  matterCategory: string | null;
  enabled: boolean;
}

export interface RuleDevice {
  id: number;
  type: DeviceType;
}

export interface Message {
  /** Epoch ms. */
  ts: number;
  metrics: ReadonlyArray<readonly [string, number]>;
  event?: string | null;
}

export type AlarmAction =
  | {
      kind: 'raise';
      deviceId: number;
      alarmType: string;
      severity: Severity;
      ruleId: number;
      value: number | null;
      at: number;
      matterCategory: string | null;
      reason: string;
    }
  | { kind: 'clear'; deviceId: number; alarmType: string; value: number | null; at: number; reason: string };

interface RuleState {
  count: number;
  since: number | null;
  prevTs: number | null;
  prevValue: number | null;
}

export const severityRank = (s: Severity) => SEVERITIES.length - SEVERITIES.indexOf(s);

/** The name given to the alarm an absence rule raises when it has none of its own. */
export const OFFLINE_ALARM = 'device_offline';

export class RuleEngine {
  private rules: Rule[] = [];
  private readonly forDevice = new Map<number, Rule[]>();
  private readonly state = new Map<number, Map<number, RuleState>>();

  setRules(rules: Rule[]) {
    this.rules = rules.filter((r) => r.enabled);
    this.forDevice.clear();
    const ids = new Set(this.rules.map((r) => r.id));
    for (const states of this.state.values()) for (const id of states.keys()) if (!ids.has(id)) states.delete(id);
  }

  /** A device's rules: its type's, with those its own rules replace (same kind, metric or event, alarm type and severity) taken out. */
  rulesFor(device: RuleDevice): Rule[] {
    let list = this.forDevice.get(device.id);
    if (!list) {
      const own = this.rules.filter((r) => r.deviceId === device.id);
      const key = (r: Rule) =>
        r.kind === 'absence' ? 'absence' : `${r.kind}:${r.alarmType}:${r.metric ?? r.event ?? ''}:${r.severity}`;
      const ownKeys = new Set(own.map(key));
      list = [...this.rules.filter((r) => r.deviceType === device.type && !ownKeys.has(key(r))), ...own];
      this.forDevice.set(device.id, list);
    }
    return list;
  }

  /** The absence rule that applies to a device (the shortest window), if any. */
  absenceRule(device: RuleDevice): Rule | null {
    let best: Rule | null = null;
    for (const r of this.rulesFor(device))
      if (r.kind === 'absence' && (!best || r.absenceMinutes! < best.absenceMinutes!)) best = r;
    return best;
  }

  /** The absence windows of all rules, to bound the search for silent devices. */
  allAbsenceMinutes(): number[] {
    return this.rules.filter((r) => r.kind === 'absence').map((r) => r.absenceMinutes!);
  }

  forget(deviceId: number) {
    this.state.delete(deviceId);
    this.forDevice.delete(deviceId);
  }

  /** Every device's state: another process ran the rules meanwhile. */
  forgetAll() {
    this.state.clear();
    this.forDevice.clear();
  }

  private stateOf(deviceId: number, ruleId: number): RuleState {
    let states = this.state.get(deviceId);
    if (!states) {
      states = new Map();
      this.state.set(deviceId, states);
    }
    let s = states.get(ruleId);
    if (!s) {
      s = { count: 0, since: null, prevTs: null, prevValue: null };
      states.set(ruleId, s);
    }
    return s;
  }

  /**
   * One message of a device. isActive tells whether an alarm of a type is active now, so
   * that a clear is only said when there is something to clear.
   */
  evaluate(device: RuleDevice, message: Message, isActive: (alarmType: string) => boolean): AlarmAction[] {
    const rules = this.rulesFor(device);
    if (rules.length === 0) return [];
    const raises = new Map<string, Extract<AlarmAction, { kind: 'raise' }>>();
    // Per alarm type: whether every rule of it that looked at this message says "clear".
    const clears = new Map<string, { all: boolean; value: number | null; reason: string }>();
    const noteClear = (type: string, ok: boolean, value: number | null, reason: string) => {
      const c = clears.get(type);
      if (!c) clears.set(type, { all: ok, value, reason });
      else c.all = c.all && ok;
    };
    const raise = (r: Rule, value: number | null, reason: string) => {
      const prior = raises.get(r.alarmType!);
      if (!prior || severityRank(r.severity!) > severityRank(prior.severity)) {
        raises.set(r.alarmType!, {
          kind: 'raise',
          deviceId: device.id,
          alarmType: r.alarmType!,
          severity: r.severity!,
          ruleId: r.id,
          value,
          at: message.ts,
          matterCategory: r.matterCategory,
          reason,
        });
      }
    };
    const anyMessage = true;
    for (const r of rules) {
      if (r.kind === 'absence') {
        // Any message ends an absence.
        const type = r.alarmType ?? OFFLINE_ALARM;
        if (anyMessage && isActive(type)) noteClear(type, true, null, '设备恢复上线');
        continue;
      }
      if (r.kind === 'event') {
        if (!message.event) continue;
        if (message.event === r.event) raise(r, null, `设备事件 ${r.event}`);
        else if (r.clearEvent && message.event === r.clearEvent)
          noteClear(r.alarmType!, true, null, `设备事件 ${r.clearEvent}`);
        continue;
      }
      const found = message.metrics.find(([m]) => m === r.metric);
      if (!found) continue;
      const v = found[1];
      const s = this.stateOf(device.id, r.id);
      let observed = v;
      if (r.kind === 'rate') {
        const prevTs = s.prevTs;
        const prevValue = s.prevValue;
        if (prevTs !== null && message.ts < prevTs) continue; // late and out of order: no rate from it
        s.prevTs = message.ts;
        s.prevValue = v;
        if (prevTs === null || prevValue === null || message.ts - prevTs < 1000) continue;
        observed = ((v - prevValue) / (message.ts - prevTs)) * 60_000;
      }
      const rising = r.kind === 'rate' ? (r.op ?? '>=') === '>=' : r.op === '>=';
      const met = rising ? observed >= r.value! : observed <= r.value!;
      if (met) {
        s.count += 1;
        s.since ??= message.ts;
        if (s.count >= r.consecutive && message.ts - s.since >= r.durationSeconds * 1000) {
          const what =
            r.kind === 'rate'
              ? `${metricName(r.metric!)}每分钟${rising ? '上升' : '下降'} ${withUnit(r.metric!, Math.abs(round(observed)))}（阈值 ${withUnit(r.metric!, Math.abs(r.value!))}）`
              : `${metricName(r.metric!)} ${withUnit(r.metric!, round(v))} ${OP_SIGNS[r.op ?? '>=']} ${withUnit(r.metric!, r.value!)}`;
          raise(r, v, what);
        }
      } else {
        s.count = 0;
        s.since = null;
      }
      const clear = r.clearValue !== null ? (rising ? observed < r.clearValue : observed > r.clearValue) : !met;
      noteClear(
        r.alarmType!,
        clear,
        v,
        r.kind === 'rate'
          ? `${metricName(r.metric!)}变化回落到每分钟 ${withUnit(r.metric!, Math.abs(round(observed)))}`
          : `${metricName(r.metric!)}回落到 ${withUnit(r.metric!, round(v))}`,
      );
    }
    const actions: AlarmAction[] = [...raises.values()];
    for (const [type, c] of clears) {
      if (c.all && !raises.has(type) && isActive(type))
        actions.push({
          kind: 'clear',
          deviceId: device.id,
          alarmType: type,
          value: c.value,
          at: message.ts,
          reason: c.reason,
        });
    }
    return actions;
  }
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/**
 * Reasons are written into alarms and the matters they open, which people read in Chinese:
 * a known metric by its name and unit (烟雾浓度 0.32 dB/m), an unknown one by its code.
 */
const OP_SIGNS: Record<string, string> = { '>=': '≥', '<=': '≤' };
const metricName = (metric: string) => METRICS[metric]?.zh ?? metric;
const withUnit = (metric: string, value: number) => {
  const unit = METRICS[metric]?.unit;
  return unit ? `${value} ${unit}` : String(value);
};
