import { createRequire } from 'node:module';
import type { Jieba } from '@node-rs/jieba';

/**
 * Suggests a category from a free-text description: the text is cut into words
 * with jieba (@node-rs/jieba), then a multinomial naive Bayes model trained on each
 * category's name, keywords and example sentences scores the categories.
 */

const require = createRequire(import.meta.url);
let jieba: Jieba | null = null;

function segmenter(): Jieba {
  if (!jieba) {
    const { Jieba: JiebaClass } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
    jieba = JiebaClass.withDict(dict);
  }
  return jieba;
}

const STOPWORDS = new Set(
  '的 了 在 是 有 我 我们 你 他 她 它 这 那 被 把 和 与 及 就 都 也 很 还 又 啊 吧 呢 吗 一个 一直 已经 没有 什么 怎么 请 能 会 要 让 给 到 上 下 里 着 过 说'.split(
    ' ',
  ),
);

/** Words of a text worth counting: jieba's words (no punctuation or stopwords) plus single CJK characters of rare words. */
export function tokenize(text: string): string[] {
  const words = segmenter().cut(text.toLowerCase(), true);
  const tokens: string[] = [];
  for (const w of words) {
    const word = w.trim();
    if (!word || STOPWORDS.has(word) || !/[\p{L}\p{N}]/u.test(word)) continue;
    tokens.push(word);
  }
  return tokens;
}

export interface TrainingCategory {
  id: number;
  texts: string[];
}

export interface Suggestion {
  categoryId: number;
  probability: number;
}

export class CategoryClassifier {
  private readonly wordCounts = new Map<number, Map<string, number>>();
  private readonly totals = new Map<number, number>();
  private readonly vocabulary = new Set<string>();
  private readonly categoryIds: number[] = [];

  constructor(categories: TrainingCategory[]) {
    for (const c of categories) {
      const counts = new Map<string, number>();
      let total = 0;
      for (const text of c.texts) {
        for (const token of tokenize(text)) {
          counts.set(token, (counts.get(token) ?? 0) + 1);
          this.vocabulary.add(token);
          total++;
        }
      }
      this.wordCounts.set(c.id, counts);
      this.totals.set(c.id, total);
      this.categoryIds.push(c.id);
    }
  }

  /** The most likely categories, best first; empty when no word of the text is known. */
  suggest(text: string, top = 3): Suggestion[] {
    const tokens = tokenize(text).filter((t) => this.vocabulary.has(t));
    if (tokens.length === 0 || this.categoryIds.length === 0) return [];
    const v = this.vocabulary.size;
    // Uniform prior: the catalogue says nothing about how often each category occurs.
    const logScores = this.categoryIds.map((id) => {
      const counts = this.wordCounts.get(id)!;
      const total = this.totals.get(id)!;
      let score = 0;
      for (const token of tokens) score += Math.log(((counts.get(token) ?? 0) + 0.5) / (total + 0.5 * v));
      return { id, score };
    });
    const max = Math.max(...logScores.map((s) => s.score));
    const sum = logScores.reduce((acc, s) => acc + Math.exp(s.score - max), 0);
    return logScores
      .map((s) => ({ categoryId: s.id, probability: Math.exp(s.score - max) / sum }))
      .sort((a, b) => b.probability - a.probability)
      .slice(0, top);
  }
}
