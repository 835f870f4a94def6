import {
  cat,
  Generator,
  interpolate,
  type nn,
  noGrad,
  type Tensor,
  ValueError,
  valueAndGrad,
} from '../../index.js';
import { featureExtractor } from './feature-extractor.js';

/** What deepDream maximises of the layer's activation a: 'meanSquare' mean(a²), 'l2' ‖a‖₂. */
export type DreamObjective = 'meanSquare' | 'l2';

export interface DeepDreamOptions {
  /** The layer whose activations are amplified: a dotted module path (see {@link featureExtractor}). */
  layer: string;
  /** Amplify only this channel of the layer's output [1, C, …] (default: all channels). */
  channel?: number;
  /** default 'meanSquare' */
  objective?: DreamObjective;
  /** Gradient-ascent steps per octave (default 20). */
  steps?: number;
  /** Step size on the normalised gradient g / mean|g|, in pixel units (default 0.01). */
  lr?: number;
  /** Image scales, the smallest first, each octaveScale times the last (default 3). */
  octaves?: number;
  /** default 1.4 */
  octaveScale?: number;
  /** Each step rolls the image by up to this many pixels at random, then back (default 2). */
  jitter?: number;
  /** Pixels are clipped to this range after each step (default [0, 1]). */
  range?: readonly [number, number];
  seed?: number;
  /** Called after every step with the objective before that step. */
  onStep?: (progress: DreamProgress) => void;
}

export interface DreamProgress {
  octave: number;
  step: number;
  objective: number;
}

export interface DeepDreamResult {
  /** The dreamed image, the input's shape [1, C, H, W]. */
  image: Tensor;
  history: DreamProgress[];
}

/**
 * The [height, width] of each octave, the smallest first and the image's own size last:
 * octave i of n is the size divided by octaveScale^(n − 1 − i), rounded, at least 1.
 * @example
 * octaveShapes(28, 28, 3, 1.4); // => [[14, 14], [20, 20], [28, 28]]
 */
export function octaveShapes(
  height: number,
  width: number,
  octaves: number,
  octaveScale: number,
): number[][] {
  if (!Number.isSafeInteger(octaves) || octaves < 1)
    throw new ValueError(`deepDream: octaves must be a positive integer, got ${octaves}`);
  if (!(octaveScale >= 1))
    throw new ValueError(`deepDream: octaveScale must be a number ≥ 1, got ${octaveScale}`);
  return Array.from({ length: octaves }, (_, i) => {
    const f = octaveScale ** (octaves - 1 - i);
    return [Math.max(1, Math.round(height / f)), Math.max(1, Math.round(width / f))];
  });
}

/** x rolled by (dy, dx) pixels along its last two axes, wrapping around (as numpy.roll). */
function roll2d(x: Tensor, dy: number, dx: number): Tensor {
  const rollAxis = (t: Tensor, axis: number, shift: number): Tensor => {
    const n = t.shape[axis]!;
    const s = ((shift % n) + n) % n;
    return s === 0 ? t : cat([t.narrow(axis, n - s, s), t.narrow(axis, 0, n - s)], axis);
  };
  return rollAxis(rollAxis(x, 2, dy), 3, dx);
}

const resize = (x: Tensor, [h, w]: number[]): Tensor =>
  x.shape[2] === h && x.shape[3] === w ? x : interpolate(x, { size: [h!, w!], mode: 'bilinear' });

function checkOptions(image: Tensor, o: DeepDreamOptions): void {
  if (image?.ndim !== 4 || image.shape[0] !== 1)
    throw new ValueError(
      `deepDream: image must be one image [1, C, H, W], got [${image?.shape?.join(', ')}]`,
    );
  const { steps = 20, lr = 0.01, jitter = 2, objective = 'meanSquare' } = o;
  if (!Number.isSafeInteger(steps) || steps < 0)
    throw new ValueError(`deepDream: steps must be a non-negative integer, got ${steps}`);
  if (!(lr > 0)) throw new ValueError(`deepDream: lr must be a positive number, got ${lr}`);
  if (!Number.isSafeInteger(jitter) || jitter < 0)
    throw new ValueError(`deepDream: jitter must be a non-negative integer, got ${jitter}`);
  if (objective !== 'meanSquare' && objective !== 'l2')
    throw new ValueError(`deepDream: objective must be 'meanSquare' or 'l2', got '${objective}'`);
}

