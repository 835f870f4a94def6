import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadAddon } from './addon.js';
import { nativeSignatures, signatureMismatches } from './signatures.js';

const { addon } = loadAddon();

test('signatureMismatches names what differs, including functions missing on either side', () => {
  assert.deepEqual(signatureMismatches({ ...nativeSignatures }), []);
  const changed: Record<string, string> = { ...nativeSignatures, unary: 'f32,f32->void', extra: '->void' };
  delete changed.matmul;
  assert.deepEqual(signatureMismatches(changed), ['extra', 'matmul', 'unary']);
});

if (addon) {
  test('the addon exports exactly the declared functions, with the declared signatures', () => {
    assert.deepEqual(addon.signatures(), { ...nativeSignatures });
    for (const name of Object.keys(nativeSignatures)) {
      assert.equal(typeof (addon as unknown as Record<string, unknown>)[name], 'function', name);
    }
  });

  test('the generated binding rejects wrong argument counts, kinds and short arrays with named errors', () => {
    const x = new Float32Array(4);
    assert.throws(
      () => (addon.unary as (...a: unknown[]) => void)(0, x),
      /^TypeError: nabla native: unary takes 3 arguments$/,
    );
    assert.throws(() => addon.unary(-1, x, x), /^TypeError: nabla native: unary argument 0 must be size$/);
    assert.throws(
      () => addon.unary(0, new Float64Array(4) as unknown as Float32Array, x),
      /^TypeError: nabla native: unary argument 1 must be f32$/,
    );
    assert.throws(
      () => addon.reduceSum(x, 2, 3, 1, x),
      /^RangeError: nabla native: reduceSum x shorter than its shape$/,
    );
    assert.throws(
      () => addon.convForward(x, x, null, 1, 1, 1, 1, new Int32Array(3), x),
      /^RangeError: nabla native: convForward window geometry must have 18 entries$/,
    );
    // A failed call leaves nothing pending: the next one runs.
    addon.unary(0, new Float32Array([1, -2]), x.subarray(0, 2));
    assert.deepEqual([...x.subarray(0, 2)], [-1, 2]);
  });

  test('the optional null argument (bias) and the scalar results convert', () => {
    assert.ok(addon.gemmPackedSize(8, 8) >= 64);
    assert.equal(typeof addon.isa(), 'string');
    assert.equal(addon.setIsa('no-such-isa'), false);
    assert.ok(addon.numThreads() >= 1);
  });
} else {
  test('without the addon, the declaration still stands on its own', () => {
    assert.ok(Object.keys(nativeSignatures).length > 20);
  });
}
