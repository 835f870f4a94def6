import { nn, noGrad, ShapeError, ValueError, zeros } from '../../index.js';

/** Layers that act on each value alone, so they work unchanged on feature maps after the Flatten. */
const ELEMENTWISE = [
  nn.ReLU,
  nn.LeakyReLU,
  nn.ELU,
  nn.SELU,
  nn.GELU,
  nn.SiLU,
  nn.Sigmoid,
  nn.Tanh,
  nn.HardTanh,
  nn.Softplus,
  nn.Identity,
  nn.Dropout,
  nn.AlphaDropout,
  nn.GaussianDropout,
];

/** The layers of a Sequential with nested Sequentials spliced in, in order. */
function flatLayers(model: nn.Module): nn.Module[] {
  return model instanceof nn.Sequential ? model.layers.flatMap(flatLayers) : [model];
}

/** The `[channels, height, width]` that reaches the Flatten, found by a no-grad pass in eval mode. */
function featureShape(trunk: nn.Module[], inputShape: readonly number[]): number[] {
  const modes = trunk.flatMap((layer) => layer.modules()).map((m) => [m, m.training] as const);
  for (const [m] of modes) m.training = false;
  try {
    const out = noGrad(() => trunk.reduce((h, layer) => layer.forward(h), zeros([1, ...inputShape])));
    if (out.ndim !== 4)
      throw new ShapeError(
        `toFullyConvolutional: the layers before the Flatten must give [batch, channels, height, width], got [${out.shape.join(', ')}]`,
      );
    return out.shape.slice(1);
  } finally {
    for (const [m, training] of modes) m.training = training;
  }
}

/** A Linear as the convolution that applies it to every `kernel` window: weight reshaped to [out, c, kh, kw]. */
function linearAsConv(linear: nn.Linear, [c, kh, kw]: number[]): nn.Conv2d {
  const conv = new nn.Conv2d(c!, linear.outFeatures, [kh!, kw!], {
    bias: linear.bias !== undefined,
    dtype: linear.weight.dtype,
    init: false,
  });
  conv.loadStateDict({
    weight: linear.weight.detach().reshape([linear.outFeatures, c!, kh!, kw!]),
    ...(linear.bias ? { bias: linear.bias.detach() } : {}),
  });
  return conv;
}

/**
 * The convolutional sliding window: turns a classifier `Sequential(conv trunk…, Flatten, Linear,
 * activation, Linear…)` trained on `inputShape` = [channels, height, width] images into an
 * equivalent fully convolutional network. The first Linear becomes a convolution whose kernel
 * covers the whole feature map at the Flatten (its weight reshaped), each later Linear a 1×1
 * convolution; the trunk's layers are reused as they are (shared, not copied). Run on a larger
 * image it gives in one pass a map of class scores `[batch, classes, rows, cols]` whose entry
 * (i, j) equals the classifier applied to the window at (i·s, j·s), s being the trunk's total
 * stride (the product of its pooling and convolution strides) — exactly when the trunk's
 * convolutions do not pad (padding would see neighbouring pixels where a window sees zeros).
 * @see https://arxiv.org/abs/1312.6229
 * @example
 * const classifier = new nn.Sequential(
 *   new nn.Conv2d(1, 4, 3), new nn.ReLU(), new nn.MaxPool2d(2),
 *   new nn.Flatten(), new nn.Linear(4 * 3 * 3, 8), new nn.ReLU(), new nn.Linear(8, 2),
 * );
 * const fcn = toFullyConvolutional(classifier, [1, 8, 8]);
 * // 16×16 holds 5×5 windows of 8×8, one every 2 pixels (the pool's stride)
 * fcn.forward(randn([1, 1, 16, 16])).shape; // => [1, 2, 5, 5]
 */
export function toFullyConvolutional(model: nn.Module, inputShape: readonly number[]): nn.Sequential {
  if (inputShape.length !== 3 || !inputShape.every((v) => Number.isSafeInteger(v) && v > 0))
    throw new ValueError(
      `toFullyConvolutional: inputShape must be [channels, height, width] of positive integers, got [${inputShape.join(', ')}]`,
    );
  const layers = flatLayers(model);
  const at = layers.findIndex((layer) => layer instanceof nn.Flatten);
  if (at < 0)
    throw new ValueError('toFullyConvolutional: the model has no Flatten between its trunk and its head');
  const trunk = layers.slice(0, at);
  let shape = featureShape(trunk, inputShape);
  const head = layers.slice(at + 1).map((layer, i) => {
    if (layer instanceof nn.Linear) {
      const features = shape.reduce((a, b) => a * b, 1);
      if (layer.inFeatures !== features)
        throw new ShapeError(
          `toFullyConvolutional: layer ${at + 1 + i} (Linear) takes ${layer.inFeatures} features, but [${shape.join(', ')}] = ${features} reach it`,
        );
      const conv = linearAsConv(layer, shape);
      shape = [layer.outFeatures, 1, 1];
      return conv;
    }
    if (ELEMENTWISE.some((kind) => layer instanceof kind)) return layer;
    // Over classes: the last axis of [batch, classes] is axis 1 of [batch, classes, rows, cols].
    if ((layer instanceof nn.Softmax || layer instanceof nn.LogSoftmax) && [1, -1].includes(layer.axis))
      return layer instanceof nn.Softmax ? new nn.Softmax(1) : new nn.LogSoftmax(1);
    throw new ValueError(
      `toFullyConvolutional: cannot convert layer ${at + 1 + i} (${layer.constructor.name}) after the Flatten: only Linear, elementwise activations, dropout and softmax over the classes`,
    );
  });
  return new nn.Sequential(...trunk, ...head);
}
