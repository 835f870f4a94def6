/**
 * Saving and validating an optimizer's state dict: parameters are numbered in group order, the
 * hyperparameters are plain values and every buffer is a copy, so a saved dict never aliases the
 * live state and a loaded one never aliases the dict.
 */
import { ShapeError, ValueError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import { formatShape, shapesEqual } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import type { Hyperparameters, ParamGroup, ParamState } from './optimizer.js';

/** One parameter's saved state: its step count and its buffers by name. */
export interface ParamStateDict {
  step: number;
  [buffer: string]: Tensor | number;
}

/** What `Optimizer.stateDict()` returns and `loadStateDict()` takes. */
export interface OptimizerStateDict {
  paramGroups: ({ params: number[] } & Record<string, unknown>)[];
  state: Record<number, ParamStateDict>;
}

/** What loading needs from the optimizer: its name and its hyperparameter and buffer rules. */
export interface LoadHooks {
  owner: string;
  validate(group: Hyperparameters): void;
  initState(group: Hyperparameters): readonly string[];
}

function copyOf(t: Tensor): Tensor {
  return tensor(t.data(), { shape: [...t.shape] });
}

/**
 * The state dict of `groups` and `state` (see {@link OptimizerStateDict}).
 * @example
 * const opt = new optim.SGD(new nn.Linear(2, 1).parameters(), { lr: 0.1, momentum: 0.9 });
 * saveOptimizerState(opt.paramGroups, opt.state); // { paramGroups: [{ lr: 0.1, ..., params: [0, 1] }], state: {} }
 */
export function saveOptimizerState(
  groups: readonly ParamGroup[],
  state: ReadonlyMap<Tensor, ParamState>,
): OptimizerStateDict {
  const out: OptimizerStateDict = { paramGroups: [], state: {} };
  let next = 0;
  for (const { params, ...hyper } of groups) {
    const indices = params.map((param) => {
      const index = next++;
      const s = state.get(param);
      if (s) {
        const buffers = Object.entries(s.buffers).map(([name, b]) => [name, copyOf(b)]);
        out.state[index] = { step: s.step, ...Object.fromEntries(buffers) };
      }
      return index;
    });
    out.paramGroups.push({ ...structuredClone(hyper), params: indices });
  }
  return out;
}

/** Checks a saved group against the live one and returns its hyperparameters (validated). */
function loadGroup(
  saved: unknown,
  live: ParamGroup,
  i: number,
  hooks: LoadHooks,
  byIndex: Map<number, [Tensor, Hyperparameters]>,
): Hyperparameters {
  const { owner } = hooks;
  const params = (saved as { params?: unknown } | null)?.params;
  if (!Array.isArray(params)) throw new ValueError(`${owner}: paramGroups[${i}].params must be an array`);
  if (params.length !== live.params.length) {
    throw new ValueError(
      `${owner}: paramGroups[${i}] holds ${params.length} parameters in the state dict, ${live.params.length} in this optimizer`,
    );
  }
  const { params: __, ...current } = live;
  // Only the hyperparameters this optimizer has (and a schedule's initialLr) are taken, each
  // copied by name: an unknown key, or '__proto__' from JSON, never reaches the group.
  const allowed = new Set([...Object.keys(current), 'initialLr']);
  const merged: Record<string, unknown> = { ...current };
  for (const key of Object.keys(saved as object)) {
    if (key === 'params') continue;
    if (!allowed.has(key)) {
      throw new ValueError(`${owner}: paramGroups[${i}] has unknown hyperparameter '${key}'`);
    }
    merged[key] = structuredClone((saved as Record<string, unknown>)[key]);
  }
  const initialLr = merged.initialLr;
  if (
    initialLr !== undefined &&
    !(typeof initialLr === 'number' && Number.isFinite(initialLr) && initialLr >= 0)
  ) {
    throw new ValueError(
      `${owner}: paramGroups[${i}].initialLr must be a finite number ≥ 0, got ${JSON.stringify(initialLr)}`,
    );
  }
  const group = merged as unknown as Hyperparameters;
  hooks.validate(group);
  params.forEach((index, k) => {
    if (!Number.isInteger(index) || byIndex.has(index as number)) {
      throw new ValueError(`${owner}: paramGroups[${i}].params[${k}] is not a fresh integer index: ${index}`);
    }
    byIndex.set(index as number, [live.params[k]!, group]);
  });
  return group;
}

/** Checks one parameter's saved state and copies it into buffers of the parameter's dtype. */
function loadParamState(
  saved: ParamStateDict,
  index: string,
  param: Tensor,
  group: Hyperparameters,
  hooks: LoadHooks,
): ParamState {
  const { owner } = hooks;
  const { step, ...rest } = saved ?? {};
  if (typeof step !== 'number' || !Number.isInteger(step) || step < 0) {
    throw new ValueError(`${owner}: state[${index}].step must be an integer ≥ 0, got ${step}`);
  }
  for (const name of hooks.initState(group)) {
    if (!(name in rest)) throw new ValueError(`${owner}: state[${index}] has no buffer '${name}'`);
  }
  const buffers: Record<string, Tensor> = {};
  for (const [name, b] of Object.entries(rest)) {
    if (!(b instanceof Tensor)) throw new ValueError(`${owner}: state[${index}].${name} is not a Tensor`);
    if (!shapesEqual(b.shape, param.shape)) {
      throw new ShapeError(
        `${owner}: state[${index}].${name} has shape ${formatShape(b.shape)}, its parameter ${formatShape(param.shape)}`,
      );
    }
    buffers[name] = tensor(b.data(), { shape: [...param.shape], dtype: param.dtype });
  }
  return { step, buffers };
}

/**
 * Validates a state dict against live parameter groups and returns the hyperparameters per group
 * and the state per parameter, without changing anything.
 * @example
 * const opt = new optim.SGD(new nn.Linear(2, 1).parameters(), { lr: 0.1 });
 * const dict = opt.stateDict();
 * const hooks = { owner: 'SGD.loadStateDict', validate: () => {}, initState: () => [] };
 * const { groups, state } = loadOptimizerState(dict, opt.paramGroups, hooks);
 */
export function loadOptimizerState(
  dict: OptimizerStateDict,
  live: readonly ParamGroup[],
  hooks: LoadHooks,
): { groups: Hyperparameters[]; state: Map<Tensor, ParamState> } {
  const { owner } = hooks;
  if (!dict || !Array.isArray(dict.paramGroups) || typeof dict.state !== 'object' || !dict.state) {
    throw new ValueError(`${owner}: expected an object { paramGroups: [...], state: {...} }`);
  }
  if (dict.paramGroups.length !== live.length) {
    throw new ValueError(
      `${owner}: the state dict has ${dict.paramGroups.length} parameter groups, this optimizer ${live.length}`,
    );
  }
  const byIndex = new Map<number, [Tensor, Hyperparameters]>();
  const groups = dict.paramGroups.map((saved, i) => loadGroup(saved, live[i]!, i, hooks, byIndex));
  const state = new Map<Tensor, ParamState>();
  for (const [index, saved] of Object.entries(dict.state)) {
    const entry = byIndex.get(Number(index));
    if (!entry) throw new ValueError(`${owner}: state[${index}] belongs to no parameter of paramGroups`);
    state.set(entry[0], loadParamState(saved, index, entry[0], entry[1], hooks));
  }
  return { groups, state };
}
