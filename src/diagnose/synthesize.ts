import { Dataset, Generator, ValueError } from '../index.js';

export interface SynthesizeOptions {
  /** Seeds which background goes with which clean example (default 0). */
  seed?: number;
  /** Warn when each background is reused more than this many times on average (default 10). */
  maxReuse?: number;
  /** Where the warning goes (default `console.warn`). */
  warn?: (message: string) => void;
}

/** `clean[i]` combined with a background drawn for it; the pairing is fixed by the seed. */
class SynthesizedDataset<T, B, R> extends Dataset<R> {
  constructor(
    private readonly clean: Dataset<T>,
    private readonly backgrounds: Dataset<B>,
    private readonly combine: (example: T, background: B) => R,
    readonly pairing: readonly number[],
  ) {
    super();
  }

  get length(): number {
    return this.clean.length;
  }

  get(index: number): R {
    this.checkIndex(index);
    return this.combine(this.clean.get(index), this.backgrounds.get(this.pairing[index]!));
  }
}

/**
 * Artificial data synthesis against data mismatch (Ng): every clean example mixed with a
 * background drawn at random from a pool (speech + car noise, a digit on a cluttered image).
 * When the pool is small each background is reused many times, and the course warns that the
 * model may overfit to those few backgrounds while a person hears nothing wrong: this warns when
 * the average reuse passes `maxReuse`.
 * @example
 * const clean = new TensorDataset(randn([100, 4]));
 * const noise = new TensorDataset(randn([20, 4]));
 * const noisy = synthesize(clean, noise, ([x], [n]) => [x!.add(n!.mul(0.1))], { seed: 1 });
 * noisy.length; // 100
 */
export function synthesize<T, B, R>(
  clean: Dataset<T>,
  backgrounds: Dataset<B>,
  combine: (example: T, background: B) => R,
  { seed = 0, maxReuse = 10, warn = console.warn }: SynthesizeOptions = {},
): Dataset<R> & { pairing: readonly number[] } {
  if (backgrounds.length === 0) throw new ValueError('synthesize: the background pool is empty');
  if (!(maxReuse > 0)) throw new ValueError(`synthesize: maxReuse must be positive, got ${maxReuse}`);
  const g = new Generator(seed);
  const pairing = Array.from({ length: clean.length }, () => g.below(backgrounds.length));
  const reuse = clean.length / backgrounds.length;
  if (reuse > maxReuse)
    warn(
      `synthesize: ${backgrounds.length} backgrounds for ${clean.length} examples: each is reused ${Number(reuse.toFixed(1))} times on average, and the model may overfit to them; gather more backgrounds`,
    );
  return new SynthesizedDataset(clean, backgrounds, combine, pairing);
}
