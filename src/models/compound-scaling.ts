import { ValueError } from '../index.js';

/** The multipliers of a compound-scaled network relative to its base. */
export interface Scaling {
  /** Multiplies the number of layers of every stage (rounded up). */
  depth: number;
  /** Multiplies the channels of every layer (rounded to multiples of 8). */
  width: number;
  /** Multiplies the input side length. */
  resolution: number;
}

/**
 * EfficientNet's compound scaling: with φ the compute budget exponent, depth = α^φ, width = β^φ,
 * resolution = γ^φ, where α·β²·γ² ≈ 2 so each step of φ about doubles the FLOPs. The defaults are
 * the paper's grid-searched α = 1.2, β = 1.1, γ = 1.15.
 * @see https://arxiv.org/abs/1905.11946
 * @example
 * compoundScaling(1); // => { depth: 1.2, width: 1.1, resolution: 1.15 }
 */
export function compoundScaling(
  phi: number,
  { alpha = 1.2, beta = 1.1, gamma = 1.15 }: { alpha?: number; beta?: number; gamma?: number } = {},
): Scaling {
  if (!Number.isFinite(phi)) throw new ValueError(`compoundScaling: phi must be a finite number, got ${phi}`);
  for (const [name, v] of [
    ['alpha', alpha],
    ['beta', beta],
    ['gamma', gamma],
  ] as const) {
    if (!(v >= 1)) throw new ValueError(`compoundScaling: ${name} must be at least 1, got ${v}`);
  }
  return { depth: alpha ** phi, width: beta ** phi, resolution: gamma ** phi };
}
