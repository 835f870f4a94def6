import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  binaryCrossEntropyWithLogits,
  Generator,
  optim,
  ShapeError,
  type Tensor,
  tensor,
  ValueError,
} from '../../index.js';
import { expectClose } from '../../testing/expect-close.js';
import { IdentityDatabase } from './identity-database.js';
import { mineTriplets } from './mine-triplets.js';
import { SimilarityHead } from './similarity-head.js';
import { SQUARE_SYMMETRIES, type SquareSymmetry, squareSymmetry } from './square-symmetry.js';
import { bestThreshold, verificationPairs } from './verification-pairs.js';
import { verify } from './verify.js';

// On a line: 0 at 0, 1 at 1, 2 at 3, 3 at 0.5; labels 0, 0, 1, 1.
const embeddings = tensor([
  [0, 0],
  [0, 1],
  [0, 3],
  [0, 0.5],
]);
const labels = tensor([0, 0, 1, 1], { dtype: 'int32' });
const rows = (t: { anchor: Tensor; positive: Tensor; negative: Tensor }) =>
  [...t.anchor.data()].map((a, i) => [a, t.positive.data()[i], t.negative.data()[i]]);

test('mineTriplets all: every (anchor, positive, negative) with matching labels', () => {
  assert.deepEqual(rows(mineTriplets(embeddings, labels, 'all')), [
    [0, 1, 2],
    [0, 1, 3],
    [1, 0, 2],
    [1, 0, 3],
    [2, 3, 0],
    [2, 3, 1],
    [3, 2, 0],
    [3, 2, 1],
  ]);
});

test('mineTriplets hard: farthest positive, nearest negative per anchor', () => {
  // anchor 3 (at 0.5) has both negatives at distance 0.5: the first wins
  assert.deepEqual(rows(mineTriplets(embeddings, labels, 'hard')), [
    [0, 1, 3],
    [1, 0, 3],
    [2, 3, 1],
    [3, 2, 0],
  ]);
});

test('mineTriplets semi-hard: nearest negative beyond the positive, else the farthest inside', () => {
  // anchor 0: d(a,p) = 1, negatives at 3 and 0.5 → 2; anchor 2: d(a,p) = 2.5, negatives at 3, 2 → 0;
  // anchor 3: d(a,p) = 2.5, both negatives at 0.5 (inside) → the farthest, 0
  assert.deepEqual(rows(mineTriplets(embeddings, labels, 'semi-hard')), [
    [0, 1, 2],
    [1, 0, 2],
    [2, 3, 0],
    [3, 2, 0],
  ]);
  // an identity alone in the batch has no positive and anchors nothing
  const lone = mineTriplets(embeddings.narrow(0, 0, 3), labels.narrow(0, 0, 3), 'hard');
  assert.deepEqual([...lone.anchor.data()], [0, 1]);
});

test('mineTriplets rejects bad shapes and strategies', () => {
  assert.throws(() => mineTriplets(embeddings, tensor([0, 1]), 'all'), ShapeError);
  assert.throws(
    () => mineTriplets(embeddings, labels, 'easy' as never),
    /strategy must be 'all', 'hard' or 'semi-hard'/,
  );
});

test('verify: same identity when the distance is below the threshold', () => {
  const a = tensor([
    [0, 0],
    [0, 0],
  ]);
  const b = tensor([
    [0.3, 0.4],
    [3, 4],
  ]);
  const v = verify(a, b, 1);
  expectClose(v.distance, [0.5, 5]);
  assert.deepEqual(v.same, [true, false]);
  assert.deepEqual(verify(tensor([0, 0]), tensor([0, 1]), 1).same, [false]);
  assert.throws(() => verify(a, tensor([1, 2]), 1), ShapeError);
  assert.throws(() => verify(a, b, 0), /verify: threshold must be positive, got 0/);
});

test('IdentityDatabase: one-shot add, nearest identity, "not in the database" past the threshold', () => {
  const encoder = (x: Tensor) => x.reshape([x.shape[0]!, -1]);
  const db = new IdentityDatabase(encoder, { threshold: 1 });
  assert.throws(() => db.recognize(tensor([[0, 0]])), /the database is empty/);
  db.add('ada', tensor([0, 0]));
  db.add('bob', tensor([5, 5]));
  const found = db.recognize(
    tensor([
      [0.1, 0.2],
      [4.5, 5],
      [9, 9],
    ]),
  );
  assert.deepEqual(
    found.map((r) => r.identity),
    ['ada', 'bob', null],
  );
  expectClose(tensor(found.map((r) => r.distance)), [Math.sqrt(0.05), 0.5, Math.sqrt(32)]);
  db.add('ada', tensor([9, 9])); // replaced, not added twice
  assert.deepEqual(db.identities, ['ada', 'bob']);
  assert.equal(db.recognize(tensor([[9, 9]]))[0]!.identity, 'ada');
  assert.throws(() => new IdentityDatabase(encoder, { threshold: -1 }), ValueError);
});

