import type { z } from 'zod';
import type { ReceiptView } from './schema.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);

const WORDS = {
  'zh-CN': {
    title: '充电收费凭据',
    station: '充电站点',
    operator: '运营单位',
    port: '充电端口',
    period: '充电时间',
    meter: '电表读数 (kWh)',
    energy: '实充电量',
    band: '时段',
    hours: '时段区间',
    minutes: '时长 (分)',
    kwh: '电量 (kWh)',
    price: '电价 (元/kWh)',
    amount: '电费 (元，未取整)',
    electricity: '电费合计',
    service: '服务费',
    total: '应付合计',
    no: '凭据号',
    yuan: '元',
    note: '实充实付：按实际充入电量计费，电费与服务费分开计算。',
  },
  en: {
    title: 'Charging receipt',
    station: 'Station',
    operator: 'Operator',
    port: 'Port',
    period: 'Time',
    meter: 'Meter (kWh)',
    energy: 'Energy delivered',
    band: 'Band',
    hours: 'Hours',
    minutes: 'Minutes',
    kwh: 'kWh',
    price: 'Price (yuan/kWh)',
    amount: 'Electricity (yuan, unrounded)',
    electricity: 'Electricity fee',
    service: 'Service fee',
    total: 'Total',
    no: 'Receipt no.',
    yuan: 'yuan',
    note: 'Pay for what was charged: billed on the energy delivered, electricity and service charged separately.',
  },
} as const;

/** A charging receipt as a print-ready HTML page (A5 / thermal-printer width friendly). Every value is escaped. */
export function receiptHtml(r: z.infer<typeof ReceiptView>, locale: 'zh-CN' | 'en'): string {
  const w = WORDS[locale];
  const servicePrice = r.lines[0]?.servicePrice ?? '';
  const rows = r.lines
    .map(
      (l) =>
        `<tr><td>${esc(l.bandName)}</td><td>${esc(l.period)}</td><td class="n">${esc(l.minutes)}</td><td class="n">${esc(l.energyKwh)}</td><td class="n">${esc(l.price)}</td><td class="n">${esc(l.electricity)}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><title>${esc(w.title)} #${esc(r.sessionId)}</title>
<style>
body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;max-width:560px;margin:24px auto;color:#222;font-size:14px}
h1{font-size:20px;text-align:center;margin:0 0 4px}.sub{text-align:center;color:#666;margin-bottom:16px}
table{width:100%;border-collapse:collapse;margin:8px 0}th,td{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}.sum td{border:none;padding:2px 6px}.total td{font-weight:bold;font-size:16px;border-top:2px solid #222}
.note{color:#666;font-size:12px;margin-top:12px}@media print{body{margin:0}}
</style></head><body>
<h1>${esc(w.title)}</h1>
<div class="sub">${esc(w.no)} ${esc(r.sessionId)}</div>
<table>
<tr><th>${esc(w.station)}</th><td>${esc(r.station)}${r.address ? `（${esc(r.address)}）` : ''}</td></tr>
${r.operator ? `<tr><th>${esc(w.operator)}</th><td>${esc(r.operator)}</td></tr>` : ''}
<tr><th>${esc(w.port)}</th><td>${esc(r.port)}</td></tr>
<tr><th>${esc(w.period)}</th><td>${esc(r.startedAt)} – ${esc(r.stoppedAt)}</td></tr>
<tr><th>${esc(w.meter)}</th><td>${esc(r.meterStartKwh)} → ${esc(r.meterEndKwh)}</td></tr>
<tr><th>${esc(w.energy)}</th><td>${esc(r.energyKwh)} kWh</td></tr>
</table>
<table><thead><tr><th>${esc(w.band)}</th><th>${esc(w.hours)}</th><th class="n">${esc(w.minutes)}</th><th class="n">${esc(w.kwh)}</th><th class="n">${esc(w.price)}</th><th class="n">${esc(w.amount)}</th></tr></thead><tbody>${rows}</tbody></table>
<table class="sum">
<tr><td>${esc(w.electricity)}</td><td class="n">${esc(r.electricityFee)} ${esc(w.yuan)}</td></tr>
<tr><td>${esc(w.service)}（${esc(r.energyKwh)} kWh × ${esc(servicePrice)}）</td><td class="n">${esc(r.serviceFee)} ${esc(w.yuan)}</td></tr>
<tr class="total"><td>${esc(w.total)}</td><td class="n">${esc(r.total)} ${esc(w.yuan)}</td></tr>
</table>
<p class="note">${esc(w.note)}<br>${esc(r.rounding)}</p>
</body></html>`;
}
