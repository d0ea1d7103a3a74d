import type { z } from 'zod';
import type * as S from './schema.ts';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

const GRADE_LABEL: Record<string, string> = { A: '低风险', B: '较低风险', C: '较高风险', D: '高风险' };
const OFFICIAL_LABEL: Record<string, string> = { A: 'A 良好', B: 'B 一般', C: 'C 较差' };

/** The page a shop's QR opens (/credit/card/:token): our grade with its date, the regulator's apart, the pledge. */
export function cardHtml(c: z.infer<typeof S.PublicCard> | null): string {
  const body = c
    ? `<h1>${escapeHtml(c.name)}</h1>
  <p class="label">商户信用等级 Community credit grade（社区评价，非监管部门等级）</p>
  <p class="grade g${c.grade}">${c.grade}</p>
  <p>${GRADE_LABEL[c.grade] ?? ''} · 截至 As of ${escapeHtml(c.asOf)}</p>
  <div class="official"><p class="label">监管部门餐饮量化分级 Regulator's grade</p>
  <p>${c.official ? `${escapeHtml(OFFICIAL_LABEL[c.official.grade] ?? c.official.grade)}（${escapeHtml(c.official.gradedOn)}，${escapeHtml(c.official.issuer)}）` : '暂无 None recorded'}</p></div>
  ${c.pledge ? `<p class="pledge">${c.pledge.kind === 'fraud_free_hotel' ? '无诈酒店' : '无诈商户'}承诺 Fraud-free pledge · ${escapeHtml(c.pledge.signedOn)}</p>` : ''}`
    : '<h1>未找到 · Not found</h1>';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>商户信用公示 Shop credit card</title>
<style>body{font-family:system-ui,sans-serif;max-width:30rem;margin:1rem auto;padding:0 1rem;color:#222;text-align:center}
.label{color:#666;font-size:.85rem}.grade{font-size:4rem;font-weight:700;margin:.2rem 0}.gA,.gB{color:#237804}.gC,.gD{color:#c00000}
.official{border:1px solid #aaa;border-radius:8px;padding:.4rem;margin:1rem 0}.pledge{color:#1f4e9c}</style></head>
<body><p>共治 · 商户信用公示</p>
${body}
</body></html>`;
}
