import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { full } from '../tensor/creation.js';
import { formatShape, shapesEqual } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { addGradients, type BackwardOptions, runBackward } from './engine.js';
import { noGrad } from './grad-mode.js';

declare module '../tensor/tensor.js' {
  interface Tensor {
    /**
     * Computes the gradient of this tensor with respect to every leaf that requires grad and adds
     * it into their `.grad`. A non-scalar tensor needs the upstream `gradient` of its shape.
     * @example
     * const w = tensor([1, 2, 3], { requiresGrad: true });
     * w.mul(w).sum().backward();
     * w.grad; // => [2, 4, 6]
     */
    backward(gradient?: Tensor, options?: BackwardOptions): void;
    /** Keeps `.grad` for this non-leaf tensor during backward. */
    retainGrad(): this;
    /** The same data without history: a leaf that never requires grad. */
    detach(): Tensor;
  }
}

/** The seed gradient for `output`: ones for a scalar, else the given one (checked). */
export function seedGradient(output: Tensor, gradient: Tensor | undefined, op: string): Tensor {
  if (gradient === undefined) {
    if (output.size !== 1) {
      throw new ShapeError(
        `${op}: the output has shape ${formatShape(output.shape)}; pass a gradient of that shape or reduce it to a scalar first`,
      );
    }
    return full(output.shape, 1, { dtype: output.dtype });
  }
  if (!shapesEqual(gradient.shape, output.shape)) {
    throw new ShapeError(
      `${op}: gradient has shape ${formatShape(gradient.shape)}, expected ${formatShape(output.shape)}`,
    );
  }
  return gradient;
}

Tensor.prototype.backward = function backward(
  this: Tensor,
  gradient?: Tensor,
  options: BackwardOptions = {},
): void {
  if (!this.requiresGrad) {
    throw new ValueError(
      'backward: this tensor does not require grad (no input had requiresGrad: true, or it was made inside noGrad)',
    );
  }
  if (gradient && gradient.dtype !== this.dtype) {
    throw new DTypeError(`backward: gradient dtype ${gradient.dtype} must match the tensor's ${this.dtype}`);
  }
  const seed = seedGradient(this, gradient, 'backward');
  const grads = runBackward([this], [seed], (t) => t.isLeaf || t.retainsGrad, options);
  for (const [t, g] of grads) {
    const fresh = options.createGraph ? g : g.gradFn ? g.detach() : g;
    if (t.grad === null) t.grad = fresh;
    else {
      const previous = t.grad;
      t.grad = options.createGraph
        ? addGradients(previous, fresh)
        : noGrad(() => addGradients(previous, fresh));
    }
  }
};

Tensor.prototype.retainGrad = function retainGrad<T extends Tensor>(this: T): T {
  this.retainsGrad = true;
  return this;
};

Tensor.prototype.detach = function detach(this: Tensor): Tensor {
  return new Tensor(this.storage, this.shape, this.dtype, this.strides, this.offset);
};
