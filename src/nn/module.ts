import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { Buffer } from './buffer.js';
import { checkCopy, copyInto } from './copy-into.js';
import { defaultExtraRepr, moduleRepr } from './module-repr.js';
import { Parameter } from './parameter.js';
import { describeKey, pytorchName, resolveAliases } from './state-dict-aliases.js';
import { summarize } from './summary.js';

export { Buffer } from './buffer.js';
export { Parameter, type ParameterOptions } from './parameter.js';

type Entry = [name: string, value: Parameter | Buffer | Module];

function isOptional(t: Tensor | undefined): boolean {
  return t instanceof Buffer && t.optional;
}

/** Whether `dict` holds another entry of the layer that owns `key` (`a.bn.x` for `a.bn.numBatchesTracked`). */
function givesSiblingOf(key: string, dict: Record<string, unknown>): boolean {
  const layer = key.slice(0, key.lastIndexOf('.') + 1);
  return Object.keys(dict).some((k) => k.startsWith(layer) && !k.slice(layer.length).includes('.'));
}

/** The Parameters, Buffers and Modules held directly by `owner`'s fields, arrays and Maps. */
function ownEntries(owner: Module): Entry[] {
  const out: Entry[] = [];
  const visit = (name: string, value: unknown, nested: boolean): void => {
    if (value instanceof Parameter || value instanceof Buffer || value instanceof Module) {
      out.push([name, value]);
    } else if (!nested && Array.isArray(value)) {
      value.forEach((v, i) => {
        visit(`${name}.${i}`, v, true);
      });
    } else if (!nested && value instanceof Map) {
      for (const [k, v] of value) if (typeof k === 'string') visit(`${name}.${k}`, v, true);
    }
  };
  for (const [name, value] of Object.entries(owner)) visit(name, value, false);
  return out;
}

/**
 * The base of every layer and model. Parameters ({@link Parameter}), buffers ({@link Buffer})
 * and submodules are found by walking the object's own fields (also inside arrays and Maps), so
 * nothing is registered by name: `this.weight = Parameter.zeros([3])` is enough.
 * @example
 * class TwoLayer extends Module {
 *   fc1 = new nn.Linear(4, 8);
 *   fc2 = new nn.Linear(8, 1);
 *   forward(x: Tensor): Tensor {
 *     return this.fc2.forward(relu(this.fc1.forward(x)));
 *   }
 * }
 * new TwoLayer().namedParameters().map(([name]) => name); // ['fc1.weight', 'fc1.bias', ...]
 */
export abstract class Module {
  /** Whether the module is in training mode (Dropout and BatchNorm read it). */
  training = true;

  /** The computation of the module. */
  abstract forward(...inputs: Tensor[]): Tensor;

  /** Every parameter with its dotted path (`layers.0.weight`), each shared parameter once. */
  namedParameters(): [string, Parameter][] {
    return this.collect((v): v is Parameter => v instanceof Parameter);
  }

