/**
 * Tags that mark people for care and service. Known tags have a code and labels;
 * other tags are kept as written, so a community can add its own.
 */
export const KNOWN_TAGS = {
  elderly_alone: { zh: '独居老人', en: 'Elder living alone', aliases: ['独居', '孤寡老人'] },
  elderly: { zh: '高龄老人', en: 'Elderly (80+)', aliases: ['高龄'] },
  disabled: { zh: '残疾人', en: 'Disabled', aliases: ['残疾'] },
  serious_illness: { zh: '重病', en: 'Serious illness', aliases: ['大病'] },
  migrant: { zh: '新市民', en: 'New resident (migrant)', aliases: ['流动人口', '外来人口', '新杭州人'] },
  party_member: { zh: '党员', en: 'Party member', aliases: ['中共党员', '流动党员'] },
  low_income: { zh: '低保', en: 'Low income', aliases: ['低保户', '低收入'] },
  veteran: { zh: '退役军人', en: 'Veteran', aliases: ['军人'] },
  courier: { zh: '快递小哥', en: 'Courier', aliases: ['骑手', '外卖小哥', '外卖骑手'] },
  volunteer: { zh: '志愿者', en: 'Volunteer', aliases: [] },
  minor: { zh: '未成年人', en: 'Minor', aliases: [] },
  key_care: { zh: '重点关爱', en: 'Key care', aliases: ['重点人员'] },
} as const;

export type KnownTag = keyof typeof KNOWN_TAGS;

const byLabel = new Map<string, string>();
for (const [code, t] of Object.entries(KNOWN_TAGS)) {
  byLabel.set(code, code);
  byLabel.set(t.zh, code);
  for (const a of t.aliases) byLabel.set(a, code);
}

/** A tag as written in a file or form → its code where known, else itself trimmed. */
export function normalizeTag(raw: string): string {
  const t = raw.trim();
  return byLabel.get(t) ?? byLabel.get(t.toLowerCase()) ?? t;
}

/** "独居老人；党员、volunteer" → ['elderly_alone', 'party_member', 'volunteer'] */
export function parseTagList(raw: string): string[] {
  return [
    ...new Set(
      raw
        .split(/[;；,，、|/]/)
        .map(normalizeTag)
        .filter(Boolean),
    ),
  ];
}
