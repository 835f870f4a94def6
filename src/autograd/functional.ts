import { DTypeError, ValueError } from '../errors.js';
import { zerosLike } from '../tensor/creation.js';
import { isFloat } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { seedGradient } from './backward.js';
import { runBackward } from './engine.js';
import { enableGrad, isGradEnabled } from './grad-mode.js';

/**
 * Gradients of `outputs` with respect to `inputs`, returned rather than added into `.grad`
 * (PyTorch's `torch.autograd.grad`). Inputs that the outputs do not depend on get zeros when
 * `allowUnused` is set, else an error.
 * @example
 * const x = tensor([3], { requiresGrad: true });
 * const [dx] = gradients(x.mul(x).sum(), [x]); // [6]
 */
export function gradients(
  output: Tensor,
  inputs: readonly Tensor[],
  options: { gradient?: Tensor; retainGraph?: boolean; createGraph?: boolean; allowUnused?: boolean } = {},
): Tensor[] {
  if (!output.requiresGrad)
    throw new ValueError('gradients: the output does not depend on any input that requires grad');
  const seed = seedGradient(output, options.gradient, 'gradients');
  const wanted = new Set(inputs);
  const grads = runBackward([output], [seed], (t) => wanted.has(t), options);
  return inputs.map((x, i) => {
    const g = grads.get(x);
    if (g) return g;
    if (!options.allowUnused) {
      throw new ValueError(
        `gradients: input ${i} was not used to compute the output; pass { allowUnused: true } for zeros`,
      );
    }
    return zerosLike(x);
  });
}

function prepareInputs(xs: readonly Tensor[], op: string): { inputs: Tensor[]; nested: boolean } {
  xs.forEach((x, i) => {
    if (!isFloat(x.dtype))
      throw new DTypeError(`${op}: input ${i} must be a float tensor to differentiate, got ${x.dtype}`);
  });
  // Inside an outer grad() the inputs already require grad: differentiate through them and keep
  // the graph, so the outer transformation can differentiate the result again.
  const nested = isGradEnabled() && xs.some((x) => x.requiresGrad);
  return { inputs: xs.map((x) => (x.requiresGrad ? x : x.detach().requiresGrad_())), nested };
}

/**
 * `valueAndGrad(f)(...xs)` returns f's scalar value and its gradients with respect to every
 * argument, without touching any `.grad`. Nests for higher derivatives.
 * @example
 * const [value, [dx]] = valueAndGrad((x) => x.mul(x).sum())(tensor([1, 2]));
 */
export function valueAndGrad<A extends Tensor[]>(f: (...xs: A) => Tensor): (...xs: A) => [Tensor, Tensor[]] {
  return (...xs: A) => {
    const { inputs, nested } = prepareInputs(xs, 'valueAndGrad');
    const value = enableGrad(() => f(...(inputs as A)));
    if (value.size !== 1)
      throw new ValueError(`valueAndGrad: f must return a scalar, got shape [${value.shape.join(', ')}]`);
    if (!value.requiresGrad) return [value, inputs.map((x) => zerosLike(x))];
    const grads = gradients(value, inputs, { createGraph: nested, retainGraph: nested, allowUnused: true });
    return [nested ? value : value.detach(), grads];
  };
}

/**
 * `grad(f)(...xs)` is the gradient of the scalar f with respect to its first argument (or all
 * arguments with `{ all: true }`). `grad(grad(f))` gives second derivatives of elementwise f.
 * @example
 * grad((x) => x.pow(3).sum())(tensor([2])); // => [12]
 */
export function grad<A extends Tensor[]>(f: (...xs: A) => Tensor): (...xs: A) => Tensor {
  const vg = valueAndGrad(f);
  return (...xs: A) => vg(...xs)[1][0]!;
}