/**
 * DeepDream ("Inceptionism", Mordvintsev et al. 2015): gradient ascent on the pixels of an image
 * to amplify what a chosen layer of a trained network responds to. Each step maximises the
 * layer's mean(a²) (or ‖a‖₂), with the gradient divided by its mean absolute value, the image
 * randomly rolled (jitter) and clipped to `range`. It works over octaves: from the smallest scale
 * up, the detail dreamed so far is upsampled and added to the image resized to the next scale.
 * Only the model's layers up to the chosen one run, so a convolutional layer accepts any size.
 * The model is put in eval mode for the dream and back after it; its parameters are not changed.
 * @see https://research.google/blog/inceptionism-going-deeper-into-neural-networks/
 * @example
 * const model = new nn.Sequential(new nn.Conv2d(1, 4, 3), new nn.ReLU(), new nn.Conv2d(4, 4, 3));
 * const { image, history } = deepDream(model, rand([1, 1, 16, 16]), { layer: 'layers.1', steps: 3, octaves: 2 });
 * image.shape; // => [1, 1, 16, 16]
 */
export function deepDream(model: nn.Module, image: Tensor, options: DeepDreamOptions): DeepDreamResult {
  checkOptions(image, options);
  const { layer, channel, objective = 'meanSquare', steps = 20, lr = 0.01, jitter = 2 } = options;
  const [low, high] = options.range ?? [0, 1];
  const shapes = octaveShapes(
    image.shape[2]!,
    image.shape[3]!,
    options.octaves ?? 3,
    options.octaveScale ?? 1.4,
  );
  let extract: (x: Tensor) => Record<string, Tensor>;
  try {
    extract = featureExtractor(model, [layer]);
  } catch (error) {
    throw new ValueError(`deepDream: ${(error as Error).message.replace(/^featureExtractor: /, '')}`);
  }
  const score = (x: Tensor): Tensor => {
    let a = extract(x)[layer]!;
    if (channel !== undefined) {
      if (!Number.isSafeInteger(channel) || channel < 0 || channel >= a.shape[1]!)
        throw new ValueError(`deepDream: channel must be an integer in [0, ${a.shape[1]}), got ${channel}`);
      a = a.narrow(1, channel, 1);
    }
    return objective === 'l2' ? a.square().sum().sqrt() : a.square().mean();
  };
  const ascend = valueAndGrad(score);
  const generator = new Generator(options.seed ?? 0);
  const shift = () => Math.floor(generator.uniform() * (2 * jitter + 1)) - jitter;
  const history: DreamProgress[] = [];
  const wasTraining = model.training;
  model.eval();
  try {
    let detail: Tensor | null = null;
    let x = image;
    for (const [octave, shape] of shapes.entries()) {
      const base = noGrad(() => resize(image, shape));
      x = noGrad(() => (detail ? base.add(resize(detail, shape)) : base));
      for (let step = 1; step <= steps; step++) {
        const [dy, dx] = [shift(), shift()];
        const [value, [g]] = ascend(noGrad(() => roll2d(x, dy, dx)));
        x = noGrad(() => {
          const back = roll2d(g!, -dy, -dx);
          const scale = lr / (back.abs().mean().item() + 1e-8);
          return x.add(back.mul(scale)).clamp(low, high);
        });
        const progress = { octave, step, objective: value.item() };
        history.push(progress);
        options.onStep?.(progress);
      }
      detail = noGrad(() => x.sub(base));
    }
    return { image: x, history };
  } finally {
    model.train(wasTraining);
  }
}
