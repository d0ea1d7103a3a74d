/**
 * Mainland numbers arrive as 13800138000, +8613800138000, 008613800138000 or 8613800138000.
 * Aliyun wants the bare national number; Tencent wants E.164. Other '+' numbers pass through.
 */
export function nationalNumber(phone: string): string {
  const p = phone.replace(/[\s-]/g, '');
  const mainland = /^(?:\+86|0086|86)(1\d{10})$/.exec(p);
  if (mainland) return mainland[1]!;
  return p.startsWith('+') ? p.slice(1) : p;
}

export function e164(phone: string): string {
  const p = phone.replace(/[\s-]/g, '');
  if (p.startsWith('+')) return p;
  if (p.startsWith('00')) return `+${p.slice(2)}`;
  if (/^1\d{10}$/.test(p)) return `+86${p}`;
  if (/^861\d{10}$/.test(p)) return `+${p}`;
  return p;
}
