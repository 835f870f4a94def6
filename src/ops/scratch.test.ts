import assert from 'node:assert/strict';
import { test } from 'node:test';
import { giveScratch, takeScratch } from './scratch.js';

test('takeScratch hands back a given buffer of the same dtype and size, once', () => {
  const size = 1 << 17;
  const a = takeScratch('float32', size);
  assert.ok(a instanceof Float32Array);
  assert.equal(a.length, size);
  a[0] = 42;
  giveScratch('float32', a);
  assert.equal(takeScratch('float64', size) === (a as unknown), false, 'another dtype gets another buffer');
  const b = takeScratch('float32', size);
  assert.equal(b, a, 'the pooled buffer comes back');
  assert.equal(b[0], 42, 'with what its last user left in it');
  assert.notEqual(takeScratch('float32', size), a, 'and is not handed out twice');
});

test('small buffers are not pooled, and the pool holds at most 64 MB', () => {
  const small = takeScratch('float32', 16);
  giveScratch('float32', small);
  assert.notEqual(takeScratch('float32', 16), small);
  // Five 16 MB buffers: the oldest is evicted to stay within 64 MB.
  const size = 4 << 20;
  const buffers = Array.from({ length: 5 }, () => takeScratch('float32', size));
  for (const b of buffers) giveScratch('float32', b);
  const back = Array.from({ length: 5 }, () => takeScratch('float32', size));
  assert.equal(back.filter((b) => buffers.includes(b)).length, 4);
  assert.equal(back.includes(buffers[0]!), false, 'the first given (oldest) left the pool');
});
