import { add, batchNormEvalMap, conv2dAffine, isGradEnabled, nn, relu, type Tensor } from '../index.js';

/** The activation after a {@link ConvNormAct}. */
export type ZooActivation = 'relu' | 'relu6' | 'silu' | 'none';

/** Options of {@link ConvNormAct}. */
export interface ConvNormActOptions {
  stride?: number;
  /** Channel groups (default 1; = channels for a depthwise convolution). */
  groups?: number;
  activation?: ZooActivation;
  /** BatchNorm's eps (default 1e-5; GoogLeNet uses 1e-3). */
  eps?: number;
  /** Padding (default ⌊k/2⌋, which keeps the size at stride 1 for odd k). */
  padding?: number;
  init?: boolean;
}

function activationOf(name: ZooActivation): nn.Module {
  if (name === 'relu') return new nn.ReLU();
  if (name === 'relu6') return new nn.HardTanh(0, 6);
  if (name === 'silu') return new nn.SiLU();
  return new nn.Identity();
}

/** The clamp an activation module is, read from the module itself (it may have been replaced). */
function clampOf(act: nn.Module): [number, number] | undefined {
  if (act instanceof nn.ReLU) return [0, Infinity];
  if (act instanceof nn.HardTanh) return [act.min, act.max];
  if (act instanceof nn.Identity) return [-Infinity, Infinity];
  return undefined;
}

/**
 * The building brick of modern CNNs: a bias-free convolution, batch normalization (which makes
 * the bias redundant) and an activation.
 * @see https://arxiv.org/abs/1502.03167
 * @example
 * const x = randn([2, 3, 64, 64]);
 * new ConvNormAct(3, 32, 3, { stride: 2, activation: 'relu6' }).forward(x).shape; // => [2, 32, 32, 32]
 */
export class ConvNormAct extends nn.Module {
  conv: nn.Conv2d;
  bn: nn.BatchNorm2d;
  act: nn.Module;

  constructor(inChannels: number, outChannels: number, kernelSize: number, options: ConvNormActOptions = {}) {
    super();
    const { stride = 1, groups = 1, activation = 'relu', eps, padding, init } = options;
    this.conv = new nn.Conv2d(inChannels, outChannels, kernelSize, {
      stride,
      groups,
      padding: padding ?? Math.floor(kernelSize / 2),
      bias: false,
      init,
    });
    this.bn = new nn.BatchNorm2d(outChannels, { eps });
    this.act = activationOf(activation);
  }

  forward(x: Tensor): Tensor {
    const bounds = clampOf(this.act);
    const fused = this.evalForward(x, bounds);
    if (fused) return fused;
    // The batch norm and a clamping activation as one op (one pass each way in training).
    const h = this.conv.forward(x);
    return bounds ? this.bn.forwardClamped(h, bounds) : this.act.forward(this.bn.forward(h));
  }

  /**
   * relu(forward(x) + residual): the end of a residual block (this brick without an activation,
   * the shortcut, the block's ReLU), in eval mode as one conv2dAffine, in training as the
   * convolution and one batch-norm op.
   * @example
   * const block = new ConvNormAct(4, 4, 3, { activation: 'none' }).eval();
   * const x = randn([1, 4, 6, 6]);
   * noGrad(() => block.forwardResidualRelu(x, x)).min().item() >= 0; // => true
   */
  forwardResidualRelu(x: Tensor, residual: Tensor): Tensor {
    const bounds = clampOf(this.act);
    const identity = bounds !== undefined && bounds[0] === -Infinity && bounds[1] === Infinity;
    if (!identity) return relu(add(this.forward(x), residual));
    return (
      this.evalForward(x, [0, Infinity], residual) ??
      this.bn.forwardClamped(this.conv.forward(x), [0, Infinity], residual)
    );
  }

  /**
   * In eval mode with no gradient to compute, the layers as one conv2dAffine (the batch norm's map,
   * the residual and the clamp applied to the convolution's outputs in cache), with the same bits;
   * else undefined.
   */
  private evalForward(
    x: Tensor,
    bounds: [number, number] | undefined,
    residual?: Tensor,
  ): Tensor | undefined {
    const { conv, bn } = this;
    const grads =
      isGradEnabled() && (x.requiresGrad || conv.weight.requiresGrad || residual?.requiresGrad === true);
    if (bn.training || grads || !bounds || conv.bias || conv.weight.dtype !== x.dtype || x.ndim !== 4)
      return undefined;
    if (residual && residual.dtype !== x.dtype) return undefined;
    const map = batchNormEvalMap(x.dtype, bn);
    if (!map) return undefined;
    const { stride, padding, dilation, groups } = conv;
    const options = { stride, padding, dilation, groups, clamp: bounds, residual };
    return conv2dAffine(x, conv.weight, map[0], map[1], options);
  }
}

/**
 * A residual block's output relu(body(x) + shortcut(x)), the shortcut the identity when absent. A
 * body whose last layer is a ConvNormAct ends in its forwardResidualRelu (one kernel in eval mode).
 * @example
 * const body = new nn.Sequential(new ConvNormAct(4, 4, 3), new ConvNormAct(4, 4, 3, { activation: 'none' }));
 * residualForward(body, undefined, randn([1, 4, 6, 6])).shape; // => [1, 4, 6, 6]
 */
export function residualForward(body: nn.Sequential, shortcut: nn.Module | undefined, x: Tensor): Tensor {
  const s = shortcut ? shortcut.forward(x) : x;
  const last = body.layers[body.layers.length - 1];
  if (!(last instanceof ConvNormAct)) return relu(add(body.forward(x), s));
  const h = body.layers.slice(0, -1).reduce((t, layer) => layer.forward(t), x);
  return last.forwardResidualRelu(h, s);
}
