import { z } from 'zod';
import { id } from '../../platform/input.ts';
import type { Locale } from '../../platform/i18n.ts';
import { exportSource } from '../exports/source.ts';
import type { SurveysService } from './service.ts';

/** One line of a survey's results: a choice or rating with its count and percent, a mean, or a text answer. */
interface ResultLine {
  no: number;
  question: string;
  item: string;
  count: number | null;
  percent: number | null;
}

const TYPE_WORDS: Record<'average' | 'answered', Record<Locale, string>> = {
  average: { 'zh-CN': '平均值', en: 'Mean' },
  answered: { 'zh-CN': '作答人数', en: 'Answered' },
};

export const SurveyResultsFilters = z.object({ surveyId: id });

/**
 * A survey's results (GET /api/surveys/:id/results) as an export: per question the number
 * answering, each option's or rating's count and percent, the mean of ratings and numbers,
 * then every text answer; with the same reach as the results page (its managers).
 */
export function surveyResultsExportSource(surveys: SurveysService) {
  return exportSource({
    kind: 'survey-results',
    title: { 'zh-CN': '问卷结果', en: 'Survey results' },
    filters: SurveyResultsFilters,
    page: async (ctx, filters, paging) => {
      const results = await surveys.results(ctx, filters.surveyId);
      const lines: ResultLine[] = [];
      for (const [i, q] of results.questions.entries()) {
        const no = i + 1;
        lines.push({ no, question: q.title, item: TYPE_WORDS.answered[ctx.locale], count: q.answered, percent: null });
        for (const o of q.options)
          lines.push({ no, question: q.title, item: o.label, count: o.count, percent: o.percent });
        if (q.average !== null)
          lines.push({ no, question: q.title, item: TYPE_WORDS.average[ctx.locale], count: null, percent: q.average });
        if (q.type === 'text') {
          let cursor: string | undefined;
          do {
            const page = await surveys.texts(ctx, filters.surveyId, { questionId: q.id, limit: 200, cursor });
            for (const t of page.items) lines.push({ no, question: q.title, item: t.text, count: null, percent: null });
            cursor = page.nextCursor ?? undefined;
          } while (cursor);
        }
      }
      // The results are computed whole; the export's paging walks them by position.
      const offset = paging.cursor ? Number(paging.cursor) : 0;
      const end = offset + paging.limit;
      return {
        items: lines.slice(offset, end),
        nextCursor: end < lines.length ? String(end) : null,
        total: lines.length,
      };
    },
    columns: [
      { key: 'no', header: { 'zh-CN': '题号', en: 'No.' }, width: 6, value: (l) => l.no },
      { key: 'question', header: { 'zh-CN': '题目', en: 'Question' }, width: 40, value: (l) => l.question },
      { key: 'item', header: { 'zh-CN': '选项/回答', en: 'Option / answer' }, width: 40, value: (l) => l.item },
      { key: 'count', header: { 'zh-CN': '人数', en: 'Count' }, width: 8, value: (l) => l.count },
      { key: 'percent', header: { 'zh-CN': '占比(%)/均值', en: 'Percent / mean' }, width: 12, value: (l) => l.percent },
    ],
  });
}
