import { noGrad } from '../autograd/grad-mode.js';
import { kernels } from '../backends/registry.js';
import { checkOptionKeys, DTypeError, ShapeError, ValueError } from '../errors.js';
import { zeros } from '../tensor/creation.js';
import { isFloat, type TypedArray } from '../tensor/dtype.js';
import { contiguousStrides, formatShape, shapesEqual } from '../tensor/shape.js';
import { Tensor, viewOf } from '../tensor/tensor.js';
import { loadOptimizerState, type OptimizerStateDict, saveOptimizerState } from './optimizer-state.js';

/** The hyperparameters every optimizer has; schedules read and write `lr`. */
export interface Hyperparameters {
  lr: number;
  /** The lr before any schedule changed it (set by the first scheduler, as PyTorch's `initial_lr`). */
  initialLr?: number;
}

/** A group of parameters sharing hyperparameters: `opt.paramGroups[0].lr = 0.1` changes its lr. */
export type ParamGroup<H extends Hyperparameters = Hyperparameters> = H & { params: Tensor[] };

/** A parameter group as given to a constructor: any hyperparameter left out takes the default. */
export type ParamGroupInit<H extends Hyperparameters = Hyperparameters> = Partial<H> & {
  params: Iterable<Tensor>;
};

/** What an optimizer takes: parameters, or groups of parameters with their own hyperparameters. */
export type ParamsInput<H extends Hyperparameters = Hyperparameters> =
  | Iterable<Tensor>
  | readonly ParamGroupInit<H>[];

/** The state of one parameter: its step count and its named buffers (momentum, moments, ...). */
export interface ParamState {
  step: number;
  buffers: Record<string, Tensor>;
}

/** What {@link Optimizer.update} gets for one parameter. */
export interface UpdateContext<H extends Hyperparameters> {
  /** The parameter's elements, writable; they end up in the parameter's own storage. */
  readonly data: TypedArray;
  /** Its gradient's elements: read only (gradients may share memory with other gradients). */
  readonly grad: TypedArray;
  /** This parameter's step count, from 1. */
  readonly step: number;
  readonly group: ParamGroup<H>;
  /** Whether the buffer exists yet (SGD starts its velocity differently on first use). */
  hasBuffer(name: string): boolean;
  /** A state buffer's elements, created as zeros of the parameter's shape on first use. */
  buffer(name: string): TypedArray;
}

// Groups are objects with a `params` field; anything else is taken as parameters (and checked).
function isTensorIterable(params: ParamsInput<Hyperparameters>): params is Iterable<Tensor> {
  if (!Array.isArray(params)) return true;
  const first: unknown = params[0];
  return !(typeof first === 'object' && first !== null && !(first instanceof Tensor) && 'params' in first);
}

/**
 * The base of every optimizer: parameter groups, per-parameter state, `step()`, `zeroGrad()` and
 * a JSON-able state dict. A subclass states its name, validates its hyperparameters, lists its
 * state buffers (`initState`) and updates one parameter in place (`update`) through a fused kernel.
 * @example
 * const w = tensor([1, 2], { requiresGrad: true });
 * const opt = new optim.SGD([w], { lr: 0.1 });
 * w.square().sum().backward();
 * opt.step();
 * w; // => [0.8, 1.6]
 * opt.zeroGrad();
 */
export abstract class Optimizer<H extends Hyperparameters = Hyperparameters> {
  readonly paramGroups: ParamGroup<H>[] = [];
  readonly defaults: H;
  /** Per-parameter state, created on a parameter's first step. */
  readonly state = new Map<Tensor, ParamState>();

  /**
   * `defaults` holds every hyperparameter with its value; `options`, what the user passed, is
   * checked for keys the optimizer does not have (a misspelt option would otherwise be ignored).
   */
  constructor(params: ParamsInput<H>, defaults: H, options?: object) {
    this.defaults = defaults;
    this.checkOptions(options);
    const groups = isTensorIterable(params) ? [{ params } as ParamGroupInit<H>] : params;
    for (const group of groups) this.addParamGroup(group);
  }

  private checkOptions(options: object | undefined): void {
    checkOptionKeys(options, Object.keys(this.defaults), this.name);
  }

  /** The optimizer's name, for error messages. */
  abstract get name(): string;

  /** Throws a ValueError naming the argument when a hyperparameter of `group` is out of range. */
  protected abstract validate(group: H): void;

  /** The buffers a fresh parameter starts with (names only matter: all start as zeros). */
  abstract initState(group: H): readonly string[];

  /** Updates one parameter in place from its gradient; see {@link UpdateContext}. */
  protected abstract update(ctx: UpdateContext<H>): void;

