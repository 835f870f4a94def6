import { kernels } from '../backends/registry.js';
import { ValueError } from '../errors.js';
import { checkNonNegative } from './checks.js';
import { type Hyperparameters, Optimizer, type ParamsInput, type UpdateContext } from './optimizer.js';

/**
 * How the velocity averages gradients.
 * - `'pytorch'`: v ← βv + (1 − dampening)·g (v starts at the first g), p ← p − lr·v. With
 *   dampening 0 the velocity is a sum, so the steady-state step is lr·g/(1 − β).
 * - `'ema'`: the course's moving average v ← βv + (1 − β)·g (v starts at 0), p ← p − lr·v. The
 *   steady-state step is lr·g, so switching momentum on does not change the effective lr.
 */
export type MomentumConvention = 'pytorch' | 'ema';

export interface SGDHyperparameters extends Hyperparameters {
  momentum: number;
  dampening: number;
  nesterov: boolean;
  weightDecay: number;
  convention: MomentumConvention;
}

export type SGDOptions = Pick<SGDHyperparameters, 'lr'> & Partial<Omit<SGDHyperparameters, 'lr'>>;

/**
 * Stochastic gradient descent with optional momentum (two conventions, see
 * {@link MomentumConvention}), Nesterov look-ahead and L2 weight decay (g ← g + weightDecay·p).
 * Nesterov steps along g + βv (PyTorch) or (1 − β)g + βv (EMA) with the updated v.
 * @see https://proceedings.mlr.press/v28/sutskever13.html (Sutskever et al., 2013: momentum and Nesterov)
 * @example
 * const w = tensor([1, 2], { requiresGrad: true });
 * const opt = new SGD([w], { lr: 0.1, momentum: 0.9 });
 * w.square().sum().backward();
 * opt.step(); // g = 2w = [2, 4], v = g, w = w − 0.1·v
 * w; // => [0.8, 1.6]
 */
export class SGD extends Optimizer<SGDHyperparameters> {
  constructor(params: ParamsInput<SGDHyperparameters>, options: SGDOptions) {
    const {
      lr,
      momentum = 0,
      dampening = 0,
      nesterov = false,
      weightDecay = 0,
      convention = 'pytorch',
    } = options;
    super(params, { lr, momentum, dampening, nesterov, weightDecay, convention }, options);
  }

  get name(): string {
    return 'SGD';
  }

  protected validate(g: SGDHyperparameters): void {
    checkNonNegative('SGD', 'lr', g.lr);
    checkNonNegative('SGD', 'momentum', g.momentum);
    checkNonNegative('SGD', 'dampening', g.dampening);
    checkNonNegative('SGD', 'weightDecay', g.weightDecay);
    if (g.convention !== 'pytorch' && g.convention !== 'ema') {
      throw new ValueError(`SGD: convention must be 'pytorch' or 'ema', got ${JSON.stringify(g.convention)}`);
    }
    if (g.convention === 'ema' && (g.momentum > 1 || g.dampening !== 0)) {
      throw new ValueError(
        `SGD: the 'ema' convention needs momentum in [0, 1] and dampening 0 (it damps by 1 − momentum), got momentum ${g.momentum}, dampening ${g.dampening}`,
      );
    }
    if (g.nesterov && (g.momentum <= 0 || g.dampening !== 0)) {
      throw new ValueError(
        `SGD: nesterov needs momentum > 0 and dampening 0, got momentum ${g.momentum}, dampening ${g.dampening}`,
      );
    }
  }

  initState(): readonly string[] {
    // The velocity appears on first use, so that momentum can be switched on mid-training.
    return [];
  }

  protected update({ data, grad, group, hasBuffer, buffer }: UpdateContext<SGDHyperparameters>): void {
    const { lr, momentum, dampening, nesterov, weightDecay, convention } = group;
    const first = !hasBuffer('momentumBuffer');
    const velocity = momentum === 0 ? null : buffer('momentumBuffer');
    const ema = convention === 'ema';
    kernels().sgdUpdate(data, grad, velocity, { lr, momentum, dampening, nesterov, weightDecay, ema, first });
  }
}
