import { type Tensor, ValueError } from '../index.js';

/**
 * The eigenvalues and eigenvectors (the columns of `vectors`) of a symmetric matrix [n×n,
 * row-major], by cyclic Jacobi rotations: each rotation zeroes one off-diagonal pair, and sweeps
 * repeat until the off-diagonal mass is negligible.
 * @see Golub & Van Loan, Matrix Computations (4th ed.), section 8.5
 * @example
 * symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2).values; // [1, 3]
 */
export function symmetricEigen(
  matrix: Float64Array,
  n: number,
): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  const off = () => {
    let s = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) s += a[i * n + j]! ** 2;
    return s;
  };
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale += a[i]! ** 2;
  for (let sweep = 0; sweep < 100 && off() > 1e-24 * scale; sweep++) {
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (apq === 0) continue;
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        rotate(a, n, p, q, c, s, true);
        rotate(a, n, p, q, c, s, false);
        rotate(v, n, p, q, c, s, true);
      }
    }
  }
  return { values: Float64Array.from({ length: n }, (_, i) => a[i * n + i]!), vectors: v };
}

// Columns (or rows) p and q ← (c·p − s·q, s·p + c·q).
function rotate(
  m: Float64Array,
  n: number,
  p: number,
  q: number,
  c: number,
  s: number,
  columns: boolean,
): void {
  for (let k = 0; k < n; k++) {
    const ip = columns ? k * n + p : p * n + k;
    const iq = columns ? k * n + q : q * n + k;
    const [x, y] = [m[ip]!, m[iq]!];
    m[ip] = c * x - s * y;
    m[iq] = s * x + c * y;
  }
}

function moments(x: Tensor, owner: string): { mean: Float64Array; cov: Float64Array; d: number } {
  if (x.ndim !== 2 || x.shape[0]! < 2)
    throw new ValueError(`${owner}: features must be [n ≥ 2, d], got [${x.shape.join(', ')}]`);
  const [n, d] = x.shape as [number, number];
  const v = x.contiguous().data();
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += v[i * d + j]! / n;
  const cov = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const dj = v[i * d + j]! - mean[j]!;
      for (let k = j; k < d; k++) cov[j * d + k]! += (dj * (v[i * d + k]! - mean[k]!)) / (n - 1);
    }
  }
  for (let j = 0; j < d; j++) for (let k = 0; k < j; k++) cov[j * d + k] = cov[k * d + j]!;
  return { mean, cov, d };
}

function multiply(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let k = 0; k < d; k++) {
      const aik = a[i * d + k]!;
      if (aik !== 0) for (let j = 0; j < d; j++) out[i * d + j]! += aik * b[k * d + j]!;
    }
  return out;
}

// The symmetric square root V·diag(√λ)·Vᵀ of a positive semi-definite matrix (λ < 0 from rounding → 0).
function sqrtm(a: Float64Array, d: number): Float64Array {
  const { values, vectors } = symmetricEigen(a, d);
  const out = new Float64Array(d * d);
  for (let k = 0; k < d; k++) {
    const root = Math.sqrt(Math.max(values[k]!, 0));
    if (root === 0) continue;
    for (let i = 0; i < d; i++) {
      const vik = vectors[i * d + k]! * root;
      for (let j = 0; j < d; j++) out[i * d + j]! += vik * vectors[j * d + k]!;
    }
  }
  return out;
}

/**
 * The Fréchet distance between Gaussians fitted to two sets of feature vectors [n, d]:
 * ‖μ₁ − μ₂‖² + Tr(Σ₁ + Σ₂ − 2(Σ₁Σ₂)^½). On Inception features this is FID; on the penultimate
 * features of a LeNet-5 trained on MNIST, the "LeNet-FID" that scores generated digits.
 * @see https://arxiv.org/abs/1706.08500 (Heusel et al., GANs Trained by a Two Time-Scale Update Rule: FID)
 * @example
 * const realFeatures = randn([50, 4]);
 * const fakeFeatures = realFeatures;
 * frechetDistance(realFeatures, fakeFeatures); // 0 for identical sets
 */
export function frechetDistance(a: Tensor, b: Tensor): number {
  const ma = moments(a, 'frechetDistance');
  const mb = moments(b, 'frechetDistance');
  const d = ma.d;
  if (mb.d !== d) throw new ValueError(`frechetDistance: the feature sizes differ (${d} and ${mb.d})`);
  let meanTerm = 0;
  let trace = 0;
  for (let j = 0; j < d; j++) {
    meanTerm += (ma.mean[j]! - mb.mean[j]!) ** 2;
    trace += ma.cov[j * d + j]! + mb.cov[j * d + j]!;
  }
  // Tr (Σ₁Σ₂)^½ = Σ √λᵢ over the eigenvalues of the symmetric PSD matrix Σ₁^½ Σ₂ Σ₁^½.
  const root = sqrtm(ma.cov, d);
  const product = multiply(multiply(root, mb.cov, d), root, d);
  for (let i = 0; i < d; i++)
    for (let j = 0; j < i; j++) {
      const s = (product[i * d + j]! + product[j * d + i]!) / 2;
      product[i * d + j] = s;
      product[j * d + i] = s;
    }
  const traceRoot = symmetricEigen(product, d).values.reduce((s, l) => s + Math.sqrt(Math.max(l, 0)), 0);
  return meanTerm + trace - 2 * traceRoot;
}

/** What {@link classifierScores} returns. */
export interface ClassifierScores {
  /** How many classes are the predicted class of at least one sample. */
  coverage: number;
  /** The mean of each sample's top class probability. */
  meanConfidence: number;
  /** Samples per predicted class. */
  counts: number[];
}

/**
 * Scores generated samples with a classifier's class probabilities [n, classes]: class coverage
 * (do all classes appear?) and mean confidence (do the samples look like some class?).
 * @example
 * const lenet = new nn.Linear(4, 10);
 * const fakes = randn([8, 4]);
 * classifierScores(softmax(lenet.forward(fakes), 1));
 */
export function classifierScores(probabilities: Tensor): ClassifierScores {
  if (probabilities.ndim !== 2) {
    throw new ValueError(
      `classifierScores: probabilities must be [n, classes], got [${probabilities.shape.join(', ')}]`,
    );
  }
  const [n, k] = probabilities.shape as [number, number];
  const p = probabilities.contiguous().data();
  const counts = new Array<number>(k).fill(0);
  let confidence = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (p[i * k + j]! > p[i * k + best]!) best = j;
    counts[best]! += 1;
    confidence += p[i * k + best]!;
  }
  return { coverage: counts.filter((c) => c > 0).length, meanConfidence: confidence / n, counts };
}
