import { noGrad } from '../autograd/grad-mode.js';
import { ShapeError, ValueError } from '../errors.js';
import { add } from '../ops/add.js';
import { div } from '../ops/div.js';
import { mul } from '../ops/mul.js';
import { formatShape, shapesEqual } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { checkUnitInterval } from './checks.js';

/**
 * The course's exponentially weighted average v_t = βv_{t−1} + (1−β)θ_t from v₀ = 0, over numbers
 * or tensors (no graph is recorded), with its bias correction v_t/(1−βᵗ): v₀ = 0 drags the early
 * averages towards 0, and dividing by 1−βᵗ (the total weight so far) undoes it.
 * It averages about 1/(1−β) values: β = 0.9 ≈ the last 10 days of temperature.
 * @see https://www.coursera.org/learn/deep-neural-network (Ng, Improving Deep Neural Networks, week 2: exponentially weighted averages)
 * @example
 * const avg = new ExponentialMovingAverage(0.9);
 * avg.update(40).update(49);
 * avg.value; // => 8.5
 * avg.corrected; // => 44.7368
 * // value: 0.9·4 + 0.1·49 = 8.5 (from 0); corrected: 8.5 / (1 − 0.9²)
 */
export class ExponentialMovingAverage<T extends number | Tensor = number> {
  readonly beta: number;
  /** How many values were averaged. */
  t = 0;
  private v: T | undefined;

  constructor(beta: number) {
    checkUnitInterval('ExponentialMovingAverage', 'beta', beta);
    this.beta = beta;
  }

  /** Folds one value into the average (returns this, so updates chain). */
  update(value: T): this {
    const { beta } = this;
    const previous = this.v;
    this.t += 1;
    if (typeof value === 'number') {
      if (previous instanceof Tensor)
        throw new ValueError('ExponentialMovingAverage.update: expected a Tensor, got a number');
      this.v = (beta * ((previous as number | undefined) ?? 0) + (1 - beta) * value) as T;
      return this;
    }
    if (!(value instanceof Tensor) || typeof previous === 'number') {
      throw new ValueError(
        `ExponentialMovingAverage.update: expected a ${typeof previous === 'number' ? 'number' : 'number or Tensor'}, got ${String(value)}`,
      );
    }
    if (previous && !shapesEqual(previous.shape, value.shape)) {
      throw new ShapeError(
        `ExponentialMovingAverage.update: value has shape ${formatShape(value.shape)}, the average ${formatShape(previous.shape)}`,
      );
    }
    this.v = noGrad(() => {
      const fresh = mul(value, 1 - beta);
      return previous ? add(mul(previous, beta), fresh) : fresh;
    }) as T;
    return this;
  }

  /** The raw average v_t (biased towards 0 while t is small). */
  get value(): T {
    return this.current('value');
  }

  /** The bias-corrected average v_t/(1−βᵗ). */
  get corrected(): T {
    const v = this.current('corrected');
    const weight = 1 - this.beta ** this.t;
    return (typeof v === 'number' ? v / weight : noGrad(() => div(v, weight))) as T;
  }

  private current(what: string): T {
    if (this.v === undefined) {
      throw new ValueError(`ExponentialMovingAverage.${what}: no value yet; call update() first`);
    }
    return this.v;
  }
}