  /**
   * Adds a group of parameters; hyperparameters it leaves out take this optimizer's defaults.
   * @example
   * const [body, head] = [new nn.Linear(4, 8), new nn.Linear(8, 2)];
   * const opt = new optim.SGD(body.parameters(), { lr: 0.1 });
   * opt.addParamGroup({ params: head.parameters(), lr: 0.01 });
   */
  addParamGroup(init: ParamGroupInit<H>): void {
    checkOptionKeys(init, ['params', ...Object.keys(this.defaults)], `${this.name} parameter group`);
    const params = [...init.params];
    if (params.length === 0) throw new ValueError(`${this.name}: got an empty list of parameters`);
    const seen = new Set(this.paramGroups.flatMap((g) => g.params));
    params.forEach((p, i) => {
      this.checkParam(p, i);
      if (seen.has(p)) {
        throw new ValueError(`${this.name}: parameter ${i} of the new group already is in another group`);
      }
      seen.add(p);
    });
    const overrides = Object.fromEntries(Object.entries(init).filter(([, v]) => v !== undefined));
    const group = { ...structuredClone(this.defaults), ...overrides, params } as ParamGroup<H>;
    this.validate(group);
    this.paramGroups.push(group);
  }

  private checkParam(p: unknown, i: number): asserts p is Tensor {
    if (!(p instanceof Tensor)) throw new ValueError(`${this.name}: parameter ${i} is not a Tensor`);
    if (!isFloat(p.dtype)) {
      throw new DTypeError(`${this.name}: parameter ${i} must be float32 or float64, got ${p.dtype}`);
    }
    if (!p.isLeaf) throw new ValueError(`${this.name}: parameter ${i} is not a leaf (an op made it)`);
  }

  /**
   * One update of every parameter that has a gradient, in place and without recording a graph.
   * Hyperparameters are checked again, since schedules and users may have changed them.
   * @example
   * const w = tensor([1, 2], { requiresGrad: true });
   * const opt = new optim.SGD([w], { lr: 0.1 });
   * const loss = w.square().sum();
   * loss.backward();
   * opt.step();
   * w; // => [0.8, 1.6]
   */
  step(): void {
    noGrad(() => {
      for (const group of this.paramGroups) {
        this.validate(group);
        for (const param of group.params) {
          if (param.grad) this.updateParam(param, param.grad, group);
        }
      }
    });
  }

  private updateParam(param: Tensor, grad: Tensor, group: ParamGroup<H>): void {
    if (!shapesEqual(grad.shape, param.shape)) {
      throw new ShapeError(
        `${this.name}.step: a gradient has shape ${formatShape(grad.shape)}, its parameter ${formatShape(param.shape)}`,
      );
    }
    let state = this.state.get(param);
    if (!state) {
      const buffers = Object.fromEntries(this.initState(group).map((n) => [n, zerosOf(param)]));
      state = { step: 0, buffers };
      this.state.set(param, state);
    }
    state.step += 1;
    const buffers = state.buffers;
    const data = param.data();
    this.update({
      data,
      grad: grad.data(),
      step: state.step,
      group,
      hasBuffer: (name) => name in buffers,
      buffer: (name) => {
        buffers[name] ??= zerosOf(param);
        return buffers[name].data();
      },
    });
    // data() of a strided parameter is a copy: write it back through the parameter's strides.
    if (!param.isContiguous()) {
      const src = { data, offset: 0, strides: contiguousStrides(param.shape) };
      kernels().assign(viewOf(param), src, param.shape);
    }
  }

  /**
   * Forgets every gradient (`.grad = null`), as PyTorch's `zero_grad(set_to_none=True)`.
   * @example
   * const w = tensor([1, 2], { requiresGrad: true });
   * const opt = new optim.SGD([w], { lr: 0.1 });
   * w.square().sum().backward();
   * opt.zeroGrad();
   * w.grad; // => null
   */
  zeroGrad(): void {
    for (const group of this.paramGroups) for (const p of group.params) p.grad = null;
  }

  /**
   * A snapshot of the hyperparameters and the state, with parameters numbered in group order
   * (buffers are copies). Feed it to {@link loadStateDict} to resume.
   * @example
   * const model = new nn.Linear(2, 1);
   * const opt = new optim.Adam(model.parameters());
   * const saved = opt.stateDict();
   * const other = new optim.Adam(model.parameters());
   * other.loadStateDict(saved);
   */
  stateDict(): OptimizerStateDict {
    return saveOptimizerState(this.paramGroups, this.state);
  }

  /**
   * Restores hyperparameters and state saved by {@link stateDict}. The group and parameter counts
   * and every buffer's shape must match; nothing changes when a check fails.
   * @example
   * const opt = new optim.SGD(new nn.Linear(2, 1).parameters(), { lr: 0.1 });
   * const text = JSON.stringify(opt.stateDict()); // SGD without momentum keeps no tensors
   * opt.loadStateDict(JSON.parse(text));
   */
  loadStateDict(dict: OptimizerStateDict): void {
    const loaded = loadOptimizerState(dict, this.paramGroups, {
      owner: `${this.name}.loadStateDict`,
      validate: (g) => this.validate(g as H),
      initState: (g) => this.initState(g as H),
    });
    loaded.groups.forEach((hyper, i) => {
      Object.assign(this.paramGroups[i]!, hyper);
    });
    this.state.clear();
    for (const [param, state] of loaded.state) this.state.set(param, state);
  }
}

/**
 * Zeros shaped like a parameter (same dtype, contiguous), for a fresh state buffer.
 * @example
 * zerosOf(tensor([1, 2])); // => [0, 0]
 */
export function zerosOf(param: Tensor): Tensor {
  return zeros(param.shape, { dtype: param.dtype });
}
