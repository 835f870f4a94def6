import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CpuMemory } from './memory.js';

test('takeScratch hands back a given buffer of the same dtype and size, once, as its user left it', () => {
  const memory = new CpuMemory();
  const size = 1 << 17;
  const a = memory.takeScratch('float32', size);
  assert.ok(a instanceof Float32Array);
  assert.equal(a.length, size);
  a[0] = 42;
  memory.giveScratch(a);
  assert.equal(
    memory.takeScratch('float64', size) === (a as unknown),
    false,
    'another dtype gets another buffer',
  );
  const b = memory.takeScratch('float32', size);
  assert.equal(b, a, 'the pooled buffer comes back');
  assert.equal(b[0], 42, 'with what its last user left in it');
  assert.notEqual(memory.takeScratch('float32', size), a, 'and is not handed out twice');
});

test('a scratch buffer given back reaches allocate zero-filled; small buffers are not pooled', () => {
  const memory = new CpuMemory();
  const size = 1 << 17;
  const a = memory.takeScratch('float32', size);
  a.fill(7);
  memory.giveScratch(a);
  const b = memory.allocate('float32', size);
  assert.equal(b, a, 'one pool for scratch buffers and tensor storage');
  assert.ok(
    b.every((v) => v === 0),
    'allocate zeroes what it reuses',
  );
  const small = memory.takeScratch('float32', 16);
  memory.giveScratch(small);
  assert.notEqual(memory.takeScratch('float32', 16), small);
});

test('allocateUninitialized: the dtype and length asked for, owning its whole buffer, reclaimable', () => {
  const memory = new CpuMemory();
  const a = memory.allocateUninitialized('float32', 5000);
  assert.ok(a instanceof Float32Array);
  assert.equal(a.length, 5000);
  assert.equal(a.byteOffset, 0);
  assert.equal(a.buffer.byteLength, 5000 * 4);
  assert.ok(memory.allocateUninitialized('int32', 3) instanceof Int32Array);
  assert.ok(memory.allocateUninitialized('bool', 3) instanceof Uint8Array);
  // Given back, it is reused, and allocate still zeroes what it reuses.
  a.fill(3);
  memory.reclaim(a);
  const b = memory.allocate('float32', 5000);
  assert.equal(b, a);
  assert.ok(
    b.every((v) => v === 0),
    'allocate zeroes a reclaimed array',
  );
});

test('trackAllocations collects the large arrays allocated inside, and only those', () => {
  const memory = new CpuMemory();
  const before = memory.allocate('float32', 8192);
  const fresh = new Set<Float32Array | Float64Array | Int32Array | Uint8Array>();
  const inside = memory.trackAllocations(fresh, () => [
    memory.allocate('float32', 8192),
    memory.allocateUninitialized('float64', 4096),
    memory.allocate('float32', 16),
  ]);
  assert.deepEqual([...fresh], inside.slice(0, 2));
  assert.equal(fresh.has(before), false);
});

test('upload copies host data into the backend; download gives CPU storage itself', () => {
  const memory = new CpuMemory();
  const host = new Float32Array([1, 2, 3]);
  const stored = memory.upload(host);
  assert.notEqual(stored, host);
  assert.deepEqual([...stored], [1, 2, 3]);
  assert.equal(memory.download(stored), stored);
});
