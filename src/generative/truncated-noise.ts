import { defaultGenerator, type Generator, type Tensor, tensor, ValueError } from '../index.js';

/**
 * Standard normal noise [n, latent] truncated to [−threshold, threshold]: every draw outside is
 * drawn again. Sampling a generator from truncated noise (the "truncation trick") trades
 * variety for fidelity: the generator is asked only for the latent codes it saw most often.
 * `threshold` = Infinity gives plain N(0, 1) draws.
 * @see https://arxiv.org/abs/1809.11096 (Brock, Donahue & Simonyan, BigGAN, section 3.1: the truncation trick)
 * @example
 * const z = truncatedNoise(4, 8, 1.5, new Generator(0));
 * z.shape; // [4, 8]; every |z| ≤ 1.5
 */
export function truncatedNoise(
  n: number,
  latent: number,
  threshold: number,
  generator: Generator = defaultGenerator,
): Tensor {
  for (const [name, value] of [
    ['n', n],
    ['latent', latent],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new ValueError(`truncatedNoise: ${name} must be a non-negative integer, got ${value}`);
  }
  // Below ~0.1 almost every draw is rejected (P(|z| ≤ 0.1) ≈ 8%): refuse rather than spin.
  if (!(threshold >= 0.1))
    throw new ValueError(`truncatedNoise: threshold must be ≥ 0.1 (or Infinity), got ${threshold}`);
  const values = new Float32Array(n * latent);
  for (let i = 0; i < values.length; i++) {
    let z = generator.normal();
    while (Math.abs(z) > threshold) z = generator.normal();
    values[i] = z;
  }
  return tensor(values).reshape([n, latent]);
}
