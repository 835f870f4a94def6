import { nn } from '../index.js';

// NOTE(torchvision-names): the zoo's image models accept torchvision's state-dict names as they
// come from `model.state_dict()` (saved with `safetensors.torch.save_file`, F16/BF16/I64 included),
// through `Module.stateDictAliases`: loadStateDict and loadWeights rename a torchvision key to
// nabla's own before checking anything, so nabla's names keep working and a file may use either.
// Each model lists which of its layers is which torchvision layer (its JSDoc shows the map,
// writing nabla's side as PyTorch spells it: `stem.0.conv` for `stem.layers.0.conv`); below, each
// layer's parameters and buffers follow, with BatchNorm's buffers in PyTorch's snake_case. Models
// whose layers already are torchvision's (VGG, AlexNet) need no map: every module answers to
// PyTorch's spelling of its own names (`nn.pytorchName`). The layouts already agree: Conv2d weights are [out, in / groups, kh, kw], Linear
// weights [out, in], and Flatten keeps PyTorch's channel-major order.

/**
 * The aliases of `model`'s state under torchvision's names: for each layer (a module holding
 * parameters itself: Conv2d, Linear, BatchNorm2d) that `theirs` names, each of its parameters and
 * buffers under that name, BatchNorm's buffers in snake_case (`bn1.running_mean`). `theirs`
 * receives the layer's path as PyTorch would spell it ({@link nn.pytorchName}: without the
 * `layers` segment of nabla's Sequential, so `features.layers.0` is asked as `features.0`).
 * @example
 * const model = new nn.Sequential(new nn.Conv2d(1, 2, 3), new nn.BatchNorm2d(2));
 * const aliases = torchvisionAliases(model, (layer) => (layer === '0' ? 'conv' : 'bn'));
 * aliases.get('bn.running_mean'); // => 'layers.1.runningMean'
 */
export function torchvisionAliases(
  model: nn.Module,
  theirs: (layer: string) => string | undefined,
): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const key of Object.keys(model.stateDict())) {
    const name = nn.pytorchName(key);
    const dot = name.lastIndexOf('.');
    const layer = theirs(name.slice(0, Math.max(dot, 0)));
    if (layer !== undefined) aliases.set(`${layer}.${name.slice(dot + 1)}`, key);
  }
  return aliases;
}

/**
 * The layer pairs of a nabla {@link ConvNormAct} at `own` and torchvision's
 * `Conv2dNormActivation` (a Sequential of conv, norm, activation) at `theirs`.
 * @example
 * convNormActPairs('features.0', 'features.0'); // => [['features.0.conv', 'features.0.0'], ['features.0.bn', 'features.0.1']]
 */
export function convNormActPairs(own: string, theirs: string): [string, string][] {
  return [
    [`${own}.conv`, `${theirs}.0`],
    [`${own}.bn`, `${theirs}.1`],
  ];
}
