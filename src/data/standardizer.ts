import { ShapeError, ValueError } from '../errors.js';
import { div } from '../ops/div.js';
import { sub } from '../ops/sub.js';
import { tensor } from '../tensor/creation.js';
import { formatShape, shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/** A fitted standardizer as plain data (JSON-able). */
export interface StandardizerState {
  /** The feature shape: `x.shape` without the sample axis. */
  shape: number[];
  mean: number[];
  /** √(σ² + eps), the divisor `transform` uses. */
  scale: number[];
  eps: number;
}

/**
 * Zero mean, unit variance per feature: `fit` learns μ and σ on the training set (over axis 0),
 * `transform` applies the same μ and σ to dev and test data, as the course insists. A constant
 * feature (σ = 0) is divided by √eps instead of 0, so it maps to 0 rather than NaN.
 * @example
 * const [trainX, devX] = [randn([100, 3], { mean: 5, std: 2 }), randn([20, 3], { mean: 5, std: 2 })];
 * const s = new Standardizer();
 * const xTrain = s.fitTransform(trainX); // each column: mean 0, std 1
 * const xDev = s.transform(devX); // with the training set's mean and std
 */
export class Standardizer {
  readonly eps: number;
  private state: StandardizerState | undefined;

  constructor({ eps = 1e-8 }: { eps?: number } = {}) {
    if (!(eps >= 0)) throw new ValueError(`Standardizer: eps must be non-negative, got ${eps}`);
    this.eps = eps;
  }

  /** Learns per-feature mean and population standard deviation (1/m, as the course defines σ²). */
  fit(x: Tensor): this {
    if (x.ndim < 1 || x.shape[0] === 0)
      throw new ShapeError(
        `Standardizer.fit: x must have at least one sample, got shape ${formatShape(x.shape)}`,
      );
    const m = x.shape[0]!;
    const features = x.size / m;
    const data = x.data();
    // Accumulated in float64 here, whatever x's dtype: sums over many samples lose digits in float32.
    const mean = new Array<number>(features).fill(0);
    const sq = new Array<number>(features).fill(0);
    for (let i = 0; i < m; i++) for (let j = 0; j < features; j++) mean[j]! += data[i * features + j]! / m;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < features; j++) sq[j]! += (data[i * features + j]! - mean[j]!) ** 2 / m;
    const scale = sq.map((v) => Math.sqrt(v + this.eps));
    this.state = { shape: [...x.shape.slice(1)], mean, scale, eps: this.eps };
    return this;
  }

  /** (x − μ) / σ with the fitted μ and σ. */
  transform(x: Tensor): Tensor {
    const state = this.fitted('transform');
    if (!shapesEqual(x.shape.slice(1), state.shape)) {
      throw new ShapeError(
        `Standardizer.transform: x has features ${formatShape(x.shape.slice(1))}, the fit saw ${formatShape(state.shape)}`,
      );
    }
    const dtype = x.dtype === 'float64' ? 'float64' : 'float32';
    const mean = tensor(state.mean, { dtype, shape: state.shape });
    const scale = tensor(state.scale, { dtype, shape: state.shape });
    return div(sub(x, mean), scale);
  }

  /** `fit(x)` then `transform(x)`. */
  fitTransform(x: Tensor): Tensor {
    return this.fit(x).transform(x);
  }

  /** The fitted μ and σ as plain data, to save beside a model. */
  getState(): StandardizerState {
    const s = this.fitted('getState');
    return { shape: [...s.shape], mean: [...s.mean], scale: [...s.scale], eps: s.eps };
  }

  /** A standardizer from {@link getState}'s output. */
  static fromState(state: StandardizerState): Standardizer {
    const size = state.shape.reduce((a, b) => a * b, 1);
    if (state.mean.length !== size || state.scale.length !== size)
      throw new ValueError(`Standardizer.fromState: mean and scale must hold ${size} values`);
    const s = new Standardizer({ eps: state.eps });
    s.state = { shape: [...state.shape], mean: [...state.mean], scale: [...state.scale], eps: state.eps };
    return s;
  }

  private fitted(method: string): StandardizerState {
    if (!this.state) throw new ValueError(`Standardizer.${method}: call fit(x) on the training set first`);
    return this.state;
  }
}
