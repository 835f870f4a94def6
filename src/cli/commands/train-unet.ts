import {
  argmax,
  cat,
  crossEntropy,
  diceLoss,
  getBackend,
  getNumThreads,
  loadMnistRaw,
  manualSeed,
  meanIou,
  modelToRaw,
  type nn,
  noGrad,
  optim,
  ProgressBar,
  pixelAccuracy,
  saveSafetensors,
  type Tensor,
} from '../../index.js';
import { unet } from '../../models/index.js';
import {
  colorMask,
  type DigitSegmentationScenes,
  type DigitSource,
  digitSegmentationScenes,
  saveGrid,
} from '../../vision/index.js';
import { numberOption, outputOption, parseCommand, seedOption, UsageError } from '../args.js';

export const trainUnetUsage = `nabla train unet [--steps 4000] [--batch-size 8] [--lr 0.002] [--train-size 64] [--size 96] [--width 16]
                [--depth 4] [--dice-weight 1] [--test-scenes 300] [--seed 0] [--png unet-masks.png]
                [--out unet-scenes.safetensors]
      trains on train-size² canvases of 2–4 digits, evaluates on size² scenes of 1–5 digits (the detector's),
      digits 20–48 px in both`;

/** Background and the ten digits. */
const CLASSES = 11;
/** The digits' longer side in pixels, 20 to 48 as in the detection scenes, capped by the canvas. */
const scales = (size: number) => ({ minScale: Math.min(20, size), maxScale: Math.min(48, size) });

/**
 * The training scenes: 2–4 digits at the held-out scenes' scales on a smaller canvas (fewer
 * when a digit finds no free place). A U-Net is fully convolutional, so it trains on small
 * canvases (cheaper per step, whole digits) and segments the larger held-out scenes in one pass.
 * A 64×64 canvas with 1–3 digits, as much digit per pixel as the held-out scenes, reached mIoU
 * 0.67 in 2,400 steps: what limits it is how many digits it sees, so the canvases are crowded.
 */
const trainSceneOptions = (size: number, seed: number) => ({
  size,
  minDigits: 1,
  maxDigits: 3,
  ...scales(size),
  seed,
});

/**
 * Held-out scenes of test digits as the detector's (`digitScenes`' defaults at 96×96: 1–5 digits
 * of 20–48 px) with their per-pixel classes.
 * @example
 * const source = { images: new Uint8Array(784).fill(255), labels: Uint8Array.of(3), count: 1 };
 * heldOutScenes(source, 2, 32, 5).masks.shape; // => [2, 32, 32]
 */
export function heldOutScenes(
  source: DigitSource,
  count: number,
  size: number,
  seed: number,
): DigitSegmentationScenes {
  return digitSegmentationScenes(source, count, { size, minDigits: 1, maxDigits: 5, ...scales(size), seed });
}

interface UnetOptions {
  steps: number;
  batchSize: number;
  lr: number;
  trainSize: number;
  size: number;
  width: number;
  depth: number;
  diceWeight: number;
  testScenes: number;
  seed: number;
  png: string;
  out: string;
}

/** `--dice-weight`: any finite number ≥ 0 (0 trains on cross-entropy alone). */
function diceWeightOption(value: string | undefined): number {
  const weight = value === undefined ? 1 : Number(value);
  if (!(Number.isFinite(weight) && weight >= 0))
    throw new UsageError(`nabla train unet: --dice-weight must be a number ≥ 0, got '${value}'`);
  return weight;
}

function parseOptions(args: string[]): UnetOptions {
  const names = [
    'steps',
    'batch-size',
    'lr',
    'train-size',
    'size',
    'width',
    'depth',
    'dice-weight',
    'test-scenes',
    'seed',
    'png',
    'out',
  ];
  const { values } = parseCommand('train', args, names);
  const integer = { integer: true };
  const options = {
    steps: numberOption('train', 'steps', values.steps, 4000, integer),
    batchSize: numberOption('train', 'batch-size', values['batch-size'], 8, integer),
    lr: numberOption('train', 'lr', values.lr, 2e-3),
    trainSize: numberOption('train', 'train-size', values['train-size'], 64, integer),
    size: numberOption('train', 'size', values.size, 96, integer),
    width: numberOption('train', 'width', values.width, 16, integer),
    depth: numberOption('train', 'depth', values.depth, 4, integer),
    diceWeight: diceWeightOption(values['dice-weight']),
    testScenes: numberOption('train', 'test-scenes', values['test-scenes'], 300, integer),
    seed: seedOption('train', values.seed),
    png: outputOption('train', 'png', values.png, 'unet-masks.png'),
    out: outputOption('train', 'out', values.out, 'unet-scenes.safetensors'),
  };
  for (const [name, size] of [
    ['train-size', options.trainSize],
    ['size', options.size],
  ] as const)
    if (size % 2 ** options.depth !== 0 || size < 2 ** options.depth)
      throw new UsageError(
        `nabla train unet: --${name} (${size}) must be a multiple of 2^depth (${2 ** options.depth})`,
      );
  return options;
}

const count = (n: number): string => n.toLocaleString('en-US');
const scaleText = (size: number): string => `${scales(size).minScale}–${scales(size).maxScale} px`;

