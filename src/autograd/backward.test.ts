import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import '../ops/methods.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectClose } from '../testing/expect-close.js';
import './backward.js';

const leaf = (v: number[]) => tensor(v, { requiresGrad: true });

test('backward on a scalar fills .grad of the leaves', () => {
  const w = leaf([1, 2, 3]);
  w.mul(w).sum().backward(); // d/dw Σw² = 2w
  expectClose(w.grad!, [2, 4, 6]);
});

test('backward of a non-scalar takes an explicit gradient of its shape', () => {
  const x = leaf([1, 2]);
  x.mul(3).backward(tensor([1, 10])); // d(3x)/dx weighted by [1, 10]
  expectClose(x.grad!, [3, 30]);
  assert.throws(() => leaf([1, 2]).mul(3).backward(), {
    name: 'ShapeError',
    message:
      /backward: the output has shape \[2\]; pass a gradient of that shape or reduce it to a scalar first/,
  });
  assert.throws(
    () =>
      leaf([1, 2])
        .mul(3)
        .backward(tensor([1])),
    ShapeError,
  );
});

test('gradients accumulate across two backward calls', () => {
  const x = leaf([2]);
  x.mul(x).sum().backward(); // 2x = 4
  x.mul(x).sum().backward();
  expectClose(x.grad!, [8]);
});

test('a tensor used twice gets the sum of both gradients (shared weights)', () => {
  const w = leaf([3]);
  // f = w·2 + w·5 → df/dw = 7
  w.mul(2).add(w.mul(5)).sum().backward();
  expectClose(w.grad!, [7]);
});

test('retainGraph allows a second backward; without it the error says the graph was released', () => {
  const x = leaf([1, 2]);
  const y = x.exp().sum();
  y.backward(undefined, { retainGraph: true });
  y.backward();
  expectClose(x.grad!, [2 * Math.exp(1), 2 * Math.exp(2)]);
  assert.throws(() => y.backward(), {
    name: 'ValueError',
    message:
      /backward: the graph through '.*' was already released; pass \{ retainGraph: true \} to the first backward\(\) to run it again/,
  });
});

test('detach cuts the history; noGrad records nothing; enableGrad records inside noGrad', async () => {
  const { noGrad, enableGrad } = await import('./grad-mode.js');
  const x = leaf([1]);
  const d = x.mul(2).detach();
  assert.equal(d.requiresGrad, false);
  assert.equal(d.isLeaf, true);
  assert.equal(noGrad(() => x.mul(2)).requiresGrad, false);
  const y = noGrad(() => enableGrad(() => x.mul(2)));
  assert.equal(y.requiresGrad, true);
  assert.throws(() => noGrad(() => x.mul(2)).backward(), {
    message: /backward: this tensor does not require grad/,
  });
});

test('grad, valueAndGrad and gradients (allowUnused) return gradients without touching .grad', async () => {
  const { grad, gradients, valueAndGrad } = await import('./functional.js');
  const x = tensor([1, 2, 3]);
  expectClose(grad((x: Tensor) => x.mul(x).sum())(x), [2, 4, 6]);
  assert.equal(x.grad, null);
  const [value, [gx, gy]] = valueAndGrad((x: Tensor, y: Tensor) => x.mul(y).sum())(tensor([2]), tensor([5]));
  expectClose(value, [10]);
  expectClose(gx!, [5]);
  expectClose(gy!, [2]);
  const a = leaf([1]);
  const unused = leaf([4, 4]);
  const out = a.mul(3).sum();
  assert.throws(() => gradients(out, [a, unused], { retainGraph: true }), {
    message: 'gradients: input 1 was not used to compute the output; pass { allowUnused: true } for zeros',
  });
  const [ga, gu] = gradients(out, [a, unused], { allowUnused: true });
  expectClose(ga!, [3]);
  expectClose(gu!, [0, 0]);
});

test('int32 tensors cannot require grad', () => {
  assert.throws(() => tensor([1], { dtype: 'int32', requiresGrad: true }), {
    name: 'DTypeError',
    message: 'requiresGrad: only float tensors can require gradients, got a int32 tensor',
  });
  assert.throws(() => tensor([1], { dtype: 'int32' }).requiresGrad_(), DTypeError);
  assert.throws(() => leaf([1]).mul(2).requiresGrad_(false), ValueError);
});

/** Runs backward on Σ 2·exp(x) and returns the loss (kept alive) and a weak ref to exp(x). */
function lossWithIntermediate(retainGraph: boolean): { loss: Tensor; ref: WeakRef<Tensor> } {
  const h = leaf([1, 2, 3]).exp();
  const loss = h.mul(2).sum();
  loss.backward(undefined, { retainGraph });
  return { loss, ref: new WeakRef(h) };
}

async function collect(ref: WeakRef<Tensor>): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  assert.ok(gc, 'run with node --expose-gc (test/run.mjs passes it)');
  for (let i = 0; i < 5 && ref.deref() !== undefined; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
  }
}

test('backward() without retainGraph releases the graph: an intermediate is garbage-collected', async () => {
  // The loss stays alive; only the graph it records could still hold exp(x).
  const { loss, ref } = lossWithIntermediate(false);
  await collect(ref);
  assert.equal(ref.deref(), undefined, 'the intermediate is still reachable after backward()');
  assert.equal(loss.requiresGrad, true);
});

test('with retainGraph the intermediate stays reachable from the loss (the control case)', async () => {
  const { loss, ref } = lossWithIntermediate(true);
  await collect(ref);
  assert.notEqual(ref.deref(), undefined);
  assert.equal(loss.requiresGrad, true);
});
