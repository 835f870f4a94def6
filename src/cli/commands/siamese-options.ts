/**
 * The options of `nabla train siamese`: its usage text, the digits seen and unseen, the
 * symmetries and warps of training, and the parse of the command line into {@link SiameseOptions}.
 */
import type { MiningStrategy, SquareSymmetry } from '../../vision/index.js';
import { numberOption, outputOption, parseCommand, seedOption, UsageError } from '../args.js';

export const trainSiameseUsage = `nabla train siamese [--steps 3000] [--loss cosface|triplet|arcface] [--identities halves|symmetries|digits] [--stripes 3]
                [--per-batch P] [--per-identity K] [--digit-share 0.67] [--width 1] [--dim 64] [--lr 0.001]
                [--margin M] [--scale 16] [--mining semi-hard|hard|all] [--stroke-width 0.25]
                [--pairs 2000] [--limit N] [--no-augment] [--tta] [--seed 0] [--out siamese-mnist.safetensors]
      --loss: softmax over the training identities on cosines with CosFace's margin (default 0.35) or
        ArcFace's angular one (default 0.3 rad), logits ×scale; or the triplet loss (margin 0.2, mined in the batch)
      --identities: halves: each digit 0–6, and the top half of one over the bottom half of another (or
        left beside right), under six symmetries of the square (546 identities); symmetries: the digits
        under the symmetries (42); digits: each digit (7)
      --stripes: S > 0: part codes, one for each of S horizontal and S vertical (overlapping) stripes of the
        encoder's 7×7 feature map and one for the whole map, each trained with its own softmax head and
        verified side by side; 0: one code of the whole map
      --per-batch, --per-identity: P identities × K images per batch (halves, symmetries: 24 × 4; digits: 7 × 12)
      --digit-share: the share of each batch's P identities drawn among the whole digits (halves only)
      --width: the encoder's channels ×width; --dim: the code's size
      --no-augment: no random affine warps of the training images (±15°, shift ±10%, scale 0.9–1.1, shear ±10°)
        nor stroke widths
      --stroke-width: the probability a training image's strokes are thickened, and that they are thinned
      --tta: test-time augmentation, each code is the mean of the codes of the image and its four 1-pixel shifts`;

/** Digits 0–6 are the identities seen in training; 7–9 are never seen until the test. */
export const SEEN = [0, 1, 2, 3, 4, 5, 6];
export const UNSEEN = [7, 8, 9];
/**
 * The symmetries of --identities halves and symmetries. flipY and rotate180 are left out: they turn a 6
 * into a 9, an identity the test must not have seen.
 */
export const SYMMETRIES: readonly SquareSymmetry[] = [
  'identity',
  'rotate90',
  'rotate270',
  'flipX',
  'transpose',
  'antiTranspose',
];
/** The training warps (unless --no-augment): small enough that a digit stays the same digit. */
export const AUGMENT = {
  degrees: 15,
  translate: [0.1, 0.1] as const,
  scale: [0.9, 1.1] as const,
  shear: 10,
  mode: 'bilinear' as const,
};
/** Training-split digits 0–6 held out to choose the distance threshold on (never trained on). */
export const DEV_SIZE = 5000;

export type SiameseLoss = 'triplet' | 'cosface' | 'arcface';
/** --margin's default for each loss: a distance, a cosine, an angle in radians. */
const MARGIN: Record<SiameseLoss, number> = { triplet: 0.2, cosface: 0.35, arcface: 0.3 };

export interface SiameseOptions {
  steps: number;
  loss: SiameseLoss;
  /** The logits' scale s of cosface and arcface. */
  scale: number;
  identities: 'halves' | 'symmetries' | 'digits';
  /** Part codes of this many horizontal and vertical stripes of the feature map and the whole; 0: one code. */
  stripes: number;
  perBatch: number;
  perIdentity: number;
  /** The share of each batch's identities drawn among the whole digits. */
  digitShare: number;
  width: number;
  dim: number;
  lr: number;
  margin: number;
  mining: MiningStrategy;
  pairs: number;
  /** At most this many images per set (training, dev, seen test, unseen test): for quick runs. */
  limit?: number;
  /** Random affine warps and stroke widths of the training images. */
  augment: boolean;
  /** The probability of a thicker, and that of a thinner, stroke (with augment). */
  strokeWidth: number;
  /** Test-time augmentation: each code averages those of the image and its four 1-pixel shifts. */
  tta: boolean;
  seed: number;
  out: string;
}

