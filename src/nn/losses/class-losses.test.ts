import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gradcheck } from '../../autograd/gradcheck.js';
import { DTypeError, ShapeError, ValueError } from '../../errors.js';
import { Generator, logSoftmax, rand, randn, softmax, tensor } from '../../index.js';
import { expectClose } from '../../testing/expect-close.js';
import { crossEntropy } from './cross-entropy.js';
import { multiLabelLogisticLoss } from './multi-label-logistic-loss.js';
import { nllLoss } from './nll-loss.js';

const ints = (v: number[] | number[][]) => tensor(v, { dtype: 'int32' });
const f64 = { dtype: 'float64' } as const;
// −log softmax([2, 1, 0.1])[0] = logsumexp([2, 1, 0.1]) − 2
const l0 = 0.4170300162778333;

test('crossEntropy of logits [[2, 1, 0.1]] with target 0 is 0.4170300', () => {
  expectClose(crossEntropy(tensor([[2, 1, 0.1]]), ints([0])), [0.41703]);
  // uniform logits: ln 3
  expectClose(
    crossEntropy(
      tensor([
        [2, 1, 0.1],
        [0, 0, 0],
      ]),
      ints([0, 2]),
      { reduction: 'none' },
    ),
    [l0, Math.log(3)],
  );
  expectClose(
    crossEntropy(
      tensor([
        [2, 1, 0.1],
        [0, 0, 0],
      ]),
      ints([0, 2]),
      { reduction: 'sum' },
    ),
    [l0 + Math.log(3)],
  );
});

test('crossEntropy class weights give the weighted mean Σ w_y·l / Σ w_y', () => {
  const logits = tensor([
    [2, 1, 0.1],
    [0, 0, 0],
  ]);
  // (1·l0 + 3·ln 3) / (1 + 3)
  expectClose(crossEntropy(logits, ints([0, 2]), { weight: tensor([1, 2, 3]) }), [
    (l0 + 3 * Math.log(3)) / 4,
  ]);
});

test('crossEntropy ignoreIndex drops rows from the sum and the count', () => {
  const logits = tensor([
    [2, 1, 0.1],
    [0, 0, 0],
  ]);
  expectClose(crossEntropy(logits, ints([0, -100])), [l0]);
  expectClose(crossEntropy(logits, ints([0, 1]), { ignoreIndex: 1, reduction: 'none' }), [l0, 0]);
});

test('crossEntropy label smoothing: (1 − ε)·nll + ε/C·(−Σ log p)', () => {
  const lp = [2, 1, 0.1].map((v) => v - 2 - l0);
  const expected = 0.9 * l0 + (0.1 / 3) * -(lp[0]! + lp[1]! + lp[2]!);
  expectClose(crossEntropy(tensor([[2, 1, 0.1]]), ints([0]), { labelSmoothing: 0.1 }), [expected]);
  // with class weights both terms are weighted and divided by w_y (PyTorch)
  const weighted = 0.9 * l0 + (0.1 / 3) * -(1 * lp[0]! + 2 * lp[1]! + 3 * lp[2]!);
  expectClose(
    crossEntropy(tensor([[2, 1, 0.1]]), ints([0]), { labelSmoothing: 0.1, weight: tensor([1, 2, 3]) }),
    [weighted],
  );
});

test('crossEntropy with probability targets', () => {
  // 0.5·l0 + 0.5·(l0 + 1)
  expectClose(crossEntropy(tensor([[2, 1, 0.1]]), tensor([[0.5, 0.5, 0]])), [l0 + 0.5]);
});

test('crossEntropy on [N, C, d] logits with [N, d] targets', () => {
  // position 0 scores [2, 1, 0.1], position 1 scores [0, 0, 0]
  const logits = tensor([
    [
      [2, 0],
      [1, 0],
      [0.1, 0],
    ],
  ]);
  expectClose(crossEntropy(logits, ints([[0, 2]]), { reduction: 'none' }), [[l0, Math.log(3)]]);
  expectClose(crossEntropy(logits, ints([[0, 2]])), [(l0 + Math.log(3)) / 2]);
});

