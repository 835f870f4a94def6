/**
 * Gradient clipping, applied between `backward()` and `step()`. Clipped gradients are new
 * tensors assigned to `.grad`: a gradient may share memory with another one (add's backward hands
 * the same tensor to both inputs), so scaling in place could clip it twice.
 */
import { noGrad } from '../autograd/grad-mode.js';
import { ValueError } from '../errors.js';
import { mul } from '../ops/mul.js';
import { allocate } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { checkNonNegative } from './checks.js';

/** The parameters that have a gradient. */
function withGrad(params: Tensor | Iterable<Tensor>): Tensor[] {
  const list = params instanceof Tensor ? [params] : [...params];
  return list.filter((p) => p.grad !== null);
}

/** The p-norm of every element of `grads` together (p = Infinity: the largest |g|). */
function totalNorm(grads: readonly Tensor[], p: number): number {
  let acc = 0;
  for (const g of grads) {
    for (const x of g.data()) {
      const a = Math.abs(x);
      if (p === Number.POSITIVE_INFINITY) acc = Number.isNaN(a) || a > acc ? a : acc;
      else acc += p === 2 ? a * a : a ** p;
    }
  }
  return p === Number.POSITIVE_INFINITY ? acc : acc ** (1 / p);
}

/**
 * Scales all gradients together so that their global p-norm (over every parameter at once, as
 * PyTorch's `clip_grad_norm_`) is at most `maxNorm`; returns the norm before clipping.
 * @example
 * const model = new nn.Linear(4, 1);
 * const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
 * const loss = mseLoss(model.forward(randn([8, 4])), randn([8, 1]));
 * loss.backward();
 * const norm = clipGradNorm(model.parameters(), 1.0); // the norm before clipping
 * opt.step();
 */
export function clipGradNorm(
  params: Tensor | Iterable<Tensor>,
  maxNorm: number,
  { normType = 2, errorIfNonfinite = false }: { normType?: number; errorIfNonfinite?: boolean } = {},
): number {
  checkNonNegative('clipGradNorm', 'maxNorm', maxNorm);
  if (typeof normType !== 'number' || !(normType > 0)) {
    throw new ValueError(`clipGradNorm: normType must be a positive number or Infinity, got ${normType}`);
  }
  const owners = withGrad(params);
  const norm = totalNorm(
    owners.map((p) => p.grad!),
    normType,
  );
  if (errorIfNonfinite && !Number.isFinite(norm)) {
    throw new ValueError(
      `clipGradNorm: the total norm of order ${normType} of the gradients is ${norm}; pass errorIfNonfinite: false to clip anyway`,
    );
  }
  // The 1e-6 keeps the scale finite for all-zero gradients (PyTorch's choice).
  const scale = maxNorm / (norm + 1e-6);
  if (scale < 1) {
    noGrad(() => {
      for (const p of owners) p.grad = mul(p.grad!, scale);
    });
  }
  return norm;
}

/**
 * Clamps every gradient element into [−clipValue, clipValue].
 * @example
 * const model = new nn.Linear(4, 1);
 * mseLoss(model.forward(randn([8, 4])), randn([8, 1])).backward();
 * clipGradValue(model.parameters(), 0.5); // every gradient entry now in [-0.5, 0.5]
 */
export function clipGradValue(params: Tensor | Iterable<Tensor>, clipValue: number): void {
  checkNonNegative('clipGradValue', 'clipValue', clipValue);
  for (const p of withGrad(params)) {
    const g = p.grad!;
    const src = g.data();
    const out = allocate(g.dtype, src.length);
    for (let i = 0; i < src.length; i++) out[i] = Math.min(clipValue, Math.max(-clipValue, src[i]!));
    p.grad = new Tensor(out, [...g.shape], g.dtype);
  }
}
