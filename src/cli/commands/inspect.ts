import { existsSync } from 'node:fs';
import { argmax, cat, loadMnist, max, noGrad, type Tensor } from '../../index.js';
import { loadModel } from '../../models/model-file.js';
import { maxActivatingPatches } from '../../vision/inspect/max-activating-patches.js';
import { receptiveField } from '../../vision/inspect/receptive-field.js';
import { saliencyMap } from '../../vision/inspect/saliency-map.js';
import { saveGrid } from '../../vision/visualize.js';
import { numberOption, outputOption, parseCommand, seedOption } from '../args.js';
import { trainLenet } from './dream.js';

export const inspectUsage = `nabla inspect [--model lenet-mnist.safetensors] [--layer layers.4] [--channels 8] [--k 8] [--images 2000]
                [--saliency-digits 8] [--seed 0] [--train-limit 10000] [--patches patches.png] [--saliency saliency.png]
      What a CNN learned: the test-digit patches that most excite each channel of a layer, and gradient saliency maps`;

/**
 * `nabla inspect`: for a saved (or briefly trained) LeNet-5-style CNN, writes the k test-digit
 * patches that most activate each of the first channels of a layer (one row per channel) and the
 * saliency maps of the predicted class for a few test digits (digits above, maps below).
 * Returns the exit code.
 * @example
 * inspectCommand(['--model', 'lenet.safetensors', '--train-limit', '100', '--images', '50', '--channels', '2', '--k', '3']); // => 0
 */
export function inspectCommand(args: string[]): number {
  const names = [
    'model',
    'layer',
    'channels',
    'k',
    'images',
    'saliency-digits',
    'seed',
    'train-limit',
    'patches',
    'saliency',
  ];
  const { values } = parseCommand('inspect', args, names);
  const int = (name: string, fallback: number) =>
    numberOption('inspect', name, values[name], fallback, { integer: true });
  const modelPath = values.model ?? 'lenet-mnist.safetensors';
  const model = existsSync(modelPath)
    ? loadModel(modelPath).model
    : trainLenet(modelPath, int('train-limit', 10000), seedOption('inspect', values.seed));
  model.eval();
  const layer = values.layer ?? 'layers.4';
  const [x, y] = loadMnist('test', { limit: int('images', 2000), shape: 'image' }).tensors as [
    Tensor,
    Tensor,
  ];
  const field = receptiveField(model, layer);
  const [channels, k] = [int('channels', 8), int('k', 8)];
  console.log(
    `nabla: the ${k} patches of ${x.shape[0]} test digits that most activate channels 0–${channels - 1} of ${layer} ` +
      `(receptive field ${field.size[0]}×${field.size[1]} pixels, stride ${field.stride[0]})`,
  );
  const rows: Tensor[] = [];
  for (let c = 0; c < channels; c++) {
    const { patches, units } = maxActivatingPatches(model, layer, c, x, k);
    rows.push(patches);
    const digits = units.map((u) => y.data()[u.image]);
    console.log(
      `channel ${c}: top activation ${units[0]!.value.toFixed(3)}; the patches come from digits ${digits.join(' ')}`,
    );
  }
  const patchesPath = outputOption('inspect', 'patches', values.patches, 'patches.png');
  saveGrid(patchesPath, cat(rows), { nrow: k, upscale: 3 });
  console.log(`wrote ${patchesPath} (one row per channel, strongest on the left)`);
  const shown = int('saliency-digits', 8);
  const digits = x.narrow(0, 0, shown);
  const predicted = [...noGrad(() => argmax(model.forward(digits), 1)).data()].map(Number);
  const maps = saliencyMap(model, digits, predicted).unsqueeze(1);
  // Each map by its own maximum, so faint and strong maps are both visible.
  const scaled = maps.div(
    max(maps.reshape([shown, -1]), 1)
      .reshape([shown, 1, 1, 1])
      .add(1e-12),
  );
  const saliencyPath = outputOption('inspect', 'saliency', values.saliency, 'saliency.png');
  saveGrid(saliencyPath, cat([digits, scaled]), { nrow: shown, upscale: 3 });
  console.log(
    `wrote ${saliencyPath}: ${shown} test digits (predicted ${predicted.join(' ')}) above their saliency maps |∂score/∂x|`,
  );
  return 0;
}