  /** @example new nn.Linear(2, 3).parameters().length; // 2 */
  parameters(): Parameter[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** Every buffer with its dotted path (`norm.runningMean`). */
  namedBuffers(): [string, Buffer][] {
    return this.collect((v): v is Buffer => v instanceof Buffer);
  }

  /** @example new nn.BatchNorm1d(3).buffers().length; // 3 */
  buffers(): Buffer[] {
    return this.namedBuffers().map(([, b]) => b);
  }

  /** The direct submodules with their field names (`layers.0` for arrays). */
  namedChildren(): [string, Module][] {
    return ownEntries(this).filter((e): e is [string, Module] => e[1] instanceof Module);
  }

  /** @example new nn.Sequential(new nn.Linear(2, 2), new nn.ReLU()).children().length; // 2 */
  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /** This module and every module below it, depth first, each once. */
  modules(): Module[] {
    const seen = new Set<Module>();
    const walk = (m: Module): void => {
      if (seen.has(m)) return;
      seen.add(m);
      for (const child of m.children()) walk(child);
    };
    walk(this);
    return [...seen];
  }

  /**
   * Calls `fn` on every submodule and then on this module (PyTorch's order), e.g. to initialize.
   * @example
   * const model = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 1));
   * model.apply((m) => { if (m instanceof nn.Linear) nn.xavierUniform(m.weight); });
   */
  apply(fn: (m: Module) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  /** Sets training mode on this module and all below it. @example model.train(); */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** Evaluation mode: `train(false)`. @example model.eval(); */
  eval(): this {
    return this.train(false);
  }

  /**
   * Turns gradients on or off for every parameter: `requiresGrad_(false)` freezes the module.
   * @example
   * const backbone = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU());
   * backbone.requiresGrad_(false); // frozen: fine-tune only what comes after it
   */
  requiresGrad_(value = true): this {
    for (const p of this.parameters()) p.requiresGrad = value;
    return this;
  }

  /** Clears every parameter's `.grad` (sets it to null). @example model.zeroGrad(); */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  /**
   * The number of parameter elements (only those that require grad with `trainableOnly`).
   * @example
   * new nn.Linear(3, 2).numParameters(); // => 8
   */
  numParameters({ trainableOnly = false } = {}): number {
    return this.parameters()
      .filter((p) => !trainableOnly || p.requiresGrad)
      .reduce((n, p) => n + p.size, 0);
  }

  /**
   * Parameters and buffers by dotted name. The tensors are the module's own (not copies).
   * @example
   * Object.keys(new nn.Linear(2, 1).stateDict()); // => ['weight', 'bias']
   */
  stateDict(): Record<string, Tensor> {
    return Object.fromEntries<Tensor>([...this.namedParameters(), ...this.namedBuffers()]);
  }

  /**
   * Other names under which {@link loadStateDict} accepts this module's parameters and buffers,
   * as a map from the other name to the own one. By default PyTorch's spelling of the own names
   * ({@link pytorchName}: `0.weight` for `layers.0.weight`, `bn.running_mean` for
   * `bn.runningMean`), so a PyTorch model of the same structure loads as it is; the zoo's image
   * models answer torchvision's names (`conv1.weight`, `layer1.0.bn1.running_mean`, ...).
   * @example
   * const model = new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU(), new nn.Linear(3, 1));
   * model.stateDictAliases().get('2.weight'); // => 'layers.2.weight'
   */
  stateDictAliases(): Map<string, string> {
    return new Map(Object.keys(this.stateDict()).map((k) => [pytorchName(k), k]));
  }

  /**
   * Copies the values of `dict` into the module's parameters and buffers, in place, so that
   * optimizers keep their references. Everything is checked before anything is written. With
   * `strict` (the default) missing and unexpected keys are a ValueError that lists them. Keys may
   * also be the module's {@link stateDictAliases}. An optional buffer ({@link Buffer.optional},
   * BatchNorm's `numBatchesTracked`) that `dict` leaves out while giving its layer's other
   * entries is set to 0, as PyTorch does.
   * @example
   * const [model, copy] = [new nn.Linear(2, 1), new nn.Linear(2, 1)];
   * copy.loadStateDict(model.stateDict());
   */
  loadStateDict(given: Record<string, Tensor>, { strict = true } = {}): void {
    const own = this.stateDict();
    const { dict, aliasOf, conflicts } = resolveAliases(given, own, this.stateDictAliases());
    if (conflicts.length > 0) throw new ValueError(`loadStateDict: ${conflicts.join('; ')}`);
    const absent = Object.keys(own).filter((k) => !Object.hasOwn(dict, k));
    const reset = absent.filter((k) => isOptional(own[k]) && givesSiblingOf(k, dict));
    const missing = absent.filter((k) => !reset.includes(k));
    const unexpected = Object.keys(dict).filter((k) => !Object.hasOwn(own, k));
    if (strict && (missing.length > 0 || unexpected.length > 0)) {
      throw new ValueError(
        `loadStateDict: missing keys [${missing.join(', ')}], unexpected keys [${unexpected.join(', ')}]`,
      );
    }
    const pairs = Object.entries(own).filter(([k]) => Object.hasOwn(dict, k));
    const where = (k: string) => `loadStateDict: ${describeKey(k, aliasOf)}`;
    for (const [k, t] of pairs) checkCopy(t, dict[k]!, where(k));
    for (const [k, t] of pairs) copyInto(t, dict[k]!, where(k));
    for (const k of reset) own[k]!.data().fill(0);
  }

  /**
   * A Keras-like table of the direct submodules: output shape (from a forward pass on zeros of
   * `inputShape`, batch axis included) and parameter count, with totals.
   * @example
   * console.log(new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU()).summary([1, 4]));
   */
  summary(inputShape: readonly number[], options: { dtype?: Tensor['dtype'] } = {}): string {
    return summarize(this, inputShape, options.dtype);
  }

  /**
   * The settings shown in {@link toString} after the class name: by default the module's own
   * number, boolean, string and number-array fields. Layers may override it, as PyTorch's
   * `extra_repr`.
   */
  extraRepr(): string {
    return defaultExtraRepr(this);
  }

  /**
   * The module tree as PyTorch's `print(model)` shows it: classes, settings and submodules, never
   * the weights. `console.log(model)` prints the same.
   * @example
   * String(new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU()));
   */
  toString(): string {
    return moduleRepr<Module>(this, (m) =>
      ownEntries(m).filter((e): e is [string, Module] => e[1] instanceof Module),
    );
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  private collect<T extends Parameter | Buffer>(is: (v: unknown) => v is T): [string, T][] {
    const out: [string, T][] = [];
    const seen = new Set<unknown>();
    const walk = (m: Module, prefix: string): void => {
      for (const [name, value] of ownEntries(m)) {
        if (seen.has(value)) continue;
        seen.add(value);
        if (value instanceof Module) walk(value, `${prefix}${name}.`);
        else if (is(value)) out.push([`${prefix}${name}`, value]);
      }
    };
    walk(this, '');
    return out;
  }
}
