import { type Generator, ValueError } from '../../index.js';

/**
 * An affine warp about the image's centre, as torchvision's `affine` takes it: rotate by `angle`
 * degrees (counter-clockwise on screen), shear by `shear` = [x, y] degrees, scale by `scale`,
 * then move by `translate` = [x, y] pixels (right, down).
 */
export interface AffineParams {
  angle: number;
  translate: readonly [number, number];
  scale: number;
  shear: readonly [number, number];
}

/**
 * The identity warp: no turn, shift or shear, scale 1.
 * @example
 * affine(rand([1, 4, 4]), { ...IDENTITY_AFFINE, angle: 90 }).shape; // => [1, 4, 4]
 */
export const IDENTITY_AFFINE: AffineParams = { angle: 0, translate: [0, 0], scale: 1, shear: [0, 0] };

/** cos and sin of a whole number of degrees, exact at multiples of 90° (a 90° turn moves pixels exactly). */
function cosSin(degrees: number): [number, number] {
  if (Number.isInteger(degrees) && degrees % 90 === 0) {
    const quarter = (((degrees / 90) % 4) + 4) % 4;
    return (
      [
        [1, 0],
        [0, 1],
        [-1, 0],
        [0, -1],
      ] as [number, number][]
    )[quarter]!;
  }
  const r = (degrees * Math.PI) / 180;
  return [Math.cos(r), Math.sin(r)];
}

/**
 * The forward map of a warp in centred pixel coordinates (origin at the image's centre, y down):
 * p′ = A·p + t with A = scale · R(angle) · Sy · Sx, where R turns counter-clockwise on screen,
 * Sx = [[1, tan shearX], [0, 1]] and Sy = [[1, 0], [tan shearY, 1]]. Returns [a, b, tx, c, d, ty].
 * @example
 * affineMatrix({ angle: 90, translate: [0, 0], scale: 1, shear: [0, 0] }); // => [0, 1, 0, -1, 0, 0]
 */
export function affineMatrix(params: AffineParams): number[] {
  const [cos, sin] = cosSin(params.angle);
  const [shx, shy] = params.shear.map((s) => Math.tan((s * Math.PI) / 180)) as [number, number];
  // R·Sy·Sx with R = [[cos, sin], [−sin, cos]] (y down, so this turns counter-clockwise on screen).
  const r = [cos, sin, -sin, cos];
  const sy = [r[0]! + r[1]! * shy, r[1]!, r[2]! + r[3]! * shy, r[3]!];
  const m = [sy[0]!, sy[0]! * shx + sy[1]!, sy[2]!, sy[2]! * shx + sy[3]!].map((v) => v * params.scale + 0);
  return [m[0]!, m[1]!, params.translate[0], m[2]!, m[3]!, params.translate[1]];
}

/** A range given as one number d ≥ 0 for [−d, d], or as [low, high]. */
function range(value: number | readonly number[], name: string): [number, number] {
  const [lo, hi] = typeof value === 'number' ? [-value, value] : value;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo! <= hi!) || (typeof value === 'number' && value < 0))
    throw new ValueError(
      `randomAffine: ${name} must be a non-negative number or [low, high], got ${JSON.stringify(value)}`,
    );
  return [lo!, hi!];
}

export interface RandomAffineRanges {
  /** Rotation in degrees: d for [−d, d], or [low, high] (required, as torchvision; 0 for none). */
  degrees: number | readonly [number, number];
  /** Largest shift as fractions [a, b] of the width and height: |tx| ≤ a·W, |ty| ≤ b·H (default none). */
  translate?: readonly [number, number];
  /** Scale range [low, high] (default 1). */
  scale?: readonly [number, number];
  /** Shear in degrees: s for x in [−s, s]; [a, b] for x; [a, b, c, d] for x in [a, b] and y in [c, d] (default none). */
  shear?: number | readonly number[];
}

/**
 * Checks the ranges once and returns a sampler of warps for an image of height h and width w,
 * drawing, in torchvision's order, the angle, the shift (rounded to whole pixels), the scale
 * and the shears, each uniform in its range.
 * @example
 * const sample = affineSampler({ degrees: 10, translate: [0.1, 0.1] });
 * sample(32, 32, new Generator(0)).angle <= 10; // => true
 */
export function affineSampler(
  ranges: RandomAffineRanges,
): (h: number, w: number, g: Generator) => AffineParams {
  const degrees = range(ranges.degrees, 'degrees');
  const translate = ranges.translate;
  if (translate && !(translate.length === 2 && translate.every((t) => t >= 0 && t <= 1)))
    throw new ValueError(
      `randomAffine: translate must be [a, b] with 0 ≤ a, b ≤ 1, got ${JSON.stringify(translate)}`,
    );
  const scale = ranges.scale ?? [1, 1];
  if (!(scale.length === 2 && scale[0]! > 0 && scale[0]! <= scale[1]!))
    throw new ValueError(
      `randomAffine: scale must be [low, high] with 0 < low ≤ high, got ${JSON.stringify(scale)}`,
    );
  const shear = ranges.shear ?? 0;
  if (typeof shear !== 'number' && ![2, 4].includes(shear.length))
    throw new ValueError(
      `randomAffine: shear must be a number, [a, b] or [a, b, c, d], got ${JSON.stringify(shear)}`,
    );
  const shearX = range(typeof shear === 'number' ? shear : shear.slice(0, 2), 'shear');
  const shearY = typeof shear !== 'number' && shear.length === 4 ? range(shear.slice(2), 'shear') : undefined;
  return (h, w, g) => {
    const between = ([lo, hi]: readonly number[]) => lo! + (hi! - lo!) * g.uniform();
    const angle = between(degrees);
    const shift: [number, number] = translate
      ? [
          Math.round(between([-translate[0] * w, translate[0] * w])),
          Math.round(between([-translate[1] * h, translate[1] * h])),
        ]
      : [0, 0];
    const s = between(scale);
    const sx = between(shearX);
    const sy = shearY ? between(shearY) : 0;
    return { angle, translate: shift, scale: s, shear: [sx, sy] };
  };
}
