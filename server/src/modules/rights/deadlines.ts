import chineseDays from 'chinese-days';
import { addDays, addMonths } from '../../platform/local-time.ts';

/**
 * The time limits of a rights case (维权), as pure functions of the facts the worker gave.
 * Every date comes with the rule it follows and the inputs it was counted from, in both
 * languages, because a wrong date here costs a worker their claim: the reader must be able
 * to check it. General information, not legal advice.
 *
 * Counting follows 《民法典》第二百零一条至第二百零三条: the starting day is not counted;
 * a period of years or months ends on the corresponding day of the last month (the month's
 * last day when it has none: 29 Feb + 1 year → 28 Feb); a last day on a statutory holiday or
 * rest day moves to the next working day, on the State Council's calendar with its 调休 days
 * (the chinese-days package, as matters/calendar.ts uses it).
 */

// The package is CommonJS without named exports Node can see; take its default.
const { isWorkday } = chineseDays;

export type Bilingual = { zh: string; en: string };

export const RIGHTS_KINDS = ['wage', 'contract', 'injury', 'traffic'] as const;
export type RightsKind = (typeof RIGHTS_KINDS)[number];

/** 劳动关系 (an employee: labour arbitration), 劳务关系 (a service or odd job: a civil claim), or not known yet. */
export const RELATIONSHIPS = ['labour', 'service', 'unsure'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

/** What a claim is for; art. 47(1) names pay, work-injury medical costs, severance and compensation. */
export const CLAIM_KINDS = ['pay', 'injury_medical', 'severance', 'compensation', 'damages'] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];

export interface Claim {
  kind: ClaimKind;
  amountFen: number;
}

export interface DeadlineFacts {
  kind: RightsKind;
  relationship: Relationship;
  /** The day the worker knew or should have known their right was infringed (YYYY-MM-DD). */
  knewOn?: string | null;
  /** For wages: the employment still goes on, or the day it ended. */
  employmentOngoing?: boolean;
  employmentEndedOn?: string | null;
  /** For an injury: the day of the accident, or of the diagnosis of an occupational disease. */
  injuryOn?: string | null;
  /** For a traffic accident: the day of the accident. */
  accidentOn?: string | null;
  claims: readonly Claim[];
  /** A dispute over working time, rest and leave or social insurance under the national standards (art. 47(2)). */
  standardsDispute?: boolean;
}

export type DeadlineCode =
  | 'arbitration'
  | 'arbitration_wage_arrears'
  | 'injury_recognition_employer'
  | 'injury_recognition_worker'
  | 'civil_claim';

export interface Deadline {
  code: DeadlineCode;
  /** The last day (YYYY-MM-DD), or null while the period has not begun (wages during employment). */
  lastDay: string | null;
  /** The day the period is counted from. */
  countedFrom: string | null;
  /** The day the period would end before moving off a holiday, when it moved. */
  movedFrom: string | null;
  title: Bilingual;
  /** The rule, quoted from its law. */
  rule: Bilingual;
  /** How this date was reached from the worker's facts. */
  reasoning: Bilingual;
}

export interface FinalAwardItem extends Claim {
  final: boolean;
}

export interface FinalAward {
  /** true: the award would be final for the employer (一裁终局); false: not; null: no claims to judge. */
  final: boolean | null;
  city: string;
  minimumWageFen: number;
  thresholdFen: number;
  items: FinalAwardItem[];
  rule: Bilingual;
  reasoning: Bilingual;
}

const RULES = {
  art27: {
    zh: '《劳动争议调解仲裁法》第二十七条第一款：劳动争议申请仲裁的时效期间为一年。仲裁时效期间从当事人知道或者应当知道其权利被侵害之日起计算。',
    en: 'Labour Dispute Mediation and Arbitration Law, art. 27(1): the limitation period for applying for labour arbitration is one year, counted from the day the party knew or should have known that their rights were infringed.',
  },
  art27para4: {
    zh: '《劳动争议调解仲裁法》第二十七条第四款：劳动关系存续期间因拖欠劳动报酬发生争议的，劳动者申请仲裁不受一年仲裁时效期间的限制；但是，劳动关系终止的，应当自劳动关系终止之日起一年内提出。',
    en: 'Art. 27(4): a worker claiming unpaid pay while the employment lasts is not bound by the one-year limit; once the employment has ended, the claim must be made within one year of its end.',
  },
  art47: {
    zh: '《劳动争议调解仲裁法》第四十七条：追索劳动报酬、工伤医疗费、经济补偿或者赔偿金，不超过当地月最低工资标准十二个月金额的争议，以及因执行国家的劳动标准在工作时间、休息休假、社会保险等方面发生的争议，仲裁裁决为终局裁决（对用人单位）；劳动者不服的，可以自收到裁决书之日起十五日内向人民法院起诉（第四十八条）。数项请求的，每项分别计算（最高人民法院劳动争议司法解释（一）第十九条）。',
    en: 'Art. 47: an award on claims for pay, work-injury medical costs, severance or compensation of no more than 12 months of the local monthly minimum wage, and on disputes over working time, rest and leave or social insurance under the national standards, is final (for the employer); a worker who disagrees may sue within 15 days of receiving it (art. 48). Several claims are judged one by one (SPC interpretation (I) on labour disputes, art. 19).',
  },
  injuryEmployer: {
    zh: '《工伤保险条例》第十七条第一款：职工发生事故伤害或者被诊断、鉴定为职业病，所在单位应当自事故伤害发生之日或者被诊断、鉴定为职业病之日起30日内，向统筹地区社会保险行政部门提出工伤认定申请。',
    en: 'Regulations on Work-Related Injury Insurance, art. 17(1): the employer must apply for recognition of a work injury within 30 days of the accident or of the diagnosis of an occupational disease.',
  },
  injuryWorker: {
    zh: '《工伤保险条例》第十七条第二款：用人单位未按规定提出工伤认定申请的，工伤职工或者其近亲属、工会组织在事故伤害发生之日或者被诊断、鉴定为职业病之日起1年内，可以直接提出工伤认定申请。',
    en: 'Art. 17(2): if the employer does not apply, the injured worker, their close relatives or the trade union may apply directly within one year of the accident or diagnosis.',
  },
  civil: {
    zh: '《民法典》第一百八十八条：向人民法院请求保护民事权利的诉讼时效期间为三年，自权利人知道或者应当知道权利受到损害以及义务人之日起计算。',
    en: 'Civil Code, art. 188: the limitation period for asking a court to protect a civil right is three years, counted from the day the right holder knew or should have known of the harm and of who is liable.',
  },
} satisfies Record<string, Bilingual>;

