import { defaultGenerator, type Generator, type Tensor, tensor, ValueError } from '../../index.js';
import { checkProbability, perImage, type Transform } from './per-image.js';
import type { RandomOptions } from './random-flip.js';

export interface RandomErasingOptions extends RandomOptions {
  /** The probability an image gets a rectangle erased (default 0.5). */
  p?: number;
  /** The range of the rectangle's area as a fraction of the image's (default [0.02, 0.33]). */
  scale?: readonly [number, number];
  /** The range of its height/width aspect ratio, drawn log-uniformly (default [0.3, 3.3]). */
  ratio?: readonly [number, number];
  /** What fills it: a number, one number per channel, or 'random' for standard normal noise (default 0). */
  value?: number | readonly number[] | 'random';
}

interface Rectangle {
  top: number;
  left: number;
  height: number;
  width: number;
}

/** torchvision's draw: up to ten tries at an area and ratio that fit strictly inside; none if all fail. */
function drawRectangle(
  h: number,
  w: number,
  o: Required<Omit<RandomErasingOptions, 'generator' | 'p' | 'value'>>,
  g: Generator,
): Rectangle | undefined {
  const [logLo, logHi] = [Math.log(o.ratio[0]), Math.log(o.ratio[1])];
  for (let attempt = 0; attempt < 10; attempt++) {
    const area = h * w * (o.scale[0] + (o.scale[1] - o.scale[0]) * g.uniform());
    const aspect = Math.exp(logLo + (logHi - logLo) * g.uniform());
    const height = Math.round(Math.sqrt(area * aspect));
    const width = Math.round(Math.sqrt(area / aspect));
    if (!(height < h && width < w)) continue;
    return { top: g.below(h - height + 1), left: g.below(w - width + 1), height, width };
  }
  return undefined;
}

function checkOptions(options: RandomErasingOptions): void {
  checkProbability(options.p ?? 0.5, 'randomErasing');
  const { scale = [0.02, 0.33], ratio = [0.3, 3.3], value = 0 } = options;
  if (!(scale.length === 2 && scale[0] >= 0 && scale[0] <= scale[1] && scale[1] <= 1))
    throw new ValueError(
      `randomErasing: scale must be [low, high] with 0 ≤ low ≤ high ≤ 1, got ${JSON.stringify(scale)}`,
    );
  if (!(ratio.length === 2 && ratio[0] > 0 && ratio[0] <= ratio[1]))
    throw new ValueError(
      `randomErasing: ratio must be [low, high] with 0 < low ≤ high, got ${JSON.stringify(ratio)}`,
    );
  if (
    !(
      value === 'random' ||
      typeof value === 'number' ||
      (Array.isArray(value) && value.every(Number.isFinite))
    )
  )
    throw new ValueError(
      `randomErasing: value must be a number, one per channel, or 'random', got ${JSON.stringify(value)}`,
    );
}

/**
 * With probability p, overwrites a random rectangle of each image [C, H, W] (or of each of a
 * batch) with `value`, as torchvision's `RandomErasing`: the rectangle covers a fraction `scale`
 * of the image with a height/width ratio in `ratio` (log-uniform), drawn up to ten times until it
 * fits; if none fits the image is left as it is. Erasing makes the network use the whole object
 * rather than one telling part. Boxes and masks do not move, so they need no change.
 * @see https://arxiv.org/abs/1708.04896
 * @example
 * const augment = randomErasing({ p: 1, value: 0.5, generator: new Generator(0) });
 * augment(ones([3, 16, 16])).shape; // => [3, 16, 16]
 */
export function randomErasing(options: RandomErasingOptions = {}): Transform {
  checkOptions(options);
  const { p = 0.5, scale = [0.02, 0.33], ratio = [0.3, 3.3], value = 0 } = options;
  const generator = options.generator ?? defaultGenerator;
  return (x: Tensor) =>
    perImage(x, 'randomErasing', (image) => {
      if (!(generator.uniform() < p)) return image;
      const [c, h, w] = image.shape as [number, number, number];
      if (Array.isArray(value) && value.length !== c)
        throw new ValueError(`randomErasing: value has ${value.length} numbers for ${c} channels`);
      const box = drawRectangle(h, w, { scale, ratio }, generator);
      if (!box) return image;
      const pixels = Float64Array.from(image.data());
      for (let k = 0; k < c; k++)
        for (let y = box.top; y < box.top + box.height; y++)
          for (let x = box.left; x < box.left + box.width; x++)
            pixels[(k * h + y) * w + x] =
              value === 'random' ? generator.normal() : typeof value === 'number' ? value : value[k]!;
      return tensor(pixels, { shape: [c, h, w], dtype: image.dtype });
    });
}
