/** Options of `wordTokenize`. */
export interface WordTokenizeOptions {
  /** Lower-case the text first (default false). */
  lowercase?: boolean;
}

// A word is a run of letters, digits and marks, with inner apostrophes (don't, whale’s) kept in
// it; every other non-space character is a token of its own (punctuation, symbols).
const TOKEN = /[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{N}\p{M}]+)*|[^\s\p{L}\p{N}\p{M}]/gu;

/**
 * Splits `text` into words and punctuation marks, each punctuation character a token.
 * @example
 * wordTokenize('Call me Ishmael. Don’t!', { lowercase: true });
 * // ['call', 'me', 'ishmael', '.', 'don’t', '!']
 */
export function wordTokenize(text: string, options: WordTokenizeOptions = {}): string[] {
  const source = options.lowercase ? text.toLowerCase() : text;
  return source.match(TOKEN) ?? [];
}
