/**
 * Parameters seen as one flat float64 vector, for the optimizers that work on the whole vector at
 * once (L-BFGS, nonlinear conjugate gradient, Hessian-free): read the values and the gradient,
 * move along a direction, and restore. Parameters keep their own dtype and storage.
 */
import { DTypeError, ValueError } from '../errors.js';
import { isFloat } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';

/** Σ aᵢbᵢ. */
export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Σ |aᵢ|. */
export function sumAbs(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]!);
  return s;
}

/** maxᵢ |aᵢ| (0 for an empty vector). */
export function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

/**
 * A list of parameters as one flat vector.
 * @example
 * const flat = new FlatParams([tensor([1, 2], { requiresGrad: true })], 'LBFGS');
 * flat.addScaled(0.5, new Float64Array([2, 2])); // the parameter is now [2, 3]
 */
export class FlatParams {
  readonly params: Tensor[];
  /** The total number of elements. */
  readonly size: number;

  constructor(params: Iterable<Tensor>, owner: string) {
    this.params = [...params];
    if (this.params.length === 0) throw new ValueError(`${owner}: got an empty list of parameters`);
    this.params.forEach((p, i) => {
      if (!(p instanceof Tensor)) throw new ValueError(`${owner}: parameter ${i} is not a Tensor`);
      if (!isFloat(p.dtype)) {
        throw new DTypeError(`${owner}: parameter ${i} must be float32 or float64, got ${p.dtype}`);
      }
      if (!p.isLeaf) throw new ValueError(`${owner}: parameter ${i} is not a leaf (an op made it)`);
      if (!p.isContiguous()) throw new ValueError(`${owner}: parameter ${i} must be contiguous`);
    });
    this.size = this.params.reduce((n, p) => n + p.size, 0);
  }

  /** The parameters' values, concatenated. */
  values(): Float64Array {
    return this.concat((p) => p.data());
  }

  /** The parameters' gradients, concatenated (zeros for a parameter without one). */
  gradient(): Float64Array {
    return this.concat((p) => p.grad?.data());
  }

  /** Writes `x` into the parameters. */
  set(x: Float64Array): void {
    let offset = 0;
    for (const p of this.params) {
      p.data().set(x.subarray(offset, offset + p.size));
      offset += p.size;
    }
  }

  /** p ← p + t·d, in each parameter's own dtype. */
  addScaled(t: number, d: Float64Array): void {
    let offset = 0;
    for (const p of this.params) {
      const data = p.data();
      for (let i = 0; i < data.length; i++) data[i] = data[i]! + t * d[offset + i]!;
      offset += p.size;
    }
  }

  private concat(part: (p: Tensor) => ArrayLike<number> | undefined): Float64Array {
    const out = new Float64Array(this.size);
    let offset = 0;
    for (const p of this.params) {
      const values = part(p);
      if (values) out.set(values, offset);
      offset += p.size;
    }
    return out;
  }
}
