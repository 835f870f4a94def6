import { noGrad } from '../autograd/grad-mode.js';
import { DTypeError } from '../errors.js';
import { rand, type TensorOptions } from '../tensor/creation.js';
import { allocate, type DType, isFloat } from '../tensor/dtype.js';
import type { Generator } from '../tensor/random.js';
import { checkShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

/** Options of the Parameter factories: the dtype (float32 by default) and a seeded generator. */
export interface ParameterOptions {
  dtype?: DType;
  generator?: Generator;
}

/**
 * A tensor that a {@link Module} trains: a leaf that requires grad. Modules find their parameters
 * by walking their fields, so making a field a Parameter is all it takes to register it.
 * @example
 * const w = Parameter.uniform([3, 2], -0.5, 0.5);
 * w.requiresGrad; // => true
 */
export class Parameter extends Tensor {
  constructor(storage: Tensor['storage'], shape: readonly number[], dtype: DType) {
    if (!isFloat(dtype)) throw new DTypeError(`Parameter: dtype must be float32 or float64, got ${dtype}`);
    super(storage, shape, dtype);
    this.requiresGrad = true;
  }

  /**
   * Uniform samples in [low, high).
   * @example
   * Parameter.uniform([4], -1, 1);
   */
  static uniform(
    shape: readonly number[],
    low: number,
    high: number,
    options: ParameterOptions = {},
  ): Parameter {
    return Parameter.from(rand(shape, { ...options, low, high }));
  }

  /**
   * Zeros (biases, the β of a normalization layer).
   * @example
   * Parameter.zeros([4]);
   */
  static zeros(shape: readonly number[], options: TensorOptions = {}): Parameter {
    const dtype = options.dtype ?? 'float32';
    return new Parameter(
      allocate(
        dtype,
        checkShape(shape, 'Parameter.zeros').reduce((n, s) => n * s, 1),
      ),
      [...shape],
      dtype,
    );
  }

  /**
   * A parameter holding a copy of `t`'s values (contiguous, no history), optionally cast.
   * @example
   * Parameter.from(tensor([1, 2, 3]), { dtype: 'float64' });
   */
  static from(t: Tensor, options: { dtype?: DType } = {}): Parameter {
    const dtype = options.dtype ?? t.dtype;
    const data = allocate(dtype, t.size);
    noGrad(() => data.set(t.data()));
    return new Parameter(data, [...t.shape], dtype);
  }
}
