import { noGrad, readGrayImage, softmax, tensor } from '../../index.js';
import { loadModel } from '../../models/model-file.js';
import { parseCommand, UsageError } from '../args.js';

export const predictUsage = 'nabla predict <model.safetensors> <digit.png|digit.pgm> [--invert]';

/**
 * Classifies a 28×28 grayscale digit image with a saved model. MNIST digits are white on black;
 * `--invert` takes black-on-white drawings.
 */
export function predictCommand(args: string[]): number {
  const { positionals, flags } = parseCommand('predict', args, [], { positionals: true, flags: ['invert'] });
  if (positionals.length !== 2)
    throw new UsageError(`nabla predict: expected a model file and an image; usage: ${predictUsage}`);
  const invert = flags.has('invert');
  const [modelPath, imagePath] = positionals as [string, string];
  const { model, architecture } = loadModel(modelPath);
  const image = readGrayImage(imagePath);
  if (image.width !== 28 || image.height !== 28) {
    throw new UsageError(
      `nabla predict: ${imagePath} is ${image.width}×${image.height}; MNIST models take 28×28 images`,
    );
  }
  const pixels = Float32Array.from(image.data, (v) => (invert ? 255 - v : v) / 255);
  model.eval();
  const probs = noGrad(() =>
    softmax(model.forward(tensor(pixels, { shape: architecture === 'mlp' ? [1, 784] : [1, 1, 28, 28] }))),
  ).data();
  const ranked = [...probs].map((p, digit) => ({ digit, p })).sort((a, b) => b.p - a.p);
  console.log(`${imagePath}: ${ranked[0]!.digit} (${(100 * ranked[0]!.p).toFixed(1)}%)`);
  console.log(
    ranked
      .slice(1, 3)
      .map((r) => `  then ${r.digit} (${(100 * r.p).toFixed(1)}%)`)
      .join('\n'),
  );
  return 0;
}
