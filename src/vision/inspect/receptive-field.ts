import { nn, ValueError } from '../../index.js';

/**
 * Where a unit of a layer looks in the input, per axis [y, x]: unit (i, j) of the layer's
 * feature map reads input rows [i·stride[0] − offset[0], … + size[0]) and likewise columns.
 */
export interface ReceptiveField {
  size: [number, number];
  stride: [number, number];
  offset: [number, number];
}

/** The leaves of a module tree in declaration order, with their dotted names. */
function leaves(module: nn.Module, prefix = ''): [string, nn.Module][] {
  const children = [...module.namedChildren()];
  if (children.length === 0) return [[prefix, module]];
  return children.flatMap(([name, child]) => leaves(child, prefix ? `${prefix}.${name}` : name));
}

const pair = (v: number | readonly number[] | undefined, fallback: number): [number, number] =>
  v === undefined ? [fallback, fallback] : typeof v === 'number' ? [v, v] : [v[0]!, v[1] ?? v[0]!];

/** A layer's window geometry per axis, or undefined for a layer that keeps every pixel where it is. */
function windowOf(m: nn.Module): { k: number[]; s: number[]; p: number[] } | undefined {
  if (m instanceof nn.Conv2d) {
    const k = m.kernelSize.map((f, a) => m.dilation[a]! * (f - 1) + 1);
    // 'same' pads ⌊(k − 1)/2⌋ before (the rest after), as conv2d does.
    const p = m.padding === 'same' ? k.map((f) => Math.floor((f - 1) / 2)) : pair(m.padding as number, 0);
    return { k, s: [...m.stride], p };
  }
  if (m instanceof nn.MaxPool2d || m instanceof nn.AvgPool2d) {
    const o = m.options;
    const k = pair(o.kernelSize, 1);
    return { k, s: pair(o.stride ?? o.kernelSize, 1), p: pair(o.padding, 0) };
  }
  return undefined;
}

/** Layers that move or mix pixels in ways a window cannot describe. */
const SPATIAL =
  /pool|conv|upsample|interpolate|flatten|linear|unfold|fold|shuffle|pad|attention|lstm|gru|rnn|embedding/i;

/**
 * The receptive field of `layer`'s units in the input, traced through the model's layers in
 * declaration order (a Sequential, nested or not): each convolution or pooling window of size k
 * (dilated), stride s and padding p grows the field by (k − 1)·jump, shifts it by p·jump and
 * multiplies the jump by s; activations, normalization and dropout keep it. A layer whose
 * geometry is unknown (adaptive pooling, upsampling, flatten) before `layer` is a ValueError.
 * @example
 * const model = new nn.Sequential(new nn.Conv2d(1, 2, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2));
 * receptiveField(model, 'layers.2'); // => { size: [4, 4], stride: [2, 2], offset: [1, 1] }
 */
export function receptiveField(model: nn.Module, layer: string): ReceptiveField {
  const all = leaves(model);
  const last = all.findLastIndex(([name]) => name === layer || name.startsWith(`${layer}.`));
  if (last < 0) throw new ValueError(`receptiveField: the model has no layer '${layer}'`);
  let size = [1, 1];
  let jump = [1, 1];
  let offset = [0, 0];
  for (const [name, m] of all.slice(0, last + 1)) {
    const w = windowOf(m);
    if (!w) {
      if (SPATIAL.test(m.constructor.name))
        throw new ValueError(
          `receptiveField: cannot trace through '${name}' (${m.constructor.name}); only convolutions, pooling windows and pixelwise layers`,
        );
      continue;
    }
    size = size.map((r, a) => r + (w.k[a]! - 1) * jump[a]!);
    offset = offset.map((o, a) => o + w.p[a]! * jump[a]!);
    jump = jump.map((j, a) => j * w.s[a]!);
  }
  return {
    size: size as [number, number],
    stride: jump as [number, number],
    offset: offset as [number, number],
  };
}
