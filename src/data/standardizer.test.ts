import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShapeError, ValueError } from '../errors.js';
import '../ops/index.js';
import { tensor } from '../tensor/creation.js';
import { expectClose } from '../testing/expect-close.js';
import { Standardizer } from './standardizer.js';

test('fit learns μ and σ on the training set; transform reuses them', () => {
  // feature 0: [1, 3] → μ 2, σ 1; feature 1: [10, 30] → μ 20, σ 10.
  const s = new Standardizer({ eps: 0 });
  expectClose(
    s.fitTransform(
      tensor([
        [1, 10],
        [3, 30],
      ]),
    ),
    [-1, -1, 1, 1],
  );
  // dev data uses the training statistics: (5 − 2)/1 = 3, (20 − 20)/10 = 0.
  expectClose(s.transform(tensor([[5, 20]])), [3, 0]);
  const state = s.getState();
  assert.deepEqual(state, { shape: [2], mean: [2, 20], scale: [1, 10], eps: 0 });
  expectClose(Standardizer.fromState(JSON.parse(JSON.stringify(state))).transform(tensor([[5, 20]])), [3, 0]);
});

test('a constant feature stays finite', () => {
  const s = new Standardizer();
  const out = s.fitTransform(
    tensor([
      [4, 1],
      [4, 3],
    ]),
  );
  expectClose(out, [0, -1, 0, 1], { atol: 1e-6 });
});

test('errors: transform before fit, feature mismatch', () => {
  assert.throws(
    () => new Standardizer().transform(tensor([[1]])),
    new ValueError('Standardizer.transform: call fit(x) on the training set first'),
  );
  const s = new Standardizer().fit(tensor([[1, 2]]));
  assert.throws(
    () => s.transform(tensor([[1, 2, 3]])),
    new ShapeError('Standardizer.transform: x has features [3], the fit saw [2]'),
  );
  assert.throws(() => s.fit(tensor([])), ShapeError);
});
