import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grad, gradients } from '../autograd/functional.js';
import { availableBackends, getBackend, setBackend } from '../backends/registry.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { relu } from './relu.js';

checkOp({
  name: 'relu',
  fn: relu,
  elementwise: (a) => Math.max(a, 0),
  // Random inputs never land on the kink at 0 (tested separately).
  cases: [[[3, 4]], [[]], [[0, 5]], [[1, 1, 2]]],
  errors: [{ what: 'a string', call: () => relu('x' as never), message: /relu: x must be a Tensor/ }],
});

test('relu passes no gradient at 0 (the PyTorch convention)', () => {
  const x = tensor([-1, 0, 2], { dtype: 'float64' });
  expectClose(relu(x), [0, 0, 2]);
  expectClose(grad((v: Tensor) => relu(v).sum())(x), [0, 0, 1]);
});

test('relu backward, fused or recorded, gives dy·step(x) on every backend: 0, 0, dy, NaN', () => {
  const previous = getBackend().name;
  for (const backend of availableBackends()) {
    setBackend(backend);
    try {
      // 4096 elements: long enough for the native kernel's vector loop.
      const values = Array.from({ length: 4096 }, (_, i) => [-1, 0, 2, Number.NaN][i % 4]!);
      const x = tensor(values).requiresGrad_();
      const dy = tensor(Array.from({ length: 4096 }, (_, i) => i + 1));
      const [fused] = gradients(relu(x), [x], { gradient: dy });
      const [recorded] = gradients(relu(x), [x], { gradient: dy, createGraph: true });
      for (const g of [fused!, recorded!]) {
        const d = g.data();
        assert.deepEqual([d[0], d[1], d[2], d[6]], [0, 0, 3, 7]);
        assert.ok(Number.isNaN(d[3]), `NaN in x gives NaN, got ${d[3]} (${backend})`);
      }
    } finally {
      setBackend(previous);
    }
  }
});
