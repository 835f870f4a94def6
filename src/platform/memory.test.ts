import assert from 'node:assert/strict';
import { test } from 'node:test';
import { uninitializedBuffer } from './memory.js';

test('uninitializedBuffer gives an ArrayBuffer of exactly the asked length', () => {
  for (const n of [0, 1, 100, 1 << 20]) assert.equal(uninitializedBuffer(n).byteLength, n);
});
