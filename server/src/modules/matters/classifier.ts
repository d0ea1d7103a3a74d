import { tokenize } from '../../platform/chinese-words.ts';

/**
 * Suggests a category from a free-text description: the text is cut into words
 * with jieba (@node-rs/jieba), then a multinomial naive Bayes model trained on each
 * category's name, keywords and example sentences scores the categories.
 */

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
