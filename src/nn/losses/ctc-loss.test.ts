import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gradcheck } from '../../autograd/gradcheck.js';
import { DTypeError, ShapeError, ValueError } from '../../errors.js';
import { Generator, grad, logSoftmax, randn, tensor } from '../../index.js';
import { expectClose } from '../../testing/expect-close.js';
import { ctcLoss } from './ctc-loss.js';

const ints = (v: number[] | number[][]) => tensor(v, { dtype: 'int32' });
const f64 = { dtype: 'float64' } as const;

// T = 2, N = 1, C = 2 (blank 0, label 1): y₀ = [0.6, 0.4], y₁ = [0.3, 0.7].
const probs = [[[0.6, 0.4]], [[0.3, 0.7]]];
const logProbsOf = (p: number[][][]) =>
  tensor(
    p.map((t) => t.map((r) => r.map(Math.log))),
    f64,
  );

test('ctcLoss sums the three alignments of label [1] over T = 2', () => {
  // Paths collapsing to [1]: (1,1), (0,1), (1,0): p = .4·.7 + .6·.7 + .4·.3 = .82
  expectClose(ctcLoss(logProbsOf(probs), ints([[1]]), [2], [1], { reduction: 'sum' }), [-Math.log(0.82)], {
    rtol: 1e-12,
  });
  // The empty label has one path, (0,0): p = .6·.3 = .18
  expectClose(ctcLoss(logProbsOf(probs), ints([[1]]), [2], [0], { reduction: 'sum' }), [-Math.log(0.18)], {
    rtol: 1e-12,
  });
});

test('ctcLoss needs a blank between repeated labels', () => {
  // [1, 1] in T = 2 has no alignment: the loss is infinite, and 0 with zeroInfinity.
  const lp = logProbsOf(probs);
  expectClose(ctcLoss(lp, ints([[1, 1]]), [2], [2], { reduction: 'none' }), [Number.POSITIVE_INFINITY]);
  expectClose(ctcLoss(lp, ints([[1, 1]]), [2], [2], { reduction: 'none', zeroInfinity: true }), [0]);
  // In T = 3 the only path is (1, 0, 1): p = .4·.5·.9; 'mean' divides by the target length 2.
  const three = logProbsOf([[[0.6, 0.4]], [[0.5, 0.5]], [[0.1, 0.9]]]);
  expectClose(ctcLoss(three, ints([[1, 1]]), [3], [2]), [-Math.log(0.4 * 0.5 * 0.9) / 2], { rtol: 1e-12 });
});

test('ctcLoss gradient is −(mass of the paths through (t, c)) / p', () => {
  const lp = logProbsOf(probs).requiresGrad_();
  const g = grad((x) => ctcLoss(x, ints([[1]]), [2], [1], { reduction: 'sum' }))(lp);
  // t=0: c=0 via (0,1) .42, c=1 via (1,1),(1,0) .40; t=1: c=0 via (1,0) .12, c=1 via .28 + .42
  expectClose(g, [-0.42 / 0.82, -0.4 / 0.82, -0.12 / 0.82, -0.7 / 0.82], { rtol: 1e-10 });
});

test('ctcLoss through logSoftmax gives softmax − γ, as PyTorch', () => {
  const logits = tensor(
    probs.map((t) => t.map((r) => r.map(Math.log))),
    f64,
  ).requiresGrad_();
  const g = grad((x) => ctcLoss(logSoftmax(x, 2), ints([[1]]), [2], [1], { reduction: 'sum' }))(logits);
  expectClose(g, [0.6 - 0.42 / 0.82, 0.4 - 0.4 / 0.82, 0.3 - 0.12 / 0.82, 0.7 - 0.7 / 0.82], { rtol: 1e-10 });
});

test('ctcLoss: mean divides by target lengths (at least 1), padded and concatenated targets agree', () => {
  // Sample 0: label [1], loss −ln .82; sample 1: empty label, loss −ln .18 (the same y for both).
  const lp = logProbsOf([
    [
      [0.6, 0.4],
      [0.6, 0.4],
    ],
    [
      [0.3, 0.7],
      [0.3, 0.7],
    ],
  ]);
  const l0 = -Math.log(0.82);
  const l1 = -Math.log(0.18);
  expectClose(ctcLoss(lp, ints([[1], [0]]), [2, 2], [1, 0], { reduction: 'none' }), [l0, l1], {
    rtol: 1e-12,
  });
  expectClose(ctcLoss(lp, ints([1]), [2, 2], [1, 0], { reduction: 'none' }), [l0, l1], { rtol: 1e-12 });
  expectClose(ctcLoss(lp, ints([[1], [0]]), [2, 2], [1, 0]), [(l0 / 1 + l1 / 1) / 2], { rtol: 1e-12 });
  expectClose(ctcLoss(lp, ints([[1], [0]]), [2, 2], [1, 0], { reduction: 'sum' }), [l0 + l1], {
    rtol: 1e-12,
  });
});

test('ctcLoss reads only the first inputLengths[n] steps; later steps get no gradient', () => {
  // Sample 1 has T₁ = 1: only the path (1) gives [1], p = .4
  const lp = logProbsOf([
    [
      [0.6, 0.4],
      [0.6, 0.4],
    ],
    [
      [0.3, 0.7],
      [0.3, 0.7],
    ],
  ]).requiresGrad_();
  expectClose(
    ctcLoss(lp, ints([1, 1]), [2, 1], [1, 1], { reduction: 'none' }),
    [-Math.log(0.82), -Math.log(0.4)],
    {
      rtol: 1e-12,
    },
  );
  const g = grad((x) => ctcLoss(x, ints([1, 1]), [2, 1], [1, 1], { reduction: 'sum' }))(lp);
  // [t=1, n=1, :] lies past sample 1's input length.
  expectClose((g.toArray() as number[][][])[1]![1]!, [0, 0]);
});

