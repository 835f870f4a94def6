import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectClose } from '../testing/expect-close.js';
import { bleu, brevityPenalty, clippedCounts, closestRefLength, sentenceBleu } from './bleu.js';

const words = (s: string) => s.split(' ');
// The course's example.
const cand = words('the cat the cat on the mat');
const refs = [words('the cat is on the mat'), words('there is a cat on the mat')];

test('clippedCounts on "the cat the cat on the mat": p₁ = 5/7, p₂ = 4/6', () => {
  // Unigrams: the ×3 (clip 2, R1 has two), cat ×2 (clip 1), on 1, mat 1 → 2 + 1 + 1 + 1 = 5 of 7.
  assert.deepEqual(clippedCounts(cand, refs, 1), { matches: 5, total: 7 });
  // Bigrams: "the cat" ×2 (clip 1), "cat the" 0, "cat on" 1 (R2), "on the" 1, "the mat" 1 → 4 of 6.
  assert.deepEqual(clippedCounts(cand, refs, 2), { matches: 4, total: 6 });
  // Trigrams: only "cat on the" (R2) and "on the mat" match → 2 of 5; 4-grams: "cat on the mat" → 1 of 4.
  assert.deepEqual(clippedCounts(cand, refs, 3), { matches: 2, total: 5 });
  assert.deepEqual(clippedCounts(cand, refs, 4), { matches: 1, total: 4 });
});

test('sentenceBleu of the course example is the geometric mean of the clipped precisions', () => {
  // c = 7 equals R2's length, so BP = 1. BLEU-4 = (5/7 · 4/6 · 2/5 · 1/4)^(1/4) = (1/21)^(1/4)
  expectClose([sentenceBleu(cand, refs)], [(1 / 21) ** 0.25], { rtol: 1e-12 });
  // BLEU-2 = (5/7 · 4/6)^(1/2)
  expectClose([sentenceBleu(cand, refs, { maxN: 2 })], [Math.sqrt(10 / 21)], { rtol: 1e-12 });
  // Custom weights: p₁ only
  expectClose([sentenceBleu(cand, refs, { maxN: 2, weights: [1, 0] })], [5 / 7], { rtol: 1e-12 });
});

// NLTK's documentation example (nltk/translate/bleu_score.py).
const hyp1 = words(
  'It is a guide to action which ensures that the military always obeys the commands of the party',
);
const ref1a = words(
  'It is a guide to action that ensures that the military will forever heed Party commands',
);
const ref1b = words(
  'It is the guiding principle which guarantees the military forces always being under the command of the Party',
);
const ref1c = words('It is the practical guide for the army always to heed the directions of the party');
const hyp2 = words('he read the book because he was interested in world history');
const ref2a = words('he was interested in world history because he read the book');

test('bleu agrees with the values NLTK documents for corpus_bleu and sentence_bleu', () => {
  // corpus_bleu([[ref1a, ref1b, ref1c], [ref2a]], [hyp1, hyp2]) = 0.5920...
  expectClose([bleu([hyp1, hyp2], [[ref1a, ref1b, ref1c], [ref2a]])], [0.592], { atol: 1e-4 });
  // The corpus score is not the mean of sentence scores: (0.5045... + 0.7400...) / 2 = 0.6223...
  const s1 = sentenceBleu(hyp1, [ref1a, ref1b, ref1c]);
  expectClose([s1], [0.5046], { atol: 1e-4 });
  expectClose([(s1 + sentenceBleu(hyp2, [ref2a])) / 2], [0.6223], { atol: 1e-4 });
  // SmoothingFunction docs: sentence_bleu([reference1], hypothesis1) 0.4118..., method2 0.4452...
  expectClose([sentenceBleu(hyp1, [ref1a])], [0.4118], { atol: 1e-4 });
  expectClose([sentenceBleu(hyp1, [ref1a], { smoothing: 'add-one' })], [0.4452], { atol: 1e-4 });
  expectClose([sentenceBleu(hyp1, [ref1a], { smoothing: 'floor' })], [0.4118], { atol: 1e-4 });
});

test('smoothing of a zero 4-gram precision', () => {
  // "the cat sat" vs "the cat sat down": p₁ = p₂ = p₃ = 1, no 4-gram (count 0, denominator 1),
  // c = 3 < r = 4 → BP = e^(1 − 4/3).
  const bp = Math.exp(1 - 4 / 3);
  const c = words('the cat sat');
  const r = [words('the cat sat down')];
  // none: p₄ = 2.2e-308 (NLTK's sys.float_info.min), so BLEU ≈ 0.
  const none = sentenceBleu(c, r);
  assert.ok(none > 0 && none < 1e-70, `got ${none}`);
  // floor: p₄ = 0.1 / 1
  expectClose([sentenceBleu(c, r, { smoothing: 'floor' })], [bp * 0.1 ** 0.25], { rtol: 1e-12 });
  expectClose([sentenceBleu(c, r, { smoothing: 'floor', epsilon: 0.5 })], [bp * 0.5 ** 0.25], {
    rtol: 1e-12,
  });
  // add-one (n ≥ 2): p₂ = 3/3, p₃ = 2/2, p₄ = 1/2
  expectClose([sentenceBleu(c, r, { smoothing: 'add-one' })], [bp * 0.5 ** 0.25], { rtol: 1e-12 });
});

test('bleu sums counts and lengths over the corpus before dividing', () => {
  // Sentence A: "a b" vs "a b": unigrams 2/2, bigrams 1/1. Sentence B: "c d" vs "c e f": 1/2 and 0/1.
  // Corpus: p₁ = 3/4, p₂ = 1/2; c = 4, r = 2 + 3 = 5 → BP = e^(1 − 5/4).
  const score = bleu([words('a b'), words('c d')], [[words('a b')], [words('c e f')]], { maxN: 2 });
  expectClose([score], [Math.exp(1 - 5 / 4) * Math.sqrt(0.75 * 0.5)], { rtol: 1e-12 });
  // No unigram match anywhere, or an empty candidate: 0.
  assert.equal(bleu([words('x y')], [[words('a b')]]), 0);
  assert.equal(sentenceBleu([], [words('a b')]), 0);
});

test('closestRefLength prefers the shorter reference on a tie; brevityPenalty', () => {
  assert.equal(closestRefLength([13, 11], 12), 11);
  assert.equal(closestRefLength([11, 8, 6, 7], 7), 7);
  assert.equal(closestRefLength([13, 2], 12), 13);
  expectClose([brevityPenalty(12, 28)], [Math.exp(1 - 28 / 12)], { rtol: 1e-12 });
  assert.equal(brevityPenalty(13, 12), 1);
  assert.equal(brevityPenalty(0, 5), 0);
});

test('bleu rejects mismatched inputs with named errors', () => {
  assert.throws(() => bleu([cand], []), /bleu: got 1 candidates but 0 reference lists/);
  assert.throws(() => bleu([cand], [[]]), /bleu: candidate 0 has no reference/);
  assert.throws(
    () => bleu([cand], [refs], { maxN: 2, weights: [1] }),
    /weights must hold maxN \(2\) numbers, got 1/,
  );
  assert.throws(() => bleu([cand], [refs], { maxN: 0 }), /maxN must be a positive integer, got 0/);
  assert.throws(
    () => bleu([cand], [refs], { smoothing: 'laplace' as 'none' }),
    /smoothing must be 'none', 'add-one' or 'floor'/,
  );
});
