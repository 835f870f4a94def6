import { existsSync } from 'node:fs';
import {
  accuracy,
  cat,
  crossEntropy,
  Generator,
  interpolate,
  loadMnist,
  manualSeed,
  type nn,
  noGrad,
  optim,
  rand,
  randperm,
  type Tensor,
} from '../../index.js';
import { lenet5 } from '../../models/lenet5.js';
import { loadModel, saveModel } from '../../models/model-file.js';
import { readImage, writeImage } from '../../vision/image-io.js';
import { deepDream } from '../../vision/style/deep-dream.js';
import { imageGrid } from '../../vision/visualize.js';
import { numberOption, parseCommand, seedOption, UsageError } from '../args.js';

export const dreamUsage = `nabla dream [--model lenet-mnist.safetensors] [--layer layers.4] [--channel C] [--image in.png | --digit 0 | --noise]
                [--size 112] [--steps 20] [--octaves 3] [--octave-scale 1.4] [--jitter 2] [--lr 0.01] [--seed 0] [--train-limit 10000]
                [--out dream.png]
      DeepDream: amplifies what a layer of a CNN sees in an image (a LeNet-5 trained for one epoch on MNIST when the model file is missing)`;

const count = (n: number): string => n.toLocaleString('en-US');

/** A LeNet-5 trained for one epoch on the first `limit` MNIST digits with Adam, saved to `path`. */
export function trainLenet(path: string, limit: number, seed: number): nn.Module {
  manualSeed(seed);
  const [x, y] = loadMnist('train', { limit, shape: 'image' }).tensors as [Tensor, Tensor];
  const [testX, testY] = loadMnist('test', { limit: 1000, shape: 'image' }).tensors as [Tensor, Tensor];
  const net = lenet5({ numClasses: 10 });
  const opt = new optim.Adam(net.parameters(), { lr: 1e-3 });
  const order = randperm(x.shape[0]!, { generator: new Generator(seed) });
  const started = performance.now();
  for (let at = 0; at < x.shape[0]!; at += 64) {
    const idx = order.narrow(0, at, Math.min(64, x.shape[0]! - at));
    opt.zeroGrad();
    crossEntropy(net.forward(x.indexSelect(0, idx)), y.indexSelect(0, idx)).backward();
    opt.step();
  }
  net.eval();
  const acc = noGrad(() => accuracy(net.forward(testX), testY));
  console.log(
    `trained LeNet-5 for one epoch on ${count(x.shape[0]!)} digits in ${((performance.now() - started) / 1000).toFixed(1)} s: ` +
      `accuracy ${(100 * acc).toFixed(1)}% on ${count(testX.shape[0]!)} test digits; saved to ${path}`,
  );
  saveModel(path, 'lenet', { numClasses: 10, activation: 'relu', inputSize: 28, pool: 'max' }, net);
  return net;
}

/** The dream's start [1, C, size, size]: an image file, an MNIST test digit, or uniform noise. */
function startImage(
  values: Record<string, string | undefined>,
  channels: number,
  size: number,
  seed: number,
) {
  let image: Tensor;
  let describe: string;
  if (values.image !== undefined) {
    if (!existsSync(values.image)) throw new UsageError(`nabla dream: --image: no file at '${values.image}'`);
    image = readImage(values.image, { channels: channels === 1 ? 1 : 3 }).unsqueeze(0);
    describe = values.image;
  } else if (values.noise !== undefined) {
    manualSeed(seed);
    image = rand([1, channels, size, size]).mul(0.2).add(0.4);
    describe = 'gray noise';
  } else {
    const index = values.digit === undefined ? 0 : Number(values.digit);
    if (!Number.isSafeInteger(index) || index < 0 || index >= 10000)
      throw new UsageError(`nabla dream: --digit must be an index in [0, 10000), got '${values.digit}'`);
    const [x] = loadMnist('test', { limit: index + 1, shape: 'image' }).tensors as [Tensor];
    image = x.narrow(0, index, 1);
    describe = `MNIST test digit ${index}`;
  }
  if (image.shape[1] !== channels)
    throw new UsageError(
      `nabla dream: the model takes ${channels} channels, the image has ${image.shape[1]}`,
    );
  return { image: interpolate(image, { size: [size, size], mode: 'bilinear' }), describe };
}

/**
 * `nabla dream`: DeepDream on a saved (or briefly trained) CNN, writing the start beside the
 * dream. Returns the exit code.
 * @example
 * dreamCommand(['--model', 'lenet.safetensors', '--train-limit', '100', '--size', '32', '--steps', '2', '--out', 'dream.png']); // => 0
 */
export function dreamCommand(args: string[]): number {
  const flags = ['--noise'];
  const { values } = parseCommand(
    'dream',
    args.map((a) => (flags.includes(a) ? `${a}=1` : a)),
    [
      'model',
      'layer',
      'channel',
      'image',
      'digit',
      'noise',
      'size',
      'steps',
      'octaves',
      'octave-scale',
      'jitter',
      'lr',
      'seed',
      'train-limit',
      'out',
    ],
  );
  const int = (name: string, fallback: number) =>
    numberOption('dream', name, values[name], fallback, { integer: true });
  const seed = seedOption('dream', values.seed);
  const modelPath = values.model ?? 'lenet-mnist.safetensors';
  const model = existsSync(modelPath)
    ? loadModel(modelPath).model
    : trainLenet(modelPath, int('train-limit', 10000), seed);
  const conv = model.parameters().find((p) => p.ndim === 4);
  if (!conv)
    throw new UsageError(`nabla dream: the model in ${modelPath} has no convolution; DeepDream needs a CNN`);
  const size = int('size', 112);
  const { image, describe } = startImage(values, conv.shape[1]!, size, seed);
  const layer = values.layer ?? 'layers.4';
  const channel = values.channel === undefined ? undefined : Number(values.channel);
  const options = {
    layer,
    channel,
    steps: int('steps', 20),
    octaves: int('octaves', 3),
    octaveScale: numberOption('dream', 'octave-scale', values['octave-scale'], 1.4),
    jitter: values.jitter === '0' ? 0 : int('jitter', 2),
    lr: numberOption('dream', 'lr', values.lr, 0.01),
    seed,
  };
  console.log(
    `nabla: dreaming on ${describe} at ${size}×${size}: amplifying mean(a²) of ${layer}${channel === undefined ? '' : ` channel ${channel}`}, ` +
      `${options.octaves} octaves (scale ${options.octaveScale}) × ${options.steps} steps, jitter ±${options.jitter} px, lr ${options.lr}`,
  );
  const started = performance.now();
  const { image: dream, history } = deepDream(model, image, options);
  for (let octave = 0; octave < options.octaves; octave++) {
    const steps = history.filter((h) => h.octave === octave);
    if (steps.length > 0)
      console.log(
        `octave ${octave + 1}: objective ${steps[0]!.objective.toFixed(4)} → ${steps.at(-1)!.objective.toFixed(4)}`,
      );
  }
  const out = values.out ?? 'dream.png';
  writeImage(
    out,
    noGrad(() => imageGrid(cat([image, dream]), { nrow: 2, padding: 2 })),
  );
  console.log(
    `wrote the start and the dream side by side to ${out} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
  return 0;
}
