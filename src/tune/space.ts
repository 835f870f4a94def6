import { type Generator, ValueError } from '../index.js';

/** A hyperparameter value. */
export type Value = number | string | boolean;
/** One trial's hyperparameters by name. */
export type Config = Record<string, Value>;

/** One hyperparameter's range and how to draw from it. */
export interface Dimension {
  /** How it reads in tables: `logUniform(0.0001, 0.1)`. */
  readonly description: string;
  /** The axis its values are drawn evenly on, for plots: x, log₁₀ x, log₁₀(1 − x), or categories. */
  readonly scale: 'linear' | 'log' | 'oneMinusLog' | 'categorical';
  sample(generator: Generator): Value;
  /** `points` values evenly spaced on the dimension's own scale, ascending (all values of a choice). */
  grid(points: number): Value[];
  /** The smallest range on its own scale that holds `values`, widened by `margin` of that range and kept inside this one. */
  zoom(values: readonly Value[], margin: number): Dimension;
  /** When set, the dimension exists only for configs where it returns true (checked on the names before it). */
  readonly when?: (config: Config) => boolean;
}

/** Names to dimensions, sampled in the order written (so a conditional sees the names before it). */
export type Space = Record<string, Dimension>;

interface Scale {
  name: string;
  axis: Dimension['scale'];
  to(x: number): number;
  from(s: number): number;
}

const linear: Scale = { name: 'uniform', axis: 'linear', to: (x) => x, from: (s) => s };
const log10: Scale = { name: 'logUniform', axis: 'log', to: Math.log10, from: (s) => 10 ** s };
const oneMinusLog: Scale = {
  name: 'oneMinusLogUniform',
  axis: 'oneMinusLog',
  to: (x) => Math.log10(1 - x),
  from: (s) => 1 - 10 ** s,
};

// A number range drawn uniformly on a scale: linear, log10(x), or log10(1 − x).
function scaled(low: number, high: number, scale: Scale, integer: boolean, label = scale.name): Dimension {
  const [a, b] = [scale.to(low), scale.to(high)].sort((x, y) => x - y) as [number, number];
  const round = (x: number) => (integer ? Math.min(high, Math.max(low, Math.round(x))) : x);
  const at = (u: number) => round(scale.from(a + u * (b - a)));
  return {
    description: `${label}(${low}, ${high})`,
    scale: scale.axis,
    sample: (g) => at(g.uniform()),
    grid: (points) => {
      const values = Array.from({ length: points }, (_, i) => at(points === 1 ? 0.5 : i / (points - 1)));
      return [...new Set(values)].sort((x, y) => x - y);
    },
    zoom: (values, margin) => {
      const [l, h] = zoomBounds(values, a, b, margin, scale);
      return scaled(l, h, scale, integer, label);
    },
  };
}

// The range on the scale's axis that holds `values`, padded and kept inside [a, b], back in x.
function zoomBounds(
  values: readonly Value[],
  a: number,
  b: number,
  margin: number,
  scale: Scale,
): [number, number] {
  const s = values.map((v) => scale.to(Number(v)));
  const pad = Math.max(Math.max(...s) - Math.min(...s), (b - a) * 0.05) * margin;
  const lo = Math.max(a, Math.min(...s) - pad);
  const hi = Math.min(b, Math.max(...s) + pad);
  return [scale.from(lo), scale.from(hi)].sort((x, y) => x - y) as [number, number];
}

function checkRange(op: string, low: number, high: number, ok: (x: number) => boolean, what: string): void {
  if (!(Number.isFinite(low) && Number.isFinite(high) && low <= high && ok(low) && ok(high)))
    throw new ValueError(`${op}: expected ${what} with low ≤ high, got (${low}, ${high})`);
}

/**
 * A number drawn uniformly from [low, high]: for hyperparameters whose effect is linear, such as
 * the number of layers or a dropout rate.
 * @example
 * uniform(0, 0.5).sample(new Generator(0)); // a dropout rate
 */
export function uniform(low: number, high: number): Dimension {
  checkRange('uniform', low, high, () => true, 'finite bounds');
  return scaled(low, high, linear, false);
}

/**
 * A number drawn uniformly on a log scale: r uniform in [log₁₀ low, log₁₀ high], x = 10^r. The
 * course's learning rate: 0.0001 … 1 gives each decade the same share of the trials.
 * @example
 * logUniform(1e-4, 1).sample(new Generator(0)); // a learning rate
 */
export function logUniform(low: number, high: number): Dimension {
  checkRange('logUniform', low, high, (x) => x > 0, 'positive bounds');
  return scaled(low, high, log10, false);
}

/**
 * A number near 1 drawn so that 1 − x is log-uniform: the course's β of an exponentially weighted
 * average, where 0.9 … 0.999 should cover averages over 10 … 1000 steps evenly.
 * @example
 * oneMinusLogUniform(0.9, 0.999).sample(new Generator(0)); // Adam's β1
 */
export function oneMinusLogUniform(low: number, high: number): Dimension {
  checkRange('oneMinusLogUniform', low, high, (x) => x < 1, 'bounds below 1');
  return scaled(low, high, oneMinusLog, false);
}

