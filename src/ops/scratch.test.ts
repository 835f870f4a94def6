import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allocate } from '../tensor/dtype.js';
import { giveScratch, takeScratch } from './scratch.js';

test('takeScratch hands back a given buffer of the same dtype and size, once, as its user left it', () => {
  const size = 1 << 17;
  const a = takeScratch('float32', size);
  assert.ok(a instanceof Float32Array);
  assert.equal(a.length, size);
  a[0] = 42;
  giveScratch(a);
  assert.equal(takeScratch('float64', size) === (a as unknown), false, 'another dtype gets another buffer');
  const b = takeScratch('float32', size);
  assert.equal(b, a, 'the pooled buffer comes back');
  assert.equal(b[0], 42, 'with what its last user left in it');
  assert.notEqual(takeScratch('float32', size), a, 'and is not handed out twice');
});

test('a scratch buffer given back reaches allocate zero-filled; small buffers are not pooled', () => {
  const size = 1 << 17;
  const a = takeScratch('float32', size);
  a.fill(7);
  giveScratch(a);
  const b = allocate('float32', size);
  assert.equal(b, a, 'one pool for scratch buffers and tensor storage');
  assert.ok(
    b.every((v) => v === 0),
    'allocate zeroes what it reuses',
  );
  const small = takeScratch('float32', 16);
  giveScratch(small);
  assert.notEqual(takeScratch('float32', 16), small);
});
