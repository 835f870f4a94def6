import { ValueError } from '../errors.js';

/**
 * A seeded pseudo-random generator (xoshiro128**, seeded through splitmix32). Every random op
 * draws from one of these in JavaScript, so a seed gives the same numbers on every backend.
 * @see https://prng.di.unimi.it/
 * @example
 * const g = new Generator(42);
 * g.uniform(); // a number in [0, 1)
 */
export class Generator {
  private s = new Uint32Array(4);
  private spareNormal: number | undefined;

  constructor(seed = 67280421310721) {
    this.manualSeed(seed);
  }

  /** Resets the generator to the stream of `seed` (a safe integer). */
  manualSeed(seed: number): this {
    if (!Number.isSafeInteger(seed))
      throw new ValueError(`manualSeed: seed must be a safe integer, got ${seed}`);
    let x = (seed >>> 0) ^ Math.imul(Math.floor(seed / 4294967296) >>> 0, 0x9e3779b9);
    for (let i = 0; i < 4; i++) {
      // splitmix32
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
    this.spareNormal = undefined;
    return this;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
    const t = s[1]! << 9;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A standard normal draw (Box–Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const v = this.spareNormal;
      this.spareNormal = undefined;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** A uniform integer in [0, n) without modulo bias. */
  below(n: number): number {
    if (n <= 4294967296) {
      const limit = 4294967296 - (4294967296 % n);
      for (;;) {
        const x = this.nextUint32();
        if (x < limit) return x % n;
      }
    }
    return Math.floor(this.uniform() * n);
  }

  /** The full state, for checkpoints: restoring it with {@link setState} replays the same stream. */
  getState(): number[] {
    return [...this.s, this.spareNormal === undefined ? Number.NaN : this.spareNormal];
  }

  setState(state: readonly number[]): void {
    if (
      state.length !== 5 ||
      !state.slice(0, 4).every((v) => Number.isInteger(v) && v >= 0 && v < 4294967296)
    ) {
      throw new ValueError(
        `Generator.setState: expected 4 uint32 words and a spare normal, got ${JSON.stringify(state)}`,
      );
    }
    this.s.set(state.slice(0, 4));
    const spare = state[4]!;
    this.spareNormal = Number.isNaN(spare) ? undefined : spare;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** The generator that random ops use when none is passed. */
export const defaultGenerator = new Generator();

/**
 * Seeds the default generator, like `torch.manual_seed`.
 * @example
 * manualSeed(0);
 */
export function manualSeed(seed: number): void {
  defaultGenerator.manualSeed(seed);
}
