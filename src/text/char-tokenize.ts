/**
 * The characters of `text` as tokens, one per Unicode code point (so an emoji or an accented
 * letter written as one code point stays one token, where `split('')` would cut surrogate pairs).
 * @example
 * charTokenize('héllo!'); // => ['h', 'é', 'l', 'l', 'o', '!']
 */
export function charTokenize(text: string): string[] {
  return Array.from(text);
}
