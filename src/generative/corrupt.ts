import { defaultGenerator, type Generator, noGrad, type Tensor, tensor, ValueError } from '../index.js';

/** How a denoising autoencoder's input is corrupted. */
export type Corruption = 'gaussian' | 'masking' | 'saltAndPepper';

/**
 * A corrupted copy of x (no gradient), for denoising autoencoders:
 * - 'gaussian': x + N(0, level²);
 * - 'masking': each element set to 0 with probability `level`;
 * - 'saltAndPepper': each element set, with probability `level`, to 0 or 1 (even odds).
 * @see https://jmlr.org/papers/v11/vincent10a.html (Vincent et al., Stacked Denoising Autoencoders, section 4.2)
 * @example
 * const images = rand([2, 784]);
 * const noisy = corrupt(images, 'masking', 0.3); // 30% of the pixels zeroed
 */
export function corrupt(
  x: Tensor,
  kind: Corruption,
  level: number,
  options: { generator?: Generator } = {},
): Tensor {
  const g = options.generator ?? defaultGenerator;
  if (kind === 'gaussian') {
    if (!(level >= 0 && Number.isFinite(level)))
      throw new ValueError(`corrupt: the gaussian level (σ) must be ≥ 0, got ${level}`);
  } else if (kind === 'masking' || kind === 'saltAndPepper') {
    if (!(level >= 0 && level <= 1))
      throw new ValueError(`corrupt: the ${kind} level (a probability) must be in [0, 1], got ${level}`);
  } else {
    throw new ValueError(
      `corrupt: kind must be 'gaussian', 'masking' or 'saltAndPepper', got ${JSON.stringify(kind)}`,
    );
  }
  return noGrad(() => {
    const out = x.contiguous().data().slice();
    for (let i = 0; i < out.length; i++) {
      if (kind === 'gaussian') out[i] = out[i]! + level * g.normal();
      else if (g.uniform() < level) out[i] = kind === 'masking' ? 0 : g.uniform() < 0.5 ? 0 : 1;
    }
    return tensor(out, { shape: [...x.shape], dtype: x.dtype });
  });
}