test('nllLoss on log-probabilities', () => {
  expectClose(nllLoss(tensor([[-0.5, -1]]), ints([1])), [1]);
  const logits = tensor([
    [2, 1, 0.1],
    [0, 0, 0],
  ]);
  expectClose(nllLoss(logSoftmax(logits, 1), ints([0, 2])), crossEntropy(logits, ints([0, 2])));
});

test('multiLabelLogisticLoss sums present labels per example and averages over examples', () => {
  const logits = tensor([
    [0, 0],
    [2, -1],
  ]);
  // example 0: ln 2 (second label missing); example 1: softplus(2) + softplus(1)
  const expected = (Math.LN2 + Math.log1p(Math.exp(2)) + Math.log1p(Math.E)) / 2;
  expectClose(
    multiLabelLogisticLoss(
      logits,
      tensor([
        [1, Number.NaN],
        [0, 1],
      ]),
    ),
    [expected],
  );
  const mask = tensor([
    [true, false],
    [true, true],
  ]);
  expectClose(
    multiLabelLogisticLoss(
      logits,
      tensor([
        [1, 0],
        [0, 1],
      ]),
      { mask },
    ),
    [expected],
  );
});

test('class losses gradcheck in float64', () => {
  const g = new Generator(6);
  const x = randn([4, 3], { ...f64, generator: g });
  const x3 = randn([2, 3, 2], { ...f64, generator: g });
  const probs = softmax(randn([4, 3], { ...f64, generator: g }), 1);
  const w = rand([3], { ...f64, low: 0.5, high: 2, generator: g });
  const cases: [
    string,
    (a: import('../../index.js').Tensor) => import('../../index.js').Tensor,
    import('../../index.js').Tensor,
  ][] = [
    ['crossEntropy', (a) => crossEntropy(a, ints([0, 2, 1, 2]), { weight: w, labelSmoothing: 0.2 }), x],
    ['crossEntropy ignore', (a) => crossEntropy(a, ints([0, -100, 1, 2])), x],
    ['crossEntropy probs', (a) => crossEntropy(a, probs, { weight: w, labelSmoothing: 0.1 }), x],
    [
      'crossEntropy [N, C, d]',
      (a) =>
        crossEntropy(
          a,
          ints([
            [0, 1],
            [2, 2],
          ]),
        ),
      x3,
    ],
    ['nllLoss', (a) => nllLoss(logSoftmax(a, 1), ints([1, 1, 0, 2]), { weight: w, reduction: 'sum' }), x],
    [
      'multiLabel',
      (a) =>
        multiLabelLogisticLoss(
          a,
          tensor(
            [
              [1, 0, Number.NaN],
              [0, 1, 1],
              [Number.NaN, Number.NaN, 1],
              [1, 1, 0],
            ],
            f64,
          ),
        ),
      x,
    ],
  ];
  for (const [name, f, input] of cases) {
    const r = gradcheck(f, [input]);
    assert.ok(r.passed, `${name}:\n${r.table()}`);
  }
});

test('class losses reject bad targets', () => {
  const logits = tensor([[2, 1, 0.1]]);
  assert.throws(
    () => crossEntropy(logits, ints([3])),
    (e: unknown) =>
      e instanceof ValueError && /crossEntropy: target 3 is out of range for 3 classes/.test(e.message),
  );
  assert.throws(
    () => crossEntropy(logits, ints([0, 1])),
    (e: unknown) =>
      e instanceof ShapeError &&
      /crossEntropy: target shape \[2\] must be \[1\] for input \[1, 3\]/.test(e.message),
  );
  assert.throws(() => nllLoss(logits, tensor([0], { dtype: 'bool' })), DTypeError);
  assert.throws(
    () => crossEntropy(logits, ints([0]), { weight: tensor([1, 2]) }),
    /crossEntropy: weight must have shape \[3\]/,
  );
  assert.throws(
    () => crossEntropy(tensor([1, 2]), ints([0])),
    /crossEntropy: input must be \[batch, classes, \.\.\.\], got \[2\]/,
  );
  assert.throws(
    () => crossEntropy(logits, tensor([[0.5, 0.5]])),
    /probability targets must have the logits' shape \[1, 3\], got \[1, 2\]/,
  );
});
