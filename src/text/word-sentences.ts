import { wordTokenize } from './word-tokenize.js';

/** Options of `wordSentences`. */
export interface WordSentencesOptions {
  /** Lower-case the text first (default true). */
  lowercase?: boolean;
}

const SENTENCE_END = new Set(['.', '!', '?']);
const WORDLIKE = /[\p{L}\p{N}]/u;

/**
 * Splits `text` into sentences of words, the input word2vec and GloVe train on: sentences end at
 * `.`, `!` and `?`, and punctuation tokens are dropped (inner apostrophes stay: "don't").
 * @example
 * wordSentences('The Union is strong. Don’t worry!'); // [['the', 'union', 'is', 'strong'], ['don’t', 'worry']]
 */
export function wordSentences(text: string, options: WordSentencesOptions = {}): string[][] {
  const sentences: string[][] = [];
  let current: string[] = [];
  for (const token of wordTokenize(text, { lowercase: options.lowercase ?? true })) {
    if (SENTENCE_END.has(token)) {
      if (current.length > 0) sentences.push(current);
      current = [];
    } else if (WORDLIKE.test(token)) current.push(token);
  }
  if (current.length > 0) sentences.push(current);
  return sentences;
}
