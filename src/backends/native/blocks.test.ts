import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  BLOCK_MIN_BYTES,
  COLLECT_EVERY_BYTES,
  CpuMemory,
  cpuMemory,
  YOUNG_BYTES_LIMIT,
} from '../cpu/memory.js';
import { releaseCachedMemory } from '../index.js';
import { loadAddon } from './addon.js';
import { loadNativeBackend } from './index.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
/** A full collection; the second one waits for the first one's sweeping, which V8 may run in the background. */
function collect(): void {
  gc();
  gc();
}

const addon = loadAddon().addon;

if (addon) {
  const blocks = addon;
  /** Allocates `count` arrays of `bytes` and drops them, then collects: their blocks come back. */
  function allocateAndDrop(bytes: number, count: number): void {
    for (let i = 0; i < count; i++) new Float32Array(blocks.allocateBlock(bytes, false)).fill(i);
    collect();
  }

  test('a collected array hands its block back to the addon, and the next array of that size reuses it', () => {
    blocks.releaseBlocks();
    const bytes = 3 * 65536 + 4; // not a multiple of the 4 KB granule
    allocateAndDrop(bytes, 8);
    const kept = blocks.cachedBlockBytes();
    const granule = 4096;
    const capacity = Math.ceil(bytes / granule) * granule;
    assert.ok(kept >= capacity, `at least one block of ${capacity} bytes kept, got ${kept}`);
    assert.equal(kept % capacity, 0, 'blocks are kept whole');
    const again = new Float32Array(blocks.allocateBlock(bytes, false));
    assert.equal(again.byteLength, bytes, 'the array has the size asked for, not the block size');
    assert.equal(blocks.cachedBlockBytes(), kept - capacity, 'the new array took a kept block');
    again.fill(1);
  });

  test('a zeroed block is zero even when it is reused; releaseBlocks frees every kept block', () => {
    blocks.releaseBlocks();
    const bytes = 65536;
    allocateAndDrop(bytes, 4); // fills them with nonzero values
    assert.ok(blocks.cachedBlockBytes() >= bytes);
    const reused = new Float32Array(blocks.allocateBlock(bytes, true));
    assert.ok(
      reused.every((v) => v === 0),
      'zeroed',
    );
    const freed = blocks.releaseBlocks();
    assert.ok(freed >= bytes, `freed ${freed}`);
    assert.equal(blocks.cachedBlockBytes(), 0);
  });

  test("arrays on recycled blocks stay out of V8's external-memory count, up to 256 MB of them", () => {
    // NOTE(gc-pressure) in native/memory.cc. V8 collects each time its external-memory count grew
    // by 64 MB; a recycled block adds no memory, so it must not push the count.
    blocks.releaseBlocks();
    collect();
    const mb = 2 ** 20;
    const block = 4 * mb;
    const external = () => blocks.externalMemoryCount();
    const base = external();
    let held = Array.from({ length: 65 }, () => blocks.allocateBlock(block, false));
    const fresh = external() - base;
    assert.ok(Math.abs(fresh - 65 * block) < mb, `fresh blocks are counted: +${fresh / mb} MB`);
    held = [];
    collect();
    assert.ok(blocks.cachedBlockBytes() >= 65 * block, 'the blocks were kept');
    const before = external();
    held = Array.from({ length: 65 }, () => blocks.allocateBlock(block, false));
    const recycled = external() - before;
    // 64 blocks make the 256 MB left out; the 65th is counted.
    assert.ok(Math.abs(recycled - block) < mb, `recycled blocks beyond 256 MB only: +${recycled / mb} MB`);
    held = [];
    collect();
    blocks.allocateBlock(BLOCK_MIN_BYTES, false); // the next block settles what V8 subtracted
    const after = external();
    assert.ok(Math.abs(after - before) < mb, `the count comes back balanced: ${(after - before) / mb} MB`);
    assert.equal(held.length, 0);
  });

  test('once the native backend is loaded, large CPU arrays sit on recycled blocks', () => {
    loadNativeBackend();
    blocks.releaseBlocks();
    for (let i = 0; i < 8; i++) cpuMemory.allocateUninitialized('float32', BLOCK_MIN_BYTES / 4).fill(i);
    collect();
    assert.ok(blocks.cachedBlockBytes() >= BLOCK_MIN_BYTES, 'their blocks came back');
    const before = blocks.cachedBlockBytes();
    cpuMemory.allocate('float32', 16); // small arrays stay plain
    assert.equal(blocks.cachedBlockBytes(), before);
  });
} else {
  test('without the addon there are no native blocks', () => {
    assert.equal(loadNativeBackend().backend, undefined);
  });
}