/**
 * An integer drawn uniformly from low … high inclusive, or on a log scale with `{ log: true }`
 * (hidden widths 32 … 1024).
 * @example
 * intUniform(1, 4).sample(new Generator(0)); // a number of layers
 */
export function intUniform(low: number, high: number, { log = false }: { log?: boolean } = {}): Dimension {
  checkRange('intUniform', low, high, (x) => Number.isSafeInteger(x) && (!log || x > 0), 'integer bounds');
  const scale = log ? log10 : linear;
  // Unrounded draws span [low − ½, high + ½] on a linear scale, so the end values are as likely as the others.
  const d = log ? scaled(low, high, log10, true) : scaled(low - 0.5 + 1e-9, high + 0.5 - 1e-9, linear, true);
  return {
    description: `${log ? 'intLogUniform' : 'intUniform'}(${low}, ${high})`,
    scale: scale.axis,
    sample: d.sample,
    grid: (n) => grid(low, high, n, scale),
    zoom: (values, margin) => {
      const [l, h] = zoomBounds(values, scale.to(low), scale.to(high), margin, scale);
      const newLow = Math.min(high, Math.max(low, Math.round(l)));
      return intUniform(newLow, Math.max(newLow, Math.min(high, Math.round(h))), { log });
    },
  };
}

function grid(low: number, high: number, points: number, scale: Scale): number[] {
  const [a, b] = [scale.to(low), scale.to(high)];
  const values = Array.from({ length: points }, (_, i) =>
    Math.round(scale.from(points === 1 ? (a + b) / 2 : a + ((b - a) * i) / (points - 1))),
  );
  return [...new Set(values)];
}

/**
 * One of a list of values, each equally likely: an optimizer's name, a batch size.
 * @example
 * choice([32, 64, 128, 256]).sample(new Generator(0));
 */
export function choice(values: readonly Value[]): Dimension {
  if (values.length === 0) throw new ValueError('choice: expected at least one value');
  return {
    description: `choice(${values.map((v) => JSON.stringify(v)).join(', ')})`,
    scale: 'categorical',
    sample: (g) => values[g.below(values.length)]!,
    grid: () => [...values],
    zoom: (kept) => choice(values.filter((v) => kept.includes(v))),
  };
}

/**
 * A dimension that exists only when `when(config)` holds for the names sampled before it:
 * momentum's β only for SGD with momentum.
 * @example
 * const space = { optimizer: choice(['sgd', 'adam']), beta: conditional((c) => c.optimizer === 'sgd', oneMinusLogUniform(0.8, 0.99)) };
 */
export function conditional(when: (config: Config) => boolean, dimension: Dimension): Dimension {
  return {
    ...dimension,
    description: `${dimension.description} when …`,
    when,
    zoom: (values, margin) =>
      values.length === 0 ? conditional(when, dimension) : conditional(when, dimension.zoom(values, margin)),
  };
}

/**
 * One config from a space, drawing each name in order.
 * @example
 * sampleConfig({ lr: logUniform(1e-4, 1e-1), batchSize: choice([32, 64]) }, new Generator(0));
 */
export function sampleConfig(space: Space, generator: Generator): Config {
  const config: Config = {};
  for (const [name, d] of Object.entries(space)) {
    if (!d.when || d.when(config)) config[name] = d.sample(generator);
  }
  return config;
}

/**
 * Every combination of `points` values per dimension (all values of a choice), conditionals left
 * out where their condition fails. The course's grid, for comparing with random search.
 * @example
 * gridConfigs({ lr: logUniform(1e-3, 1e-1), layers: intUniform(1, 2) }, 3); // 3 × 2 = 6 configs
 */
export function gridConfigs(space: Space, points: number): Config[] {
  if (!Number.isSafeInteger(points) || points < 1)
    throw new ValueError(`gridConfigs: points must be a positive integer, got ${points}`);
  let configs: Config[] = [{}];
  for (const [name, d] of Object.entries(space)) {
    const values = d.grid(points);
    configs = configs.flatMap((c) => (d.when && !d.when(c) ? [c] : values.map((v) => ({ ...c, [name]: v }))));
  }
  return configs;
}

/**
 * The space narrowed around `configs` (the best trials of a round): each dimension shrinks to
 * the range that holds their values, widened by `margin` of it. One round of coarse to fine.
 * @example
 * zoomSpace({ lr: logUniform(1e-5, 1) }, [{ lr: 1e-3 }, { lr: 1e-2 }], 0.25); // lr ∈ 10^[-3.25, -1.75]
 */
export function zoomSpace(space: Space, configs: readonly Config[], margin = 0.25): Space {
  if (configs.length === 0) throw new ValueError('zoomSpace: expected at least one config to zoom around');
  const zoomed: Space = {};
  for (const [name, d] of Object.entries(space)) {
    const values = configs.map((c) => c[name]).filter((v): v is Value => v !== undefined);
    zoomed[name] = values.length === 0 && !d.when ? d : d.zoom(values, margin);
  }
  return zoomed;
}
