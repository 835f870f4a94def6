import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Generator, ShapeError, tensor, ValueError } from '../../index.js';
import { expectClose } from '../../testing/index.js';
import { jacobiEigen } from './jacobi-eigen.js';
import { fitRgbPca, pcaColorAugmentation, pcaColorOffset } from './pca-color-augmentation.js';

const s = Math.SQRT1_2;

test('jacobiEigen finds the eigenpairs of a known 3×3 matrix, sorted, with orthonormal vectors', () => {
  // [[2, 1, 0], [1, 2, 0], [0, 0, 5]]: 5 on e3; the 2×2 block has 3 on (1, 1)/√2 and 1 on (1, −1)/√2.
  const { values, vectors } = jacobiEigen([
    [2, 1, 0],
    [1, 2, 0],
    [0, 0, 5],
  ]);
  expectClose(values, [5, 3, 1], { atol: 1e-12 });
  expectClose(vectors.flat(), [0, 0, 1, s, s, 0, s, -s, 0], { atol: 1e-12 });
});

test('jacobiEigen: A·v = λ·v and VᵀV = I on a dense covariance', () => {
  const a = [
    [0.06, 0.05, 0.04],
    [0.05, 0.07, 0.045],
    [0.04, 0.045, 0.08],
  ];
  const { values, vectors } = jacobiEigen(a);
  for (let i = 0; i < 3; i++) {
    const v = vectors[i]!;
    const av = a.map((row) => row.reduce((t, x, k) => t + x * v[k]!, 0));
    expectClose(
      av,
      v.map((x) => values[i]! * x),
      { atol: 1e-14 },
    );
    for (let j = 0; j < 3; j++) {
      const dot = v.reduce((t, x, k) => t + x * vectors[j]![k]!, 0);
      assert.ok(Math.abs(dot - (i === j ? 1 : 0)) < 1e-12, `v${i}·v${j} = ${dot}`);
    }
  }
  assert.ok(values[0]! >= values[1]! && values[1]! >= values[2]!);
  assert.throws(
    () =>
      jacobiEigen([
        [1, 2],
        [3, 4],
      ]),
    (e: unknown) =>
      e instanceof ValueError &&
      /jacobiEigen: matrix must be finite and symmetric, got \[0\]\[1\] = 2 and \[1\]\[0\] = 3/.test(
        e.message,
      ),
  );
  assert.throws(() => jacobiEigen([[1, 2]]), /jacobiEigen: matrix must be square/);
});

test('fitRgbPca decomposes the covariance of the pixels of a hand-made image', () => {
  // Four pixels (r, g, b): (1, 1, 0), (−1, −1, 0), (0, 0, 1), (0, 0, −1), mean 0.
  // Covariance XᵀX / 3 = [[2, 2, 0], [2, 2, 0], [0, 0, 2]] / 3: eigenvalues 4/3 on (1, 1, 0)/√2, 2/3 on e3, 0.
  const images = tensor([[[[1, -1, 0, 0]], [[1, -1, 0, 0]], [[0, 0, 1, -1]]]], { dtype: 'float64' }); // [1, 3, 1, 4]
  const pca = fitRgbPca(images);
  expectClose(pca.eigenvalues, [4 / 3, 2 / 3, 0], { atol: 1e-12 });
  expectClose(pca.eigenvectors.slice(0, 2).flat(), [s, s, 0, 0, 0, 1], { atol: 1e-12 });
  assert.throws(
    () => fitRgbPca(tensor([[[[1]]]])),
    (e: unknown) => e instanceof ShapeError && /fitRgbPca: images must be \[batch, 3, H, W\]/.test(e.message),
  );
  assert.throws(
    () => fitRgbPca(tensor([[[1]], [[2]], [[3]]])),
    /a covariance needs at least 2 pixels, got 1/,
  );
});

test('pcaColorOffset is Σ αᵢ λᵢ pᵢ', () => {
  const pca = {
    eigenvalues: [2, 1, 0.5],
    eigenvectors: [
      [s, s, 0],
      [0, 0, 1],
      [s, -s, 0],
    ],
  };
  // 0.1·2·(s, s, 0) + (−0.2)·1·(0, 0, 1) + 0.4·0.5·(s, −s, 0) = (0.4s, 0, −0.2).
  expectClose(pcaColorOffset(pca, [0.1, -0.2, 0.4]), [0.4 * s, 0, -0.2], { atol: 1e-12 });
});

test('pcaColorAugmentation with α = 0 is the identity, and seeded α shift every pixel alike', () => {
  const pca = {
    eigenvalues: [2, 1, 0.5],
    eigenvectors: [
      [s, s, 0],
      [0, 0, 1],
      [s, -s, 0],
    ],
  };
  const photo = tensor([[[0.1, 0.2]], [[0.3, 0.4]], [[0.5, 0.6]]]); // [3, 1, 2]
  expectClose(pcaColorAugmentation(pca, { std: 0 })(photo), photo);
  const out = pcaColorAugmentation(pca, { generator: new Generator(11) })(photo);
  const draws = new Generator(11);
  const offset = pcaColorOffset(
    pca,
    [0, 1, 2].map(() => 0.1 * draws.normal()),
  );
  expectClose(
    out,
    [[[0.1, 0.2]], [[0.3, 0.4]], [[0.5, 0.6]]].map((channel, c) =>
      channel.map((row) => row.map((v) => v + offset[c]!)),
    ),
  );
  expectClose(pcaColorAugmentation(pca, { generator: new Generator(11) })(photo), out);
  assert.throws(
    () => pcaColorAugmentation(pca)(tensor([[[1]]])),
    /pcaColorAugmentation: images must have 3 \(RGB\) channels, got shape \[1, 1, 1\]/,
  );
  assert.throws(() => pcaColorOffset(pca, [1]), /pcaColorOffset: alphas needs 3 entries, got 1/);
});
