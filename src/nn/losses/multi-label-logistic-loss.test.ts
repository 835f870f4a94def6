import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gradcheck } from '../../autograd/gradcheck.js';
import { ShapeError, ValueError } from '../../errors.js';
import { Generator, randn, type Tensor, tensor } from '../../index.js';
import { expectClose } from '../../testing/expect-close.js';
import { multiLabelLogisticLoss } from './multi-label-logistic-loss.js';

const f64 = { dtype: 'float64' } as const;
const NaN_ = Number.NaN;
const logits = tensor([
  [0.5, -1.2, 2.0],
  [-0.3, 0.8, -2.5],
  [1.5, 0.1, -0.7],
]);
const labels = tensor([
  [1, 0, NaN_],
  [0, 1, 1],
  [NaN_, NaN_, 0],
]);

// Expected values from PyTorch 1.13: (BCEWithLogitsLoss(weight=w, reduction='none')(x, y) · present).sum() / m
test('multiLabelLogisticLoss with taskWeights matches PyTorch BCEWithLogitsLoss(weight=w)', () => {
  expectClose(multiLabelLogisticLoss(logits, labels, { taskWeights: [0.2, 1.5, 3.0] }), [3.3678294983974877]);
  expectClose(
    multiLabelLogisticLoss(logits, labels, { taskWeights: tensor([0.2, 1.5, 3.0]) }),
    [3.3678294983974877],
  );
  const zeros = tensor([
    [0, 0],
    [0, 0],
  ]);
  const twoTasks = tensor([
    [1, NaN_],
    [0, 1],
  ]);
  expectClose(multiLabelLogisticLoss(zeros, twoTasks), [1.0397207708399179]);
  expectClose(multiLabelLogisticLoss(zeros, twoTasks, { taskWeights: [2, 0.5] }), [1.559581156259877]);
});

test('multiLabelLogisticLoss applies the mask together with taskWeights; a zero weight drops a task', () => {
  const full = tensor([
    [1, 0, 1],
    [0, 1, 1],
    [1, 0, 0],
  ]);
  const mask = tensor([
    [true, true, false],
    [true, true, true],
    [false, false, true],
  ]);
  expectClose(
    multiLabelLogisticLoss(logits, full, { mask, taskWeights: [0.2, 1.5, 3.0] }),
    [3.3678294983974877],
  );
  expectClose(multiLabelLogisticLoss(logits, full, { taskWeights: [0.2, 0, 3.0] }), [3.190993494663072]);
  // all-ones weights are the unweighted loss
  expectClose(
    multiLabelLogisticLoss(logits, labels, { taskWeights: [1, 1, 1] }),
    multiLabelLogisticLoss(logits, labels),
  );
});

test('multiLabelLogisticLoss with taskWeights gradchecks in float64', () => {
  const x = randn([4, 3], { ...f64, generator: new Generator(16) });
  const y = tensor(
    [
      [1, 0, NaN_],
      [0, 1, 1],
      [NaN_, NaN_, 1],
      [1, 1, 0],
    ],
    f64,
  );
  const w = tensor([0.3, 2, 1.25], f64);
  const r = gradcheck((a: Tensor) => multiLabelLogisticLoss(a, y, { taskWeights: w }), [x]);
  assert.ok(r.passed, r.table());
  // The same through a mask instead of NaNs, with the weights as a plain array.
  const mask = tensor([
    [true, true, false],
    [true, true, true],
    [false, false, true],
    [true, true, true],
  ]);
  const full = tensor(
    [
      [1, 0, 1],
      [0, 1, 1],
      [1, 0, 1],
      [1, 1, 0],
    ],
    f64,
  );
  const masked = gradcheck(
    (a: Tensor) => multiLabelLogisticLoss(a, full, { mask, taskWeights: [0.3, 2, 1.25] }),
    [x],
  );
  assert.ok(masked.passed, masked.table());
  expectClose(
    multiLabelLogisticLoss(x, full, { mask, taskWeights: [0.3, 2, 1.25] }),
    multiLabelLogisticLoss(x, y, { taskWeights: w }),
  );
});

test('multiLabelLogisticLoss rejects bad taskWeights with a typed error naming loss, argument, expected and got', () => {
  const bad: [unknown, typeof ShapeError | typeof ValueError, RegExp][] = [
    [
      [1, 2],
      ShapeError,
      /multiLabelLogisticLoss: taskWeights must have shape \[3\] \(one per task\), got \[2\]/,
    ],
    [tensor([1, 2, 3, 4]), ShapeError, /taskWeights must have shape \[3\] \(one per task\), got \[4\]/],
    [tensor([[1, 2, 3]]), ShapeError, /taskWeights must have shape \[3\] \(one per task\), got \[1, 3\]/],
    [
      [1, -0.5, 1],
      ValueError,
      /multiLabelLogisticLoss: taskWeights\[1\] must be a finite number ≥ 0, got -0.5/,
    ],
    [tensor([1, 1, NaN_]), ValueError, /taskWeights\[2\] must be a finite number ≥ 0, got NaN/],
    [
      [1, Number.POSITIVE_INFINITY, 1],
      ValueError,
      /taskWeights\[1\] must be a finite number ≥ 0, got Infinity/,
    ],
    [
      2,
      ValueError,
      /multiLabelLogisticLoss: taskWeights must be a Tensor or an array of numbers, got number/,
    ],
    ['1,1,1', ValueError, /taskWeights must be a Tensor or an array of numbers, got string/],
    [
      [1, '1', 1],
      ValueError,
      /taskWeights must be a Tensor or an array of numbers, got an array with a non-number/,
    ],
  ];
  for (const [taskWeights, type, message] of bad)
    assert.throws(
      () => multiLabelLogisticLoss(logits, labels, { taskWeights: taskWeights as number[] }),
      (e: unknown) => e instanceof type && message.test((e as Error).message),
      String(taskWeights),
    );
});