function choice<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T {
  const v = (value ?? allowed[0]) as T;
  if (!allowed.includes(v))
    throw new UsageError(`nabla train: --${name} must be ${allowed.join(' or ')}, got '${value}'`);
  return v;
}

/** A number option in [0, most]. */
function fraction(name: string, value: string | undefined, fallback: number, most = 1): number {
  const x = numberOption('train', name, value, fallback);
  if (!(x >= 0 && x <= most))
    throw new UsageError(`nabla train: --${name} must be in [0, ${most}], got ${x}`);
  return x;
}

/** --stripes: 0 (one code) to 7 (the feature map's rows), default 3. */
function stripesOption(value: string | undefined): number {
  const stripes = value === undefined ? 3 : Number(value);
  if (!Number.isInteger(stripes) || stripes < 0 || stripes > 7)
    throw new UsageError(`nabla train: --stripes must be 0 to 7 (the feature map is 7×7), got '${value}'`);
  return stripes;
}

export function parseOptions(args: string[]): SiameseOptions {
  const names = [
    'steps',
    'loss',
    'scale',
    'identities',
    'per-batch',
    'per-identity',
    'width',
    'dim',
    'lr',
    'margin',
    'stripes',
  ];
  const more = ['mining', 'pairs', 'limit', 'seed', 'out', 'digit-share', 'stroke-width'];
  const { values, flags } = parseCommand('train', args, [...names, ...more], {
    flags: ['no-augment', 'tta'],
  });
  const integer = { integer: true };
  const int = (name: string, fallback: number) =>
    numberOption('train', name, values[name], fallback, integer);
  const identities = choice('identities', values.identities, ['halves', 'symmetries', 'digits'] as const);
  const symmetries = identities !== 'digits';
  const perIdentity = int('per-identity', symmetries ? 4 : 12);
  if (perIdentity < 2)
    throw new UsageError(
      `nabla train: --per-identity must be at least 2 (a positive per anchor), got ${perIdentity}`,
    );
  const perBatch = int('per-batch', symmetries ? 24 : SEEN.length);
  // Halves: each digit and each ordered pair of two digits in two ways (7 + 2·7·6 = 91), per symmetry.
  const recipes = identities === 'halves' ? SEEN.length * (2 * SEEN.length - 1) : SEEN.length;
  const most = recipes * (symmetries ? SYMMETRIES.length : 1);
  if (perBatch < 2 || perBatch > most)
    throw new UsageError(`nabla train: --per-batch must be 2 to ${most} identities, got ${perBatch}`);
  const loss = choice('loss', values.loss, ['cosface', 'triplet', 'arcface'] as const);
  return {
    steps: int('steps', 3000),
    loss,
    scale: numberOption('train', 'scale', values.scale, 16),
    identities,
    stripes: stripesOption(values.stripes),
    perBatch,
    perIdentity,
    digitShare: fraction('digit-share', values['digit-share'], identities === 'halves' ? 0.67 : 0),
    width: int('width', 1),
    dim: int('dim', 64),
    lr: numberOption('train', 'lr', values.lr, 1e-3),
    margin: numberOption('train', 'margin', values.margin, MARGIN[loss]),
    mining: choice('mining', values.mining, ['semi-hard', 'hard', 'all'] as const),
    pairs: int('pairs', 2000),
    limit: values.limit === undefined ? undefined : int('limit', 0),
    augment: !flags.has('no-augment'),
    strokeWidth: fraction('stroke-width', values['stroke-width'], 0.25, 0.5),
    tta: flags.has('tta'),
    seed: seedOption('train', values.seed),
    out: outputOption('train', 'out', values.out, 'siamese-mnist.safetensors'),
  };
}
