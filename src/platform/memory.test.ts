import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recycle } from '../tensor/buffer-pool.js';
import { allocate, allocateUninitialized } from '../tensor/dtype.js';
import { uninitializedBuffer } from './memory.js';

test('uninitializedBuffer gives an ArrayBuffer of exactly the asked length', () => {
  for (const n of [0, 1, 100, 1 << 20]) assert.equal(uninitializedBuffer(n).byteLength, n);
});

test('allocateUninitialized: the dtype and length asked for, owning its whole buffer, recyclable', () => {
  const a = allocateUninitialized('float32', 5000);
  assert.ok(a instanceof Float32Array);
  assert.equal(a.length, 5000);
  assert.equal(a.byteOffset, 0);
  assert.equal(a.buffer.byteLength, 5000 * 4);
  assert.ok(allocateUninitialized('int32', 3) instanceof Int32Array);
  assert.ok(allocateUninitialized('bool', 3) instanceof Uint8Array);
  // Given back, it is reused, and allocate still zeroes what it reuses.
  a.fill(3);
  recycle(a);
  const b = allocate('float32', 5000);
  assert.equal(b, a);
  assert.ok(
    b.every((v) => v === 0),
    'allocate zeroes a recycled array',
  );
});
