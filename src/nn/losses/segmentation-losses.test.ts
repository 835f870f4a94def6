// Per-pixel losses for segmentation: crossEntropy on [N, C, H, W] logits and diceLoss.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grad } from '../../autograd/functional.js';
import { DTypeError, ShapeError, ValueError } from '../../errors.js';
import { tensor } from '../../tensor/creation.js';
import { checkOp, type Plain } from '../../testing/check-op.js';
import { expectClose } from '../../testing/expect-close.js';
import { crossEntropy } from './cross-entropy.js';
import { diceLoss } from './dice-loss.js';

const ints = (v: unknown) => tensor(v as number[], { dtype: 'int32' });
// logits [2, 3, 2, 2] = 2·sin(1.7·k) for k = 0..23, the input the PyTorch values below came from.
const logits = tensor(
  Array.from({ length: 24 }, (_, k) => 2 * Math.sin(1.7 * k)),
  { shape: [2, 3, 2, 2], dtype: 'float64' },
);
const target = ints([
  [
    [0, 2],
    [1, 1],
  ],
  [
    [2, 0],
    [0, 1],
  ],
]);

test('crossEntropy on [N, C, H, W] logits with [N, H, W] targets matches PyTorch', () => {
  // torch.nn.functional.cross_entropy(logits, target, ...) in float64 (torch 1.13).
  expectClose(crossEntropy(logits, target), [1.505340529841177]);
  expectClose(
    crossEntropy(logits, target, { reduction: 'none' }),
    [
      2.2258812371140873, 1.874860830005006, 1.3924252357815652, 1.4100160587076491, 1.7188553630074808,
      0.4616422602480438, 1.8719702454608842, 1.0870730084047002,
    ],
  );
  expectClose(crossEntropy(logits, target, { weight: tensor([1, 2, 3]) }), [1.5413113951765538]);
  const ignored = ints([
    [
      [0, -100],
      [1, 1],
    ],
    [
      [2, 0],
      [0, 1],
    ],
  ]);
  expectClose(crossEntropy(logits, ignored), [1.4525519155320585]);
});

test('diceLoss matches the soft Dice written out in PyTorch', () => {
  // p = softmax(logits, 1), t = one_hot(target); per class 1 − (2·Σp·t + s)/(Σp + Σt + s), sums over (N, H, W).
  const perClass = [0.5868801617790269, 0.5789485707541155, 0.719845791909149];
  expectClose(diceLoss(logits, target, { reduction: 'none' }), perClass);
  expectClose(diceLoss(logits, target), [0.6285581748140971]);
  expectClose(diceLoss(logits, target, { reduction: 'sum' }), [perClass.reduce((a, b) => a + b)]);
  expectClose(
    diceLoss(logits, target, { smooth: 0.1, reduction: 'none' }),
    [0.6773370372439804, 0.6751437261608342, 0.8482824308643659],
  );
});

test('diceLoss is 0 for a class absent from both prediction and target, and near 0 when perfect', () => {
  // Class 2 never appears: (0 + 1)/(0 + 0 + 1) = 1, loss 0 exactly up to its tiny softmax mass.
  const confident = tensor([[[[9, -9]], [[-9, 9]], [[-30, -30]]]]);
  const loss = diceLoss(confident, ints([[[0, 1]]]), { reduction: 'none' }).toArray() as number[];
  assert.ok(loss[0]! < 1e-3 && loss[1]! < 1e-3 && loss[2]! < 1e-6, `${loss}`);
});

test('diceLoss gradient pushes the logit of the target class up', () => {
  const g = grad((x) => diceLoss(x, ints([[[0]]])))(tensor([[[[0]], [[0]]]]));
  const [up, down] = g.data();
  assert.ok(up! < 0 && down! > 0, `gradient ${up}, ${down}`);
});

/** The reference: per-class soft Dice loss over rows of [N, C, d...] logits in plain numbers. */
function diceReference(x: Plain, t: Plain, smooth: number): Plain {
  const [n, c] = x.shape as [number, number];
  const inner = x.shape.slice(2).reduce((a, b) => a * b, 1);
  const overlap = new Array<number>(c).fill(0);
  const total = new Array<number>(c).fill(0);
  for (let b = 0; b < n; b++)
    for (let i = 0; i < inner; i++) {
      const row = Array.from({ length: c }, (_, k) => x.data[(b * c + k) * inner + i]!);
      const top = Math.max(...row);
      const e = row.map((v) => Math.exp(v - top));
      const z = e.reduce((a, v) => a + v, 0);
      const soft = t.shape.length === x.shape.length;
      for (let k = 0; k < c; k++) {
        const q = soft ? t.data[(b * c + k) * inner + i]! : t.data[b * inner + i] === k ? 1 : 0;
        overlap[k]! += (e[k]! / z) * q;
        total[k]! += e[k]! / z + q;
      }
    }
  return { shape: [c], data: overlap.map((o, k) => 1 - (2 * o + smooth) / (total[k]! + smooth)) };
}

const probabilities = tensor(
  [
    [0.2, 0.5, 0.3],
    [1, 0, 0],
    [0, 0.5, 0.5],
  ],
  { dtype: 'float64' },
);

checkOp({
  name: 'diceLoss',
  fn: (x, t) => diceLoss(x!, t!, { smooth: 0.5, reduction: 'none' }),
  reference: (x, t) => diceReference(x!, t!, 0.5),
  cases: [
    [[2, 3, 2, 2], target],
    [[4, 3], ints([0, 2, 1, 2])],
    [[1, 2, 5], ints([[0, 1, 1, 0, 1]])],
    [[3, 3], probabilities],
    [[0, 3, 2, 2], tensor([], { dtype: 'int32', shape: [0, 2, 2] })],
  ],
  errors: [
    {
      what: 'a target class out of range',
      call: () => diceLoss(tensor([[1, 2]]), ints([2])),
      message: /diceLoss: target 2 is out of range for 2 classes/,
      type: ValueError,
    },
    {
      what: 'targets of the wrong shape',
      call: () => diceLoss(tensor([[[1, 2]]]), ints([0])),
      message: /diceLoss: target shape \[1\] must be \[1, 2\] for input \[1, 1, 2\]/,
      type: ShapeError,
    },
    {
      what: 'probability targets of another shape',
      call: () => diceLoss(tensor([[1, 2]]), tensor([0.5, 0.5])),
      message: /diceLoss: probability targets must have the logits' shape \[1, 2\], got \[2\]/,
      type: ShapeError,
    },
    {
      what: 'integer logits',
      call: () => diceLoss(ints([[1, 2]]), ints([0])),
      message: /diceLoss/,
      type: DTypeError,
    },
    {
      what: 'smooth 0',
      call: () => diceLoss(tensor([[1, 2]]), ints([0]), { smooth: 0 }),
      message: /diceLoss: smooth must be a positive finite number, got 0/,
      type: ValueError,
    },
    {
      what: 'an unknown reduction',
      call: () => diceLoss(tensor([[1, 2]]), ints([0]), { reduction: 'max' as 'mean' }),
      message: /diceLoss: reduction must be 'mean', 'sum' or 'none', got 'max'/,
      type: ValueError,
    },
  ],
});
