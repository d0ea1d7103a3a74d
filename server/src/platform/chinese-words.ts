import { createRequire } from 'node:module';
import type { Jieba } from '@node-rs/jieba';

/** Chinese text cut into words with jieba (@node-rs/jieba): for the matters' classifier and for full-text search. */

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

const keep = (word: string) => Boolean(word) && !STOPWORDS.has(word) && /[\p{L}\p{N}]/u.test(word);

/** Words of a text worth counting: jieba's words, without punctuation or stopwords. */
export function tokenize(text: string): string[] {
  return segmenter()
    .cut(text.toLowerCase(), true)
    .map((w) => w.trim())
    .filter(keep);
}

/**
 * Words to index a text under for PostgreSQL's full-text search ('simple' configuration, which
 * splits on spaces): jieba's search mode also yields the shorter words inside long ones
 * (中华人民共和国 → 中华, 华人, 人民, 共和国 …), so a search for a part finds the whole.
 * Characters the text-search parser would split or drop are kept out of words.
 */
export function searchWords(text: string): string[] {
  const words = segmenter()
    .cutForSearch(text.toLowerCase(), true)
    .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ''))
    .filter(keep);
  return [...new Set(words)];
}

/** Words of a search query, to match text indexed with searchWords: jieba's ordinary cut, cleaned alike. */
export function queryWords(text: string): string[] {
  return [
    ...new Set(
      tokenize(text)
        .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ''))
        .filter(keep),
    ),
  ];
}
