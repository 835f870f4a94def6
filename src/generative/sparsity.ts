import { type Tensor, ValueError } from '../index.js';

/**
 * The sparse autoencoder's penalty β·Σⱼ KL(ρ ‖ ρ̂ⱼ), where ρ̂ⱼ is hidden unit j's mean activation
 * over the batch (activations in (0, 1), e.g. after a sigmoid) and
 * KL(ρ ‖ ρ̂) = ρ·log(ρ/ρ̂) + (1 − ρ)·log((1 − ρ)/(1 − ρ̂)). It pushes each unit to be active a
 * fraction ρ of the time. Differentiable; add it to the reconstruction loss.
 * @see https://web.stanford.edu/class/cs294a/sparseAutoencoder.pdf (Ng, Sparse autoencoder, CS294A notes)
 * @example
 * const encoder = new nn.Sequential(new nn.Linear(784, 32), new nn.Sigmoid());
 * const decoder = new nn.Linear(32, 784);
 * const x = rand([4, 784]);
 * const h = encoder.forward(x); // [batch, hidden], sigmoid activations
 * const loss = mseLoss(decoder.forward(h), x).add(klSparsityPenalty(h, 0.05, 3));
 */
export function klSparsityPenalty(activations: Tensor, rho: number, beta = 1): Tensor {
  if (!(rho > 0 && rho < 1)) throw new ValueError(`klSparsityPenalty: rho must be in (0, 1), got ${rho}`);
  if (!(beta >= 0)) throw new ValueError(`klSparsityPenalty: beta must be ≥ 0, got ${beta}`);
  if (activations.ndim !== 2) {
    throw new ValueError(
      `klSparsityPenalty: activations must be [batch, hidden], got [${activations.shape.join(', ')}]`,
    );
  }
  // Clamped away from 0 and 1 so that a dead or saturated unit gives a large, finite penalty.
  const rhoHat = activations.mean(0).clamp(1e-6, 1 - 1e-6);
  const kl = rhoHat
    .reciprocal()
    .mul(rho)
    .log()
    .mul(rho)
    .add(
      rhoHat
        .neg()
        .add(1)
        .reciprocal()
        .mul(1 - rho)
        .log()
        .mul(1 - rho),
    );
  return kl.sum().mul(beta);
}