const HOLIDAY_RULE: Bilingual = {
  zh: '期间最后一日是法定休假日的，以休假日结束的次日为最后一日（《民法典》第二百零三条）',
  en: 'a last day on a statutory holiday or rest day moves to the day after it (Civil Code art. 203)',
};

/** The last day of a period of whole years counted from a day (the day itself not counted). */
function yearsFrom(day: string, years: number): string {
  return addMonths(day, years * 12);
}

/** The first working day on or after a day (民法典 第二百零三条), with 调休 Saturdays counted as working. */
export function onWorkingDay(day: string): string {
  let d = day;
  for (let guard = 0; guard < 30 && !isWorkday(d); guard++) d = addDays(d, 1);
  return d;
}

function period(
  code: DeadlineCode,
  title: Bilingual,
  rule: Bilingual,
  from: string,
  nominal: string,
  because: Bilingual,
  moveOffHolidays = true,
): Deadline {
  const lastDay = moveOffHolidays ? onWorkingDay(nominal) : nominal;
  const moved = lastDay !== nominal;
  return {
    code,
    lastDay,
    countedFrom: from,
    movedFrom: moved ? nominal : null,
    title,
    rule,
    reasoning: moved
      ? {
          zh: `${because.zh}；原届满日 ${nominal} 为休息日，${HOLIDAY_RULE.zh}，顺延至 ${lastDay}`,
          en: `${because.en}; ${nominal} is not a working day and ${HOLIDAY_RULE.en}, so ${lastDay}`,
        }
      : because,
  };
}

const TITLES = {
  arbitration: { zh: '申请劳动仲裁的最后一日', en: 'Last day to apply for labour arbitration' },
  civil: { zh: '向法院起诉的诉讼时效届满日', en: 'Last day of the limitation period for a court claim' },
  injuryEmployer: { zh: '单位申请工伤认定的期限', en: 'Employer’s deadline to apply for work-injury recognition' },
  injuryWorker: { zh: '本人或近亲属申请工伤认定的期限', en: 'Your own deadline to apply for work-injury recognition' },
} satisfies Record<string, Bilingual>;

function arbitrationDeadlines(f: DeadlineFacts): Deadline[] {
  if (f.kind === 'wage') {
    if (f.employmentOngoing) {
      return [
        {
          code: 'arbitration_wage_arrears',
          lastDay: null,
          countedFrom: null,
          movedFrom: null,
          title: TITLES.arbitration,
          rule: RULES.art27para4,
          reasoning: {
            zh: '劳动关系仍在存续，追讨拖欠的工资暂不受一年时效限制；劳动关系终止后，须在终止之日起一年内申请仲裁。',
            en: 'The employment is still going on, so the claim for unpaid pay is not yet time-limited; once it ends, apply within one year of its end.',
          },
        },
      ];
    }
    if (f.employmentEndedOn) {
      return [
        period(
          'arbitration_wage_arrears',
          TITLES.arbitration,
          RULES.art27para4,
          f.employmentEndedOn,
          yearsFrom(f.employmentEndedOn, 1),
          {
            zh: `劳动关系于 ${f.employmentEndedOn} 终止，自终止之日起一年`,
            en: `The employment ended on ${f.employmentEndedOn}; one year from its end`,
          },
        ),
      ];
    }
  }
  if (!f.knewOn) return [];
  return [
    period('arbitration', TITLES.arbitration, RULES.art27, f.knewOn, yearsFrom(f.knewOn, 1), {
      zh: `自 ${f.knewOn}（知道或应当知道权利被侵害之日）起一年`,
      en: `One year from ${f.knewOn} (the day you knew or should have known of the infringement)`,
    }),
  ];
}