/** Cross-entropy per pixel plus `diceWeight` times the soft Dice loss, on fresh training scenes every step. */
function trainUnet(model: nn.Module, source: DigitSource, options: UnetOptions): number {
  const optimizer = new optim.Adam(model.parameters(), { lr: options.lr });
  const scheduler = new optim.CosineAnnealingLR(optimizer, options.steps);
  const bar = new ProgressBar({ total: options.steps });
  model.train();
  let smoothed = Number.NaN;
  for (let step = 0; step < options.steps; step++) {
    const { images, masks } = digitSegmentationScenes(
      source,
      options.batchSize,
      trainSceneOptions(options.trainSize, options.seed * 1_000_003 + step + 1),
    );
    optimizer.zeroGrad();
    const logits = model.forward(images);
    let loss = crossEntropy(logits, masks);
    if (options.diceWeight > 0) loss = loss.add(diceLoss(logits, masks).mul(options.diceWeight));
    loss.backward();
    optimizer.step();
    scheduler.step();
    smoothed = Number.isNaN(smoothed) ? loss.item() : 0.98 * smoothed + 0.02 * loss.item();
    bar.update(step + 1, { loss: smoothed });
  }
  bar.done({ loss: smoothed });
  return smoothed;
}

/** The predicted class of every pixel of `images`, 50 scenes at a time, as int32 `[N, H, W]`. */
function segment(model: nn.Module, images: Tensor): Tensor {
  model.eval();
  const parts: Tensor[] = [];
  for (let at = 0; at < images.shape[0]!; at += 50) {
    const batch = images.narrow(0, at, Math.min(50, images.shape[0]! - at));
    parts.push(noGrad(() => argmax(model.forward(batch), 1)));
  }
  return cat(parts, 0);
}

/** The first scenes side by side with their true and predicted masks: input | truth | prediction. */
function saveMasks(path: string, images: Tensor, truth: Tensor, predicted: Tensor): number {
  const shown = Math.min(8, images.shape[0]!);
  const rgb = images.narrow(0, 0, shown).expand([shown, 3, images.shape[2]!, images.shape[3]!]);
  const rows = [rgb, colorMask(truth.narrow(0, 0, shown)), colorMask(predicted.narrow(0, 0, shown))];
  // Interleave: scene 0's three tiles, then scene 1's, ... with three tiles per grid row.
  const tiles = cat(
    rows.map((r) => r.unsqueeze(1)),
    1,
  ).reshape([3 * shown, 3, images.shape[2]!, images.shape[3]!]);
  saveGrid(path, tiles, { nrow: 3 });
  return shown;
}

/**
 * U-Net semantic segmentation on MNIST digit scenes: per-pixel labels of 11 classes (background
 * and the ten digits, a digit's pixels being its ink above 0.5), a U-Net trained from scratch on
 * freshly drawn small scenes of training digits with per-pixel cross-entropy plus soft Dice,
 * scored by pixel accuracy and mean IoU on held-out scenes of test digits the size of the
 * detector's (see {@link heldOutScenes}); writes input | truth | prediction masks as a PNG.
 * Returns the exit code.
 * @example
 * trainUnetCommand(['--steps', '2', '--batch-size', '2', '--train-size', '16', '--size', '32', '--width', '4', '--depth', '2',
 *   '--test-scenes', '4', '--png', 'masks.png', '--out', 'unet.safetensors']); // => 0
 */
export function trainUnetCommand(args: string[]): number {
  const options = parseOptions(args);
  manualSeed(options.seed);
  const train = loadMnistRaw('train');
  const test = loadMnistRaw('test');
  const model = unet({
    inChannels: 1,
    numClasses: CLASSES,
    baseChannels: options.width,
    depth: options.depth,
  });
  const threads = getNumThreads();
  console.log(
    `nabla: training a U-Net (${count(model.numParameters())} parameters, width ${options.width}, depth ${options.depth}) ` +
      `on fresh ${options.trainSize}×${options.trainSize} MNIST scenes (2–4 digits of ${scaleText(options.trainSize)}, 11 classes), ${count(options.steps)} steps of ${options.batchSize}; ` +
      `loss cross-entropy + ${options.diceWeight}·Dice; Adam lr ${options.lr} (cosine decay); ` +
      `backend ${getBackend().name} (${threads} thread${threads === 1 ? '' : 's'})`,
  );
  const started = performance.now();
  trainUnet(model, train, options);
  console.log(`trained in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const heldOut = heldOutScenes(test, options.testScenes, options.size, options.seed + 99);
  const predicted = segment(model, heldOut.images);
  const { meanIou: miou, perClass } = meanIou(predicted, heldOut.masks, CLASSES);
  const accuracy = pixelAccuracy(predicted, heldOut.masks);
  console.log(
    `held-out ${count(options.testScenes)} ${options.size}×${options.size} scenes of test digits (1–5 digits of ${scaleText(options.size)}): pixel accuracy ${(100 * accuracy).toFixed(2)}%, mIoU ${miou.toFixed(4)}`,
  );
  const names = ['background', ...Array.from({ length: 10 }, (_, d) => `${d}`)];
  console.log(
    `IoU per class: ${perClass.map((v, c) => `${names[c]} ${v === null ? '—' : v.toFixed(3)}`).join(', ')}`,
  );
  const shown = saveMasks(options.png, heldOut.images, heldOut.masks, predicted);
  console.log(
    `wrote ${shown} held-out scenes as input | truth | prediction (colour = digit) to ${options.png}`,
  );
  saveSafetensors(options.out, modelToRaw(model), {
    format: 'nabla-model',
    architecture: 'unet',
    config: JSON.stringify({
      inChannels: 1,
      numClasses: CLASSES,
      baseChannels: options.width,
      depth: options.depth,
    }),
  });
  console.log(`saved the U-Net to ${options.out}`);
  return 0;
}
