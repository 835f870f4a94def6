import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Generator } from '../../index.js';
import { Vocabulary } from '../vocabulary.js';
import { embeddingMatrix } from './embedding-matrix.js';
import { KeyedVectors } from './keyed-vectors.js';

test('embeddingMatrix copies known vectors, zeroes the padding row, draws the rest on the vectors’ scale', () => {
  // Entries 1, -1, 3, -3: mean 0, variance (1 + 1 + 9 + 9) / 4 = 5.
  const vectors = new KeyedVectors(['a', 'b'], new Float32Array([1, -1, 3, -3]));
  const vocabulary = Vocabulary.fromTokens(['b', 'b', 'a', 'c'], { specials: ['<PAD>', '<UNK>'] });
  const { weight, found, missing } = embeddingMatrix(vectors, vocabulary, { generator: new Generator(4) });
  assert.deepEqual([found, missing], [2, 2]); // '<UNK>' and 'c' have no vector
  const rows = weight.data();
  assert.deepEqual(Array.from(rows.subarray(0, 2)), [0, 0]); // <PAD>
  assert.deepEqual(Array.from(rows.subarray(4, 8)), [3, -3, 1, -1]); // 'b' (more frequent) then 'a'
  const g = new Generator(4);
  const sigma = Math.sqrt(5);
  const expected = [0, 1, 2, 3].map(() => Math.fround(sigma * g.normal()));
  assert.deepEqual([...rows.subarray(2, 4), ...rows.subarray(8, 10)], expected);
});

test('embeddingMatrix without zero tokens gives every row a value; empty vectors are an error', () => {
  const vectors = new KeyedVectors(['x'], new Float32Array([2, 2]));
  const vocabulary = Vocabulary.fromTokens(['x'], { specials: ['<PAD>'] });
  const { weight, found } = embeddingMatrix(vectors, vocabulary, { zeroTokens: [] });
  assert.equal(found, 1);
  // The known entries have standard deviation 0, so the unknown <PAD> row is 0 too.
  assert.deepEqual(Array.from(weight.data()), [0, 0, 2, 2]);
  assert.throws(
    () => embeddingMatrix(new KeyedVectors([], new Float32Array(0)), vocabulary),
    /embeddingMatrix: the vectors are empty/,
  );
});
