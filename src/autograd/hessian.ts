/**
 * Second derivatives by double backward: the gradient ∇f is computed with its own graph
 * recorded (createGraph), then differentiated again. A Hessian-vector product costs about two
 * gradients; the full Hessian of an n-element input costs one gradient and n backward passes.
 */
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { tensor, zerosLike } from '../tensor/creation.js';
import { isFloat } from '../tensor/dtype.js';
import { formatShape, shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { gradients } from './functional.js';
import { enableGrad } from './grad-mode.js';

// ∇f at x with the graph of the gradient kept, or null when f does not depend on x.
function gradientWithGraph(
  f: (x: Tensor) => Tensor,
  x: Tensor,
  op: string,
): { input: Tensor; g: Tensor | null } {
  if (!isFloat(x.dtype)) throw new DTypeError(`${op}: x must be a float tensor, got ${x.dtype}`);
  const input = x.detach().requiresGrad_();
  return enableGrad(() => {
    const y = f(input);
    if (y.size !== 1)
      throw new ValueError(`${op}: f must return a scalar, got shape ${formatShape(y.shape)}`);
    if (!y.requiresGrad) return { input, g: null };
    const [g] = gradients(y, [input], { createGraph: true, allowUnused: true });
    return { input, g: g!.requiresGrad ? g! : null };
  });
}

/**
 * The Hessian of the scalar function f at x times the vector v, H·v (shaped like x), without
 * forming H: the gradient of ⟨∇f(x), v⟩ with respect to x. Needs f's ops to have
 * differentiable backward passes (every nabla op has).
 * @example
 * // f(x) = Σ xᵢ³, H = diag(6x): H·[1, 1] at x = [1, 2] is [6, 12].
 * const hv = hvp((x) => x.pow(3).sum(), tensor([1, 2]), tensor([1, 1]));
 */
export function hvp(f: (x: Tensor) => Tensor, x: Tensor, v: Tensor): Tensor {
  if (!shapesEqual(v.shape, x.shape)) {
    throw new ShapeError(
      `hvp: v has shape ${formatShape(v.shape)}, x ${formatShape(x.shape)}; they must match`,
    );
  }
  if (v.dtype !== x.dtype) throw new DTypeError(`hvp: v has dtype ${v.dtype}, x ${x.dtype}; they must match`);
  const { input, g } = gradientWithGraph(f, x, 'hvp');
  if (!g) return zerosLike(x);
  // The Hessian is symmetric, so the vector-Jacobian product vᵀ·∂g/∂x is H·v.
  const [hv] = gradients(g, [input], { gradient: v.detach(), allowUnused: true });
  return hv!.detach();
}

/**
 * The Hessian of the scalar function f at x, shaped `[...x.shape, ...x.shape]`: entry (i, j) is
 * ∂²f/∂xᵢ∂xⱼ, with i and j running over x's elements in row-major order.
 * @example
 * // f(x, y) = x²y: H = [[2y, 2x], [2x, 0]], at (1, 3) [[6, 2], [2, 0]].
 * const h = hessian((p) => p.select(0, 0).square().mul(p.select(0, 1)), tensor([1, 3]));
 */
export function hessian(f: (x: Tensor) => Tensor, x: Tensor): Tensor {
  const { input, g } = gradientWithGraph(f, x, 'hessian');
  const n = x.size;
  const out = new Float64Array(n * n);
  if (g) {
    const unit = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      unit.fill(0);
      unit[i] = 1;
      const seed = tensor(unit, { shape: [...x.shape], dtype: x.dtype });
      const [row] = gradients(g, [input], { gradient: seed, retainGraph: true, allowUnused: true });
      out.set(row!.data(), i * n);
    }
  }
  return tensor(out, { shape: [...x.shape, ...x.shape], dtype: x.dtype });
}