test('CpuMemory serves arrays from BLOCK_MIN_BYTES up from its block source, smaller ones itself', () => {
  const asked: [number, boolean][] = [];
  const memory = new CpuMemory();
  memory.useBlocks((bytes, zero) => {
    asked.push([bytes, zero]);
    return new ArrayBuffer(bytes);
  });
  const big = memory.allocate('float64', BLOCK_MIN_BYTES / 8);
  const scratch = memory.takeScratch('int32', BLOCK_MIN_BYTES);
  const unset = memory.allocateUninitialized('float32', BLOCK_MIN_BYTES / 4);
  memory.allocate('float32', BLOCK_MIN_BYTES / 4 - 1);
  assert.deepEqual(asked, [
    [BLOCK_MIN_BYTES, true],
    [BLOCK_MIN_BYTES * 4, false],
    [BLOCK_MIN_BYTES, false],
  ]);
  assert.ok(big instanceof Float64Array && big.length === BLOCK_MIN_BYTES / 8);
  assert.ok(scratch instanceof Int32Array && unset instanceof Float32Array);
  memory.useBlocks(undefined);
  memory.allocate('float32', BLOCK_MIN_BYTES);
  assert.equal(asked.length, 3, 'no source, no blocks');
});

test("small arrays come from the block source while young arrays near V8's scavenge trigger, until a collection is due", () => {
  const asked: number[] = [];
  const memory = new CpuMemory();
  const collections = new Int32Array(1);
  memory.useBlocks((bytes) => {
    asked.push(bytes);
    return new ArrayBuffer(bytes);
  }, collections);
  const small = 1024; // floats: 4 KB, below BLOCK_MIN_BYTES
  const fromBlocks = (): boolean => {
    const before = asked.length;
    memory.allocateUninitialized('float32', small);
    return asked.length > before;
  };
  const bigFloats = BLOCK_MIN_BYTES; // 64 KB arrays
  const makeBig = (mb: number): void => {
    for (let i = 0; i < (mb * 2 ** 20) / (bigFloats * 4); i++)
      memory.allocateUninitialized('float32', bigFloats);
  };
  assert.equal(fromBlocks(), false, 'few young bytes: V8 makes it');
  memory.allocate('float32', 16);
  assert.ok(!asked.includes(64), 'an array of ≤ 64 bytes never comes from blocks');
  makeBig(YOUNG_BYTES_LIMIT / 2 ** 20);
  assert.equal(fromBlocks(), true, 'young bytes at the limit: blocks');
  makeBig((COLLECT_EVERY_BYTES - YOUNG_BYTES_LIMIT) / 2 ** 20);
  assert.equal(fromBlocks(), false, 'a collection is due: V8 makes it, and starts it');
  collections[0] = 1;
  assert.equal(fromBlocks(), true, "the last collection's survivors are still young");
  collections[0] = 3;
  assert.equal(fromBlocks(), false, 'two collections later they are old');
  memory.useBlocks(undefined);
});

test('releaseCachedMemory frees the CPU pool and the native blocks and returns the bytes freed', () => {
  releaseCachedMemory();
  cpuMemory.giveScratch(new Float32Array(8192));
  let blockBytes = 0;
  if (addon) {
    for (let i = 0; i < 4; i++) new Float32Array(addon.allocateBlock(65536, false)).fill(i);
    collect();
    blockBytes = addon.cachedBlockBytes();
    assert.ok(blockBytes >= 65536);
  }
  assert.equal(releaseCachedMemory(), 32768 + blockBytes);
  assert.deepEqual(cpuMemory.pool.stats(), { arrays: 0, bytes: 0 });
  assert.equal(releaseCachedMemory(), 0, 'nothing left');
});
