import assert from 'node:assert/strict';
import { PerformanceObserver } from 'node:perf_hooks';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadAddon } from './addon.js';
import { int32Arg } from './int32-args.js';

// NOTE(on-heap-args) in native/binding.cc: arrays of ≤ 64 bytes live inside their JavaScript
// objects; the addon reads them by copy and writes back what a kernel changed.

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as (options?: { type: 'minor' | 'major' }) => void;

const addon = loadAddon().addon;
// The addon writes the count here from now on, so it lives as long as the process.
const counter = addon ? new Int32Array(addon.allocateBlock(128, true), 0, 1) : new Int32Array(1);

test('int32Arg keeps one array per slot and length, overwritten by each call', () => {
  const a = int32Arg(7, [1, 2, 3]);
  assert.deepEqual([...a], [1, 2, 3]);
  const b = int32Arg(7, [4, 5, 6]);
  assert.equal(a, b, 'the same slot and length reuse the array');
  assert.deepEqual([...b], [4, 5, 6]);
  assert.notEqual(int32Arg(8, [4, 5, 6]), b, 'another slot has its own');
  assert.deepEqual([...int32Arg(7, [9])], [9], 'another length has its own');
  assert.ok(int32Arg(7, []).length === 0);
});

if (addon) {
  const native = addon;

  test('a kernel reads small (on-heap) arrays and writes its result back into them', () => {
    const x = Float32Array.of(1, 2, 3, 4, 5, 6);
    const out = new Float32Array(2);
    native.reduceSum(x, 2, 3, 1, out); // rows of [2, 3]
    assert.deepEqual([...out], [6, 15]);
    const param = Float32Array.of(1, 2, 3);
    native.sgdUpdate(param, Float32Array.of(10, 20, 30), null, 0.5, 0, 0, 1, 0, false, false);
    assert.deepEqual([...param], [-4, -8, -12], 'an array read and written in place');
    const bytes = new Uint8Array(3);
    native.compare(3, Float32Array.of(1, 5, 2), 0, 3, Float32Array.of(2, 2, 2), 0, 3, bytes); // le
    assert.deepEqual([...bytes], [1, 0, 1], 'a Uint8Array output');
  });

  test('an array passed twice (in place) ends as the kernel wrote it', () => {
    const a = Float32Array.of(1, 2, 3, 4);
    native.binary(0, a, 0, 4, a, 0, 4, a); // a = a + a
    assert.deepEqual([...a], [2, 4, 6, 8]);
    const big = new Float32Array(native.allocateBlock(4096, true));
    big.set([1, 2, 3]);
    native.binary(2, big, 0, 1024, a, 0, 4, big); // a large output beside a small input
    assert.deepEqual([...big.subarray(0, 5)], [2, 8, 18, 0, 0]);
  });

  test('a small argument does not start a scavenge while the young generation holds large arrays', async () => {
    gc();
    gc();
    // 48 MB of young ArrayBuffers: past the 32 MB at which V8 scavenges on allocating one itself.
    const young = Array.from({ length: 12 }, () => new Float32Array(native.allocateBlock(4 << 20, false)));
    let scavenges = 0;
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if ((entry as unknown as { detail: { kind: number } }).detail.kind === 1) scavenges++;
      }
    });
    observer.observe({ entryTypes: ['gc'] });
    const out = new Float32Array(1);
    for (let i = 0; i < 8; i++) native.reduceSum(Float32Array.of(i, 1), 1, 2, 1, out);
    await new Promise((resolve) => setTimeout(resolve, 20));
    observer.disconnect();
    assert.equal(out[0], 8);
    assert.equal(scavenges, 0, 'an on-heap argument was given an ArrayBuffer by V8');
    assert.equal(young.length, 12);
  });

  test('countCollections counts every garbage collection in the array it is given', () => {
    native.countCollections(counter);
    const before = counter[0]!;
    gc({ type: 'minor' });
    gc({ type: 'major' });
    assert.equal(counter[0], before + 2);
    assert.throws(
      () => native.countCollections(new Int32Array(0)),
      /countCollections counter must hold one element/,
    );
  });
}
