import { cat, div, nn, norm, ShapeError, type Tensor, ValueError } from '../../index.js';

/** A window of a square feature map: rows [rows[0], rows[1]) and columns [cols[0], cols[1]). */
export interface FeatureRegion {
  rows: readonly [number, number];
  cols: readonly [number, number];
}

/**
 * The regions of a size×size feature map that {@link PartEncoder} codes: `stripes` horizontal
 * bands from top to bottom, `stripes` vertical bands from left to right (each ⌈size/stripes⌉
 * rows or columns, spread evenly, so neighbours may overlap), and the whole map.
 * @example
 * stripeRegions(7, 3).length; // => 7
 * stripeRegions(7, 3)[1]; // => { rows: [2, 5], cols: [0, 7] }
 * stripeRegions(7, 3)[5]; // => { rows: [0, 7], cols: [4, 7] }
 */
export function stripeRegions(size: number, stripes: number): FeatureRegion[] {
  if (!Number.isSafeInteger(size) || size < 1)
    throw new ValueError(`stripeRegions: size must be a positive integer, got ${size}`);
  if (!Number.isSafeInteger(stripes) || stripes < 1 || stripes > size)
    throw new ValueError(
      `stripeRegions: stripes must be an integer from 1 to size (${size}), got ${stripes}`,
    );
  const length = Math.ceil(size / stripes);
  const bands = Array.from({ length: stripes }, (_, k) => {
    const start = stripes === 1 ? 0 : Math.round((k * (size - length)) / (stripes - 1));
    return [start, start + length] as const;
  });
  const all = [0, size] as const;
  return [
    ...bands.map((rows) => ({ rows, cols: all })),
    ...bands.map((cols) => ({ rows: all, cols })),
    { rows: all, cols: all },
  ];
}

/** Rows scaled to unit length (a zero row stays near zero). */
function unit(y: Tensor): Tensor {
  return div(y, norm(y, 2, -1, true).add(1e-12));
}

/**
 * A part-based encoder, after PCB (Sun et al. 2018, person re-identification): a shared
 * convolutional trunk maps images to a feature map [batch, channels, size, size]; each region of
 * that map has its own head (flatten → linear → ReLU → linear) giving a `dim`-d unit code. Train
 * each part's code with its own identity loss ({@link PartEncoder.parts}), so that every part on
 * its own tells the identities apart; verify with {@link PartEncoder.forward}, the parts' codes
 * side by side scaled by 1/√parts (a unit vector whose squared distance is the mean of the
 * parts' squared distances).
 * @see https://arxiv.org/abs/1711.09349
 * @example
 * const encoder = new PartEncoder(new nn.Identity(), 2, 4, stripeRegions(4, 2), { hidden: 8, dim: 3 });
 * encoder.parts(randn([5, 2, 4, 4])).length; // => 5
 * encoder.forward(randn([5, 2, 4, 4])).shape; // => [5, 15]
 */
export class PartEncoder extends nn.Module {
  readonly heads: nn.Sequential[];

  constructor(
    readonly trunk: nn.Module,
    readonly channels: number,
    readonly size: number,
    readonly regions: readonly FeatureRegion[],
    { hidden, dim }: { hidden: number; dim: number },
  ) {
    super();
    for (const [name, v] of Object.entries({ channels, size, hidden, dim }))
      if (!Number.isSafeInteger(v) || v < 1)
        throw new ValueError(`PartEncoder: ${name} must be a positive integer, got ${v}`);
    if (regions.length === 0) throw new ValueError('PartEncoder: regions must not be empty');
    for (const { rows, cols } of regions)
      if (
        !(
          rows[0] >= 0 &&
          rows[0] < rows[1] &&
          rows[1] <= size &&
          cols[0] >= 0 &&
          cols[0] < cols[1] &&
          cols[1] <= size
        )
      )
        throw new ValueError(
          `PartEncoder: each region must lie in the ${size}×${size} feature map and be non-empty, got rows [${rows.join(', ')}) cols [${cols.join(', ')})`,
        );
    this.heads = regions.map(({ rows, cols }) => {
      const inputs = channels * (rows[1] - rows[0]) * (cols[1] - cols[0]);
      return new nn.Sequential(
        new nn.Flatten(),
        new nn.Linear(inputs, hidden),
        new nn.ReLU(),
        new nn.Linear(hidden, dim),
      );
    });
  }

  /** Each region's unit code [batch, dim], in the order of `regions`. */
  parts(x: Tensor): Tensor[] {
    const features = this.trunk.forward(x);
    const want = [this.channels, this.size, this.size];
    if (features.ndim !== 4 || features.shape.slice(1).join() !== want.join())
      throw new ShapeError(
        `PartEncoder: the trunk must give [batch, ${want.join(', ')}], got [${features.shape.join(', ')}]`,
      );
    return this.regions.map(({ rows, cols }, k) => {
      const window = features.narrow(2, rows[0], rows[1] - rows[0]).narrow(3, cols[0], cols[1] - cols[0]);
      return unit(this.heads[k]!.forward(window));
    });
  }

  /** The verification code [batch, parts·dim]: the parts' codes side by side, scaled to unit length. */
  forward(x: Tensor): Tensor {
    const codes = this.parts(x);
    return div(cat(codes, 1), Math.sqrt(codes.length));
  }
}