test('ctcLoss passes a float64 gradcheck (mean, padded, mixed lengths, blank = 2)', () => {
  const g = new Generator(3);
  const lp = logSoftmax(randn([5, 3, 4], { ...f64, generator: g }), 2);
  const targets = ints([
    [1, 1, 3],
    [0, 3, 0],
    [3, 0, 0],
  ]);
  const result = gradcheck((x) => ctcLoss(x, targets, [5, 4, 5], [3, 2, 0], { blank: 2 }), [lp]);
  assert.ok(result.passed, result.table());
  const logits = randn([4, 2, 3], { ...f64, generator: g });
  const viaSoftmax = gradcheck((x) => ctcLoss(logSoftmax(x, 2), ints([1, 2, 2]), [4, 3], [2, 1]), [logits]);
  assert.ok(viaSoftmax.passed, viaSoftmax.table());
});

test('ctcLoss float32 matches float64', () => {
  const lp64 = logSoftmax(randn([6, 2, 5], { ...f64, generator: new Generator(7) }), 2);
  const lp32 = tensor(lp64.data() as Float64Array, { dtype: 'float32', shape: [6, 2, 5] });
  const args = [ints([1, 2, 3, 4, 4]), [6, 5], [3, 2]] as const;
  expectClose(ctcLoss(lp32, ...args, { reduction: 'none' }), ctcLoss(lp64, ...args, { reduction: 'none' }), {
    rtol: 1e-5,
  });
});

test('ctcLoss agrees with PyTorch 1.13 F.ctc_loss (values and gradient through log_softmax)', () => {
  // torch.manual_seed(0); logits = torch.randn(4, 2, 3, dtype=torch.float64); lp = logits.log_softmax(2)
  // F.ctc_loss(lp, [[1, 1], [2, 0]], [4, 3], [2, 1], reduction=...)
  const logits = tensor(
    [
      -2.310411800234176, -0.3732508612577643, -1.0608166785462863, 0.9995093547811761, -0.8840250045832653,
      -1.2755469302148053, -0.623224579866079, -0.8664416019125772, 0.23871805816817063, 0.7335283685272841,
      -1.3218818291421377, 1.3148113651971234, -1.4874956356507338, -0.7135753396468577, 0.519998663178938,
      -0.9528856397032842, 0.6748575435940039, 1.0468653769814655, 0.15429517864658948, -0.7498915228391941,
      -0.7233897004977882, 0.08636989238234997, -1.746404903728242, 1.041012457033509,
    ],
    { ...f64, shape: [4, 2, 3] },
  ).requiresGrad_();
  const loss = (x: typeof logits, reduction: 'none' | 'sum' | 'mean') =>
    ctcLoss(
      logSoftmax(x, 2),
      ints([
        [1, 1],
        [2, 0],
      ]),
      [4, 3],
      [2, 1],
      { reduction },
    );
  expectClose(loss(logits, 'none'), [3.5449720798646105, 0.7191862172511152], { rtol: 1e-12 });
  expectClose(loss(logits, 'sum'), [4.264158297115726], { rtol: 1e-12 });
  expectClose(loss(logits, 'mean'), [1.2458361285917103], { rtol: 1e-12 });
  expectClose(
    grad((x) => loss(x, 'mean'))(logits),
    [
      0.018877518770968823, -0.09520199603771327, 0.07632447726674445, -0.06732597481680098,
      0.06058597167891587, 0.006740003137885114, -0.16597951047009216, 0.02340741687366896,
      0.14257209359642317, 0.015604774493010513, 0.0219519863668816, -0.03755676085989211,
      -0.02678735359434349, -0.14858052730828905, 0.17536788090263253, -0.006079339445152135,
      0.1888919022598436, -0.18281256281469146, -0.004801022384385081, -0.052287409487618494,
      0.057088431872003575, 0, 0, 0,
    ],
    { rtol: 1e-9, atol: 1e-12 },
  );
});

test('ctcLoss rejects bad arguments with named errors', () => {
  const lp = logProbsOf(probs);
  assert.throws(() => ctcLoss(tensor([[0.5]]), ints([[1]]), [1], [1]), ShapeError);
  assert.throws(
    () => ctcLoss(lp, tensor([[1]]), [2], [1]),
    /ctcLoss: targets must be an int32 tensor, got float32/,
  );
  assert.throws(
    () => ctcLoss(lp, ints([[0]]), [2], [1]),
    /target label 0 \(sample 0\) must be a class in \[0, 2\) other than blank 0/,
  );
  assert.throws(() => ctcLoss(lp, ints([[1]]), [3], [1]), /inputLengths\[0\] \(3\) exceeds T \(2\)/);
  assert.throws(
    () => ctcLoss(lp, ints([[1]]), [2], [2]),
    /targetLengths\[0\] \(2\) exceeds the padded width 1/,
  );
  assert.throws(
    () => ctcLoss(lp, ints([1, 1]), [2], [1]),
    /concatenated targets hold 2 labels but targetLengths sum to 1/,
  );
  assert.throws(
    () => ctcLoss(lp, ints([[1]]), [2, 2], [1]),
    /inputLengths must hold one length per sample \(1\), got 2/,
  );
  assert.throws(() => ctcLoss(lp, ints([[1]]), [2], [1], { blank: 2 }), ValueError);
  assert.throws(() => ctcLoss(lp, ints([[1]]), tensor([2]), [1]), DTypeError);
  assert.throws(
    () => ctcLoss(lp, ints([[1]]), [2], [1], { reduction: 'avg' as 'mean' }),
    /reduction must be/,
  );
});
