import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor, ValueError } from '../index.js';
import { charTokenize } from './char-tokenize.js';
import { Vocabulary } from './vocabulary.js';
import { wordTokenize } from './word-tokenize.js';

// counts: b 2, a 2, c 1, d 1; b and a tie, b came first.
const tokens = ['b', 'a', 'c', 'a', 'b', 'd'];

test('Vocabulary puts specials first, then tokens by frequency, ties by first appearance', () => {
  const vocab = Vocabulary.fromTokens(tokens);
  assert.equal(vocab.size, 8);
  assert.deepEqual(vocab.decode([0, 1, 2, 3, 4, 5, 6, 7]), [
    '<PAD>',
    '<UNK>',
    '<BOS>',
    '<EOS>',
    'b',
    'a',
    'c',
    'd',
  ]);
  assert.equal(vocab.idOf('a'), 5);
  assert.equal(vocab.tokenOf(6), 'c');
  assert.equal(vocab.unkId, 1);
  // The same tokens in another order of first appearance give other ids: a before b.
  assert.equal(Vocabulary.fromTokens(['a', ...tokens]).idOf('a'), 4);
});

test('Vocabulary minFrequency and maxSize (specials included) drop the rarest tokens', () => {
  assert.deepEqual(Vocabulary.fromTokens(tokens, { minFrequency: 2 }).toJSON().tokens, [
    '<PAD>',
    '<UNK>',
    '<BOS>',
    '<EOS>',
    'b',
    'a',
  ]);
  assert.deepEqual(Vocabulary.fromTokens(tokens, { maxSize: 5 }).toJSON().tokens.slice(4), ['b']);
  assert.deepEqual(Vocabulary.fromTokens(tokens, { specials: [] }).toJSON(), {
    tokens: ['b', 'a', 'c', 'd'],
    unkToken: null,
  });
});

test('Vocabulary encodes unknown tokens as <UNK> and decodes tensors', () => {
  const vocab = Vocabulary.fromTokens(tokens);
  const ids = vocab.encode(['a', 'z', 'd']);
  assert.equal(ids.dtype, 'int32');
  assert.deepEqual(ids.toArray(), [5, 1, 7]);
  assert.deepEqual(vocab.encodeIds(['z']), [1]);
  assert.deepEqual(vocab.decode(tensor([[4], [5]], { dtype: 'int32' })), ['b', 'a']);
  assert.equal(vocab.has('z'), false);
});

test('Vocabulary.oneHot gives one row per token', () => {
  const vocab = Vocabulary.fromTokens(['x', 'y'], { specials: ['<UNK>'] });
  // ids: <UNK> 0, x 1, y 2
  assert.deepEqual(vocab.oneHot(['y', 'q']).toArray(), [
    [0, 0, 1],
    [1, 0, 0],
  ]);
});

test('Vocabulary survives a JSON round trip', () => {
  const vocab = Vocabulary.fromTokens(tokens, { minFrequency: 2 });
  const back = Vocabulary.fromJSON(JSON.stringify(vocab));
  assert.deepEqual(back.toJSON(), vocab.toJSON());
  assert.equal(back.idOf('nope'), 1);
  assert.deepEqual(Vocabulary.fromJSON(vocab.toJSON()).decode([4, 5]), ['b', 'a']);
});

test('Vocabulary rejects bad input with named errors', () => {
  const bare = Vocabulary.fromTokens(['a'], { specials: [] });
  assert.throws(
    () => bare.idOf('b'),
    /Vocabulary.idOf: token 'b' is unknown and the vocabulary has no unknown token/,
  );
  assert.throws(
    () => bare.tokenOf(3),
    /Vocabulary.tokenOf: id 3 is out of range for a vocabulary of 1 tokens/,
  );
  assert.throws(
    () => Vocabulary.fromTokens(tokens, { maxSize: 2 }),
    /maxSize \(2\) must hold the 4 specials/,
  );
  assert.throws(() => Vocabulary.fromTokens(tokens, { minFrequency: 0 }), ValueError);
  assert.throws(
    () => Vocabulary.fromTokens(tokens, { unkToken: '<?>' }),
    /unkToken '<\?>' must be one of the specials/,
  );
  assert.throws(() => Vocabulary.fromJSON('{"tokens": [1]}'), /expected \{ tokens: string\[\], unkToken/);
  assert.throws(() => Vocabulary.fromJSON({ tokens: ['a', 'a'], unkToken: null }), /token 'a' appears twice/);
});

test('charTokenize splits by code point, not UTF-16 unit', () => {
  assert.deepEqual(charTokenize('a🐳é'), ['a', '🐳', 'é']);
  assert.deepEqual(charTokenize(''), []);
});

test('wordTokenize keeps words and makes each punctuation mark a token', () => {
  assert.deepEqual(wordTokenize('Call me Ishmael. Some years ago—never mind!'), [
    'Call',
    'me',
    'Ishmael',
    '.',
    'Some',
    'years',
    'ago',
    '—',
    'never',
    'mind',
    '!',
  ]);
  assert.deepEqual(wordTokenize("Don't, whale’s 42...", { lowercase: true }), [
    "don't",
    ',',
    'whale’s',
    '42',
    '.',
    '.',
    '.',
  ]);
  assert.deepEqual(wordTokenize('   '), []);
});
