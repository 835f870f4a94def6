import { add, Generator, mul, nn, noGrad, optim, type Tensor, tensor, ValueError } from '../../index.js';
import { contentCost } from './content-cost.js';
import type { FeatureExtractor } from './feature-extractor.js';
import { styleCost } from './style-cost.js';
import { totalVariation } from './total-variation.js';

export interface StyleTransferOptions {
  /** Activations of named layers (see {@link featureExtractor}); it must return contentLayer and every style layer. */
  extractor: FeatureExtractor;
  contentLayer: string;
  /** The style layers, equally weighted, or as [name, λ] pairs. */
  styleLayers: readonly string[] | readonly (readonly [string, number])[];
  /** Weight of the content cost (default 10, the course's α). */
  alpha?: number;
  /** Weight of the style cost (default 40, the course's β). */
  beta?: number;
  /** Weight of the total variation of the image (default 0). */
  tvWeight?: number;
  /** Optimization steps (default 200). */
  steps?: number;
  /**
   * 'adam' (default), or 'lbfgs': then every step is one L-BFGS iteration with a strong-Wolfe line
   * search, its curvature memory kept across steps (Gatys et al. optimized with L-BFGS).
   */
  optimizer?: StyleTransferOptimizer;
  /** Adam's learning rate on [0, 1] pixels (default 0.01); L-BFGS's step length before its line search (default 1). */
  lr?: number;
  /** The start is the content image plus uniform noise in [−noise, noise], clipped (default 0.25). */
  noise?: number;
  seed?: number;
  /** Called after every step with the costs of that step. */
  onStep?: (costs: StyleTransferCosts) => void;
}

export type StyleTransferOptimizer = 'adam' | 'lbfgs';

export interface StyleTransferCosts {
  step: number;
  content: number;
  style: number;
  total: number;
}

export interface StyleTransferResult {
  /** The generated image [1, C, H, W], pixels in [0, 1]. */
  image: Tensor;
  history: StyleTransferCosts[];
}

function checkImages(content: Tensor, style: Tensor): void {
  for (const [name, x] of [
    ['content', content],
    ['style', style],
  ] as const) {
    if (x.ndim !== 4 || x.shape[0] !== 1)
      throw new ValueError(
        `styleTransfer: ${name} must be one image [1, C, H, W], got [${x.shape.join(', ')}]`,
      );
  }
  if (content.shape[1] !== style.shape[1])
    throw new ValueError(`styleTransfer: content has ${content.shape[1]} channels, style ${style.shape[1]}`);
}

/**
 * Neural style transfer (Gatys et al.) as the course builds it: the pixels of a generated image G
 * are optimized with Adam or L-BFGS to minimise α·J_content(C, G) + β·J_style(S, G) (+ tvWeight·TV(G)),
 * the costs read from the extractor's activations; G starts from the content image plus noise
 * and stays clipped to [0, 1]. Images are [1, C, H, W] in [0, 1] (style may differ in size).
 * @see https://arxiv.org/abs/1508.06576
 * @example
 * const model = new nn.Sequential(new nn.Conv2d(3, 4, 3), new nn.ReLU(), new nn.Conv2d(4, 4, 3));
 * const extractor = featureExtractor(model, ['layers.1', 'layers.2']);
 * const content = rand([1, 3, 8, 8]);
 * const style = rand([1, 3, 8, 8]);
 * const { image } = styleTransfer(content, style, { extractor, contentLayer: 'layers.2', styleLayers: ['layers.1'], steps: 2 });
 */
export function styleTransfer(
  content: Tensor,
  style: Tensor,
  options: StyleTransferOptions,
): StyleTransferResult {
  const {
    extractor,
    contentLayer,
    alpha = 10,
    beta = 40,
    tvWeight = 0,
    steps = 200,
    optimizer = 'adam',
    noise = 0.25,
    seed = 0,
  } = options;
  checkImages(content, style);
  if (optimizer !== 'adam' && optimizer !== 'lbfgs')
    throw new ValueError(`styleTransfer: optimizer must be 'adam' or 'lbfgs', got '${String(optimizer)}'`);
  const lr = options.lr ?? (optimizer === 'adam' ? 0.01 : 1);
  if (!Number.isSafeInteger(steps) || steps < 0)
    throw new ValueError(`styleTransfer: steps must be a non-negative integer, got ${steps}`);
  const layers = options.styleLayers.map((l) =>
    typeof l === 'string' ? ([l, 1 / options.styleLayers.length] as const) : l,
  );
  const names = layers.map(([name]) => name);
  // The targets are constants: the content's activation and the style's, computed once.
  const aC = noGrad(() => extractor(content)[contentLayer]);
  const aS = noGrad(() => extractor(style));
  if (!aC || names.some((n) => !aS[n]))
    throw new ValueError(
      `styleTransfer: the extractor must return '${contentLayer}' and ${names.map((n) => `'${n}'`).join(', ')}`,
    );
  const generator = new Generator(seed);
  const start = Float32Array.from(content.data(), (v) =>
    Math.min(1, Math.max(0, v + noise * (2 * generator.uniform() - 1))),
  );
  const image = nn.Parameter.from(tensor(start, { shape: [...content.shape] }));
  const opt =
    optimizer === 'adam'
      ? new optim.Adam([image], { lr })
      : new optim.LBFGS([image], { lr, maxIter: 1, lineSearchFn: 'strongWolfe' });
  const history: StyleTransferCosts[] = [];
  // The closure also runs inside L-BFGS's line search; the costs kept are those of its first call
  // in a step, at the image the step starts from (what Adam's single call sees).
  let first: Omit<StyleTransferCosts, 'step'> | undefined;
  const closure = (): Tensor => {
    opt.zeroGrad();
    const features = extractor(image);
    const jContent = contentCost(aC, features[contentLayer]!);
    const jStyle = styleCost(
      names.map((n) => aS[n]!),
      names.map((n) => features[n]!),
      layers.map(([, w]) => w),
    );
    let total = add(mul(jContent, alpha), mul(jStyle, beta));
    if (tvWeight > 0) total = add(total, mul(totalVariation(image), tvWeight));
    total.backward();
    first ??= { content: jContent.item(), style: jStyle.item(), total: total.item() };
    return total;
  };
  for (let step = 1; step <= steps; step++) {
    first = undefined;
    if (opt instanceof optim.LBFGS) opt.step(closure);
    else {
      closure();
      opt.step();
    }
    // Pixels stay in [0, 1]; L-BFGS then reads its next gradient at the clipped image.
    const pixels = image.data();
    for (let i = 0; i < pixels.length; i++) pixels[i] = Math.min(1, Math.max(0, pixels[i]!));
    const costs = { step, ...first! };
    history.push(costs);
    options.onStep?.(costs);
  }
  return { image: noGrad(() => image.mul(1)), history };
}