function civilDeadline(from: string, what: Bilingual): Deadline {
  return period('civil_claim', TITLES.civil, RULES.civil, from, yearsFrom(from, 3), {
    zh: `自 ${from}（${what.zh}）起三年`,
    en: `Three years from ${from} (${what.en})`,
  });
}

/**
 * The deadlines that apply to a case's facts, earliest first (a deadline not yet running last).
 * A worker unsure whether they were employed gets both the arbitration year and the civil three
 * years: the shorter one is the one to keep, and confirming the relationship is a legal-aid matter.
 */
export function deadlinesFor(f: DeadlineFacts): Deadline[] {
  const out: Deadline[] = [];
  if (f.kind === 'injury' && f.injuryOn) {
    // Administrative periods: counted as the regulation words them, without moving off holidays.
    out.push(
      period(
        'injury_recognition_employer',
        TITLES.injuryEmployer,
        RULES.injuryEmployer,
        f.injuryOn,
        addDays(f.injuryOn, 30),
        {
          zh: `自 ${f.injuryOn}（事故伤害发生或确诊之日）起30日内`,
          en: `Within 30 days of ${f.injuryOn} (the accident or diagnosis)`,
        },
        false,
      ),
      period(
        'injury_recognition_worker',
        TITLES.injuryWorker,
        RULES.injuryWorker,
        f.injuryOn,
        yearsFrom(f.injuryOn, 1),
        {
          zh: `单位未申请的，自 ${f.injuryOn}（事故伤害发生或确诊之日）起1年内`,
          en: `If the employer has not applied, within one year of ${f.injuryOn} (the accident or diagnosis)`,
        },
        false,
      ),
    );
  }
  if (f.kind === 'traffic') {
    const from = f.accidentOn ?? f.knewOn;
    if (from)
      out.push(
        civilDeadline(from, {
          zh: '事故发生、知道损害及责任方之日',
          en: 'the accident, when you knew of the harm and who is liable',
        }),
      );
  } else if (f.kind !== 'injury') {
    if (f.relationship !== 'service') out.push(...arbitrationDeadlines(f));
    const from = f.knewOn ?? f.employmentEndedOn;
    if (f.relationship !== 'labour' && from)
      out.push(
        civilDeadline(from, { zh: '知道权利受到损害及义务人之日', en: 'when you knew of the harm and who is liable' }),
      );
  }
  return out.sort((a, b) => (a.lastDay ?? '9999').localeCompare(b.lastDay ?? '9999'));
}

/**
 * Whether an arbitration award on these claims would be final for the employer (一裁终局,
 * art. 47): every claim for money at most 12 months of the local monthly minimum wage, or a
 * dispute over the national working-time, leave and social-insurance standards. Only labour
 * disputes go to arbitration; other kinds answer null.
 */
export function finalAwardFor(f: DeadlineFacts, city: string, minimumWageFen: number): FinalAward | null {
  if (f.kind === 'traffic' || f.relationship === 'service') return null;
  const thresholdFen = minimumWageFen * 12;
  const items = f.claims.map((c) => ({ ...c, final: c.amountFen <= thresholdFen }));
  const yuan = (fen: number) => (fen / 100).toFixed(2);
  const threshold = `12 × ${yuan(minimumWageFen)} = ${yuan(thresholdFen)}`;
  let final: boolean | null;
  let reasoning: Bilingual;
  if (items.length > 0) {
    final = items.every((i) => i.final);
    const over = items.filter((i) => !i.final).length;
    reasoning = final
      ? {
          zh: `每项请求均不超过当地（${city}）月最低工资标准十二个月金额（${threshold} 元），裁决对用人单位为终局`,
          en: `Every claim is within 12 months of the local (${city}) minimum wage (${threshold} yuan): the award is final for the employer`,
        }
      : {
          zh: `有 ${over} 项请求超过当地（${city}）月最低工资标准十二个月金额（${threshold} 元），该项裁决非终局，双方均可起诉`,
          en: `${over} claim(s) exceed 12 months of the local (${city}) minimum wage (${threshold} yuan): the award on them is not final and either side may sue`,
        };
  } else if (f.standardsDispute) {
    final = true;
    reasoning = {
      zh: '因执行国家劳动标准在工作时间、休息休假、社会保险等方面发生的争议，裁决对用人单位为终局',
      en: 'A dispute over the national standards on working time, rest and leave or social insurance: the award is final for the employer',
    };
  } else {
    final = null;
    reasoning = { zh: '尚未填写请求金额，无法判断', en: 'No claim amounts given yet, so this cannot be judged' };
  }
  return { final, city, minimumWageFen, thresholdFen, items, rule: RULES.art47, reasoning };
}

/** Days from today to a last day: negative once past (both local dates). */
export function daysLeft(today: string, lastDay: string): number {
  const [a, b] = [today, lastDay].map((d) => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)));
  return Math.round((b! - a!) / 86_400_000);
}
