import type { TranslationKey } from '../../platform/i18n.ts';
import type { Answers, Question } from './tables.ts';

/** A problem with an answer: the question it is about and what is wrong. */
export interface AnswerProblem {
  questionId: string;
  key: TranslationKey;
}

/** Whether the questions make sense together: unique ids, options where needed, bounds in order. */
export function questionProblems(questions: readonly Question[]): { index: number; key: TranslationKey }[] {
  const out: { index: number; key: TranslationKey }[] = [];
  const seen = new Set<string>();
  questions.forEach((q, index) => {
    if (seen.has(q.id)) out.push({ index, key: 'surveys.duplicate_question' });
    seen.add(q.id);
    const choice = q.type === 'single' || q.type === 'multiple';
    if (choice && (!q.options || q.options.length < 2)) out.push({ index, key: 'surveys.options_required' });
    if (!choice && q.options?.length) out.push({ index, key: 'surveys.options_not_allowed' });
    if (q.type === 'multiple' && q.maxChoices !== undefined && q.maxChoices > (q.options?.length ?? 0))
      out.push({ index, key: 'surveys.max_choices_over_options' });
    if (q.type === 'number' && q.min !== undefined && q.max !== undefined && q.min > q.max)
      out.push({ index, key: 'surveys.bounds_reversed' });
  });
  return out;
}

/**
 * Checks a response against the questions: every required question answered, each answer of
 * its question's shape (an option index of a single choice, distinct option indexes of a
 * multiple choice up to its maximum, a whole rating 1–5, a number within bounds, a text),
 * nothing for questions the survey does not have. Returns the answers kept (empty ones dropped).
 */
export function checkAnswers(
  questions: readonly Question[],
  given: Answers,
): { answers: Answers; problems: AnswerProblem[] } {
  const problems: AnswerProblem[] = [];
  const answers: Answers = {};
  const known = new Set(questions.map((q) => q.id));
  for (const id of Object.keys(given))
    if (!known.has(id)) problems.push({ questionId: id, key: 'surveys.unknown_question' });
  for (const q of questions) {
    const a = given[q.id];
    const empty = a === undefined || (typeof a === 'string' && a.trim() === '') || (Array.isArray(a) && a.length === 0);
    if (empty) {
      if (q.required) problems.push({ questionId: q.id, key: 'surveys.answer_required' });
      continue;
    }
    const bad = () => problems.push({ questionId: q.id, key: 'surveys.bad_answer' });
    const options = q.options?.length ?? 0;
    const isOption = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < options;
    switch (q.type) {
      case 'single':
        if (!isOption(a)) bad();
        else answers[q.id] = a;
        break;
      case 'multiple':
        if (!Array.isArray(a) || !a.every(isOption) || new Set(a).size !== a.length) bad();
        else if (q.maxChoices !== undefined && a.length > q.maxChoices)
          problems.push({ questionId: q.id, key: 'surveys.too_many_choices' });
        else answers[q.id] = [...a].sort((x, y) => x - y);
        break;
      case 'rating':
        if (typeof a !== 'number' || !Number.isInteger(a) || a < 1 || a > 5) bad();
        else answers[q.id] = a;
        break;
      case 'number':
        if (typeof a !== 'number' || !Number.isFinite(a)) bad();
        else if ((q.min !== undefined && a < q.min) || (q.max !== undefined && a > q.max))
          problems.push({ questionId: q.id, key: 'surveys.out_of_range' });
        else answers[q.id] = a;
        break;
      case 'text':
        if (typeof a !== 'string') bad();
        else answers[q.id] = a.trim();
        break;
    }
  }
  return { answers, problems };
}

/** Per question: counts per option (or per rating 1–5), how many answered, the mean of ratings and numbers. */
export function tally(questions: readonly Question[], responses: readonly Answers[]) {
  return questions.map((q) => {
    const given = responses.map((r) => r[q.id]).filter((a) => a !== undefined);
    const labels =
      q.type === 'rating' ? ['1', '2', '3', '4', '5'] : q.type === 'single' || q.type === 'multiple' ? q.options! : [];
    const counts = labels.map(() => 0);
    let sum = 0;
    for (const a of given) {
      if (q.type === 'single') counts[a as number]! += 1;
      else if (q.type === 'multiple') for (const i of a as number[]) counts[i]! += 1;
      else if (q.type === 'rating') counts[(a as number) - 1]! += 1;
      if (q.type === 'rating' || q.type === 'number') sum += a as number;
    }
    const answered = given.length;
    return {
      id: q.id,
      type: q.type,
      title: q.title,
      answered,
      // Percent of those answering the question (a multiple choice's add up to more than 100).
      options: labels.map((label, i) => ({
        label,
        count: counts[i]!,
        percent: answered === 0 ? null : Math.round((counts[i]! / answered) * 1000) / 10,
      })),
      average:
        (q.type === 'rating' || q.type === 'number') && answered > 0 ? Math.round((sum / answered) * 100) / 100 : null,
    };
  });
}
