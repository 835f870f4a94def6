import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  accuracy,
  crossEntropy,
  Generator,
  gradcheck,
  manualSeed,
  noGrad,
  optim,
  randn,
  tensor,
  ValueError,
} from '../index.js';
import { expectClose } from '../testing/expect-close.js';
import { balancedTree, parityTrees } from './parity-trees.js';
import { composeChildren, RecursiveNet, type Tree, treeBatch } from './recursive-net.js';

const f64 = { dtype: 'float64' } as const;

test('treeBatch lists children before parents, one row per node, trees one after another', () => {
  // tree 0: [1, [2, 3]] → rows 0–4; tree 1: the single leaf 7 → row 5
  assert.deepEqual(treeBatch([[1, [2, 3]], 7]).toArray(), [
    [1, -1, -1],
    [2, -1, -1],
    [3, -1, -1],
    [-1, 1, 2],
    [-1, 0, 3],
    [7, -1, -1],
  ]);
  assert.throws(() => treeBatch([]), /treeBatch: trees must be a non-empty array/);
  assert.throws(
    () => treeBatch([[1, -2]]),
    /a leaf must be a non-negative integer token, got -2 at trees\[0\]\[1\]/,
  );
  assert.throws(() => treeBatch([[1, 2, 3] as unknown as Tree]), /a node must be a token or a pair/);
});

test('composeChildren is tanh(W·[left; right] + b)', () => {
  // [left; right] = [1, 0, 0, 2]; W·x = [0.5 + 0.25·2, 0·… − 0 + 0] = [1, 0]; + b = [1, 0.5]
  const p = composeChildren(
    tensor([[1, 0]]),
    tensor([[0, 2]]),
    tensor([
      [0.5, 0, 0, 0.25],
      [0, -1, 1, 0],
    ]),
    tensor([0, 0.5]),
  );
  expectClose(p, [[Math.tanh(1), Math.tanh(0.5)]]); // [0.761594, 0.462117]
});

test('composeChildren gradchecks in float64 for the children, W and b', () => {
  const r = gradcheck(
    (l, r, w, b) => composeChildren(l, r, w, b).square().sum(),
    [randn([3, 4], f64), randn([3, 4], f64), randn([4, 8], f64).mul(0.5), randn([4], f64)],
  );
  assert.ok(r.passed, r.table());
});

test('RecursiveNet composes up the given tree with one shared layer, the same in a batch as alone', () => {
  manualSeed(1);
  const net = new RecursiveNet({ vocabSize: 5, hidden: 3, numClasses: 2 });
  const e = (t: number) => net.embedding.weight.narrow(0, t, 1);
  const node = (a: ReturnType<typeof e>, b: ReturnType<typeof e>) =>
    composeChildren(a, b, net.weight, net.bias);
  // [[1, 2], [3, [4, 0]]] by hand
  const byHand = node(node(e(1), e(2)), node(e(3), node(e(4), e(0))));
  const trees: Tree[] = [
    [
      [1, 2],
      [3, [4, 0]],
    ],
    2,
    [0, 1],
  ];
  const batch = net.encode(treeBatch(trees));
  expectClose(batch.narrow(0, 0, 1), byHand.toArray() as number[][]);
  expectClose(batch.narrow(0, 1, 1), e(2).toArray() as number[][]);
  expectClose(batch.narrow(0, 2, 1), node(e(0), e(1)).toArray() as number[][]);
  assert.deepEqual(net.forward(treeBatch(trees)).shape, [3, 2]);
});

test('RecursiveNet rejects a token outside its vocabulary, a malformed tree batch and bad sizes', () => {
  const net = new RecursiveNet({ vocabSize: 4, hidden: 2, numClasses: 2 });
  assert.throws(
    () => net.forward(treeBatch([[1, 4]])),
    /RecursiveNet: token 4 is outside the vocabulary of 4/,
  );
  assert.throws(
    () => net.forward(tensor([[0, 1, 2]], { dtype: 'int32' })),
    /node 0's children must be earlier rows, got 1 and 2/,
  );
  assert.throws(() => net.forward(randn([2, 3])), /nodes must be an int32 \[nodes, 3\] tree batch/);
  assert.throws(
    () => new RecursiveNet({ vocabSize: 4, hidden: 0, numClasses: 2 }),
    (e: unknown) => e instanceof ValueError && /hidden must be a positive integer, got 0/.test(e.message),
  );
});

test('parityTrees: balanced trees of digits labelled with the parity of their sum', () => {
  assert.deepEqual(balancedTree([5]), 5);
  assert.deepEqual(balancedTree([1, 2, 3, 4, 5]), [
    [1, 2],
    [3, [4, 5]],
  ]);
  const leaves = (t: Tree): number[] => (typeof t === 'number' ? [t] : [...leaves(t[0]), ...leaves(t[1])]);
  const { trees, labels } = parityTrees(50, { leaves: [3, 6], generator: new Generator(4) });
  trees.forEach((t, i) => {
    const digits = leaves(t);
    assert.ok(digits.length >= 3 && digits.length <= 6);
    assert.equal(labels[i], digits.reduce((a, b) => a + b, 0) % 2);
  });
  assert.throws(
    () => parityTrees(2, { leaves: [3, 2] }),
    /leaves must be integers 1 ≤ min ≤ max, got \[3, 2\]/,
  );
});

test('RecursiveNet learns the parity of digit trees: ≥ 95% on held-out trees it never saw', () => {
  manualSeed(0);
  const train = parityTrees(4000, { leaves: [2, 8], generator: new Generator(1) });
  const seen = new Set(train.trees.map((t) => JSON.stringify(t)));
  const drawn = parityTrees(600, { leaves: [2, 8], generator: new Generator(2) });
  const keep = drawn.trees.map((t, i) => (seen.has(JSON.stringify(t)) ? -1 : i)).filter((i) => i >= 0);
  const testX = treeBatch(keep.map((i) => drawn.trees[i]!));
  const testY = tensor(
    keep.map((i) => drawn.labels[i]!),
    { dtype: 'int32' },
  );
  const net = new RecursiveNet({ vocabSize: 10, hidden: 32, numClasses: 2 });
  const opt = new optim.Adam(net.parameters(), { lr: 0.005 });
  for (let epoch = 0; epoch < 6; epoch++) {
    for (let s = 0; s < train.trees.length; s += 32) {
      const y = tensor(train.labels.slice(s, s + 32), { dtype: 'int32' });
      opt.zeroGrad();
      crossEntropy(net.forward(treeBatch(train.trees.slice(s, s + 32))), y).backward();
      opt.step();
    }
  }
  const acc = noGrad(() => accuracy(net.forward(testX), testY));
  assert.ok(keep.length > 400, `${keep.length} held-out trees`);
  assert.ok(acc >= 0.95, `held-out accuracy ${acc} on ${keep.length} trees`);
});
