/**
 * The people's mediation agreement (人民调解协议书) as a print-ready HTML page, in the
 * layout the judicial administration's template uses: number, parties, the main facts
 * and matters in dispute, the terms agreed of the parties' own will, how and by when
 * they are performed, signatures of the parties and the mediator, the committee's seal
 * and the date. Every value is escaped; ID numbers arrive masked, except on the copy the
 * parties sign.
 */

export interface AgreementPage {
  code: string;
  committee: string;
  studio: string | null;
  category: string;
  parties: Array<{
    role: string;
    kind: 'person' | 'organisation';
    name: string;
    idNumber: string | null;
    phone: string | null;
    address: string;
    representative: string;
  }>;
  facts: string;
  terms: string[];
  totalFen: number;
  instalments: Array<{ seq: number; dueOn: string; amountFen: number }>;
  performanceMethod: string;
  performanceDeadline: string;
  signedOn: string;
  copies: number;
  mediator: string | null;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

/** Escaped, with line breaks kept. */
const para = (value: string) => escapeHtml(value).replace(/\r?\n/g, '<br>');

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 12 → 十二, 20 → 二十, 35 → 三十五 (clause numbers). */
export function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n]!;
  if (n < 20) return `十${n % 10 ? DIGITS[n % 10] : ''}`;
  if (n < 100) return `${DIGITS[Math.floor(n / 10)]}十${n % 10 ? DIGITS[n % 10] : ''}`;
  return String(n);
}

const yuan = (fen: number) => `${Math.floor(fen / 100).toLocaleString('en-US')}.${String(fen % 100).padStart(2, '0')}`;

/** 2026-11-20 → 2026年11月20日 */
const chineseDate = (date: string) => {
  const [y, m, d] = date.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
};

export function agreementHtml(a: AgreementPage): string {
  const parties = a.parties
    .map((p) => {
      const bits = [
        `<span class="label">${escapeHtml(p.role)}：</span>${escapeHtml(p.name)}`,
        p.idNumber ? `${p.kind === 'person' ? '身份证号码' : '统一社会信用代码'}：${escapeHtml(p.idNumber)}` : '',
        p.representative ? `${p.kind === 'person' ? '委托代理人' : '法定代表人'}：${escapeHtml(p.representative)}` : '',
        p.address ? `住所：${escapeHtml(p.address)}` : '',
        p.phone ? `联系电话：${escapeHtml(p.phone)}` : '',
      ].filter(Boolean);
      return `<p class="party">${bits.join('，')}</p>`;
    })
    .join('\n');
  const terms = a.terms.map((t, i) => `<p class="term">${chineseNumber(i + 1)}、${para(t)}</p>`).join('\n');
  const schedule = a.instalments.length
    ? `<table class="schedule"><thead><tr><th>期次</th><th>履行期限</th><th>金额（元）</th></tr></thead><tbody>${a.instalments
        .map(
          (i) =>
            `<tr><td>第${chineseNumber(i.seq)}期</td><td>${escapeHtml(chineseDate(i.dueOn))}前</td><td class="num">${escapeHtml(yuan(i.amountFen))}</td></tr>`,
        )
        .join(
          '',
        )}</tbody><tfoot><tr><td colspan="2">合计</td><td class="num">${escapeHtml(yuan(a.totalFen))}</td></tr></tfoot></table>`
    : '';
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>人民调解协议书 ${escapeHtml(a.code)}</title>
<style>
  @page { size: A4; margin: 25mm 22mm; }
  body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; font-size: 15px; line-height: 1.9; color: #000; max-width: 170mm; margin: 0 auto; }
  h1 { text-align: center; font-size: 24px; letter-spacing: 0.5em; margin: 0 0 4px; }
  .code { text-align: right; margin: 0 0 16px; }
  h2 { font-size: 15px; margin: 14px 0 4px; }
  p { margin: 4px 0; text-indent: 2em; }
  p.party { text-indent: 0; }
  .label { font-weight: bold; }
  table.schedule { border-collapse: collapse; margin: 6px 0 6px 2em; }
  table.schedule th, table.schedule td { border: 1px solid #000; padding: 2px 12px; }
  td.num { text-align: right; }
  .signatures { display: flex; justify-content: space-between; margin-top: 40px; }
  .signatures div { width: 48%; }
  .signatures p { text-indent: 0; margin: 18px 0; }
  .seal { margin-top: 36px; text-align: right; }
  .seal p { text-indent: 0; }
</style>
</head>
<body>
<h1>人民调解协议书</h1>
<p class="code">编号：${escapeHtml(a.code)}</p>
<h2>当事人</h2>
${parties}
<h2>纠纷主要事实、争议事项</h2>
<p>${para(a.facts)}</p>
<p>纠纷类别：${escapeHtml(a.category)}${a.studio ? `。调解组织：${escapeHtml(a.studio)}` : ''}</p>
<h2>经调解，自愿达成如下协议</h2>
${terms}
<h2>履行方式、时限</h2>
<p>${para(a.performanceMethod)}</p>
<p>履行期限：${escapeHtml(chineseDate(a.performanceDeadline))}前${a.totalFen > 0 ? `；涉及金额共计人民币 ${escapeHtml(yuan(a.totalFen))} 元` : ''}。</p>
${schedule}
<p>本协议自各方当事人签名（盖章）、人民调解员签名并加盖人民调解委员会印章之日起生效。本协议一式${escapeHtml(chineseNumber(a.copies))}份，当事人、人民调解委员会各持一份。</p>
<div class="signatures">
  <div>
    <p>当事人（签名）：</p>
    ${a.parties.map((p) => `<p>${escapeHtml(p.role)}：____________</p>`).join('\n    ')}
  </div>
  <div>
    <p>人民调解员（签名）：${a.mediator ? escapeHtml(a.mediator) : ''}</p>
    <p>____________</p>
  </div>
</div>
<div class="seal">
  <p>${escapeHtml(a.committee)}（印章）</p>
  <p>${escapeHtml(chineseDate(a.signedOn))}</p>
</div>
</body>
</html>
`;
}