test('SimilarityHead learns that near encodings are the same identity', () => {
  const head = new SimilarityHead(2);
  const x1 = tensor([
    [0, 0],
    [1, 1],
    [0, 0],
    [2, 0],
  ]);
  const x2 = tensor([
    [0.1, 0],
    [1, 1.1],
    [2, 2],
    [0, 2],
  ]);
  const same = tensor([1, 1, 0, 0]);
  const optimizer = new optim.Adam(head.parameters(), { lr: 0.1 });
  for (let step = 0; step < 60; step++) {
    optimizer.zeroGrad();
    binaryCrossEntropyWithLogits(head.forward(x1, x2), same).backward();
    optimizer.step();
  }
  const logits = [...head.forward(x1, x2).data()];
  assert.ok(logits[0]! > 0 && logits[1]! > 0 && logits[2]! < 0 && logits[3]! < 0, `logits ${logits}`);
});

test('verificationPairs alternates same and different pairs of distinct examples, seeded', () => {
  const labels = [7, 7, 8, 8, 9, 9, 9];
  const pairs = verificationPairs(labels, 40, new Generator(5));
  pairs.same.forEach((same, k) => {
    const [i, j] = [pairs.first[k]!, pairs.second[k]!];
    assert.equal(same, k % 2 === 0);
    assert.notEqual(i, j);
    assert.equal(labels[i] === labels[j], same);
  });
  assert.deepEqual(verificationPairs(labels, 40, new Generator(5)), pairs);
  assert.throws(() => verificationPairs([1, 2, 3], 2, new Generator(0)), /needs a label with two examples/);
});

test('bestThreshold picks the midpoint that classifies the most pairs right', () => {
  assert.deepEqual(bestThreshold([0.1, 0.4, 0.9, 1.2], [true, true, false, false]), {
    threshold: 0.65,
    accuracy: 1,
  });
  // one different pair at 0.3 sits among the same ones: cutting at 0.2 or at 0.65 gets 4 of 5,
  // and the smaller wins
  assert.deepEqual(bestThreshold([0.1, 0.3, 0.4, 0.9, 1.2], [true, false, true, false, false]), {
    threshold: 0.2,
    accuracy: 0.8,
  });
  assert.throws(() => bestThreshold([], []), /bestThreshold: needs as many distances as labels/);
});

test('squareSymmetry: the eight symmetries of a 3×3 image, as numpy rot90 / flips / .T give them', () => {
  const image = tensor([
    [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ],
  ]);
  const expected: Record<SquareSymmetry, number[][]> = {
    identity: [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ],
    rotate90: [
      [3, 6, 9],
      [2, 5, 8],
      [1, 4, 7],
    ], // np.rot90(a)
    rotate180: [
      [9, 8, 7],
      [6, 5, 4],
      [3, 2, 1],
    ],
    rotate270: [
      [7, 4, 1],
      [8, 5, 2],
      [9, 6, 3],
    ],
    flipX: [
      [3, 2, 1],
      [6, 5, 4],
      [9, 8, 7],
    ], // a[:, ::-1]
    flipY: [
      [7, 8, 9],
      [4, 5, 6],
      [1, 2, 3],
    ], // a[::-1]
    transpose: [
      [1, 4, 7],
      [2, 5, 8],
      [3, 6, 9],
    ], // a.T
    antiTranspose: [
      [9, 6, 3],
      [8, 5, 2],
      [7, 4, 1],
    ], // np.rot90(a, 2).T
  };
  assert.deepEqual(SQUARE_SYMMETRIES, Object.keys(expected));
  for (const s of SQUARE_SYMMETRIES) assert.deepEqual(squareSymmetry(image, s).toArray(), [expected[s]], s);
  // A batch [N, C, H, W]: every image moves alike; non-square images take the four that keep axes.
  const batch = tensor([
    [
      [
        [1, 2],
        [3, 4],
      ],
    ],
    [
      [
        [5, 6],
        [7, 8],
      ],
    ],
  ]);
  assert.deepEqual(squareSymmetry(batch, 'rotate90').toArray(), [
    [
      [
        [2, 4],
        [1, 3],
      ],
    ],
    [
      [
        [6, 8],
        [5, 7],
      ],
    ],
  ]);
  assert.deepEqual(squareSymmetry(tensor([[1, 2, 3]]), 'flipX').toArray(), [[3, 2, 1]]);
  assert.throws(
    () => squareSymmetry(tensor([[1, 2, 3]]), 'transpose'),
    /squareSymmetry: 'transpose' needs square images, got 1×3/,
  );
  assert.throws(() => squareSymmetry(tensor([1, 2]), 'flipX'), ShapeError);
  assert.throws(
    () => squareSymmetry(image, 'mirror' as SquareSymmetry),
    /squareSymmetry: symmetry must be one of identity, rotate90, .*, got 'mirror'/,
  );
});
