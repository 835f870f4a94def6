import { ValueError } from '../errors.js';
import type { RawTensor } from '../io/safetensors.js';
import { Tensor } from '../tensor/tensor.js';
import { fromRaw, toRaw } from './weights.js';

/**
 * An optimizer's state dict split for a safetensors file: its tensors (named `optim.<path>`,
 * e.g. `optim.0.velocity` for `state[0].velocity`) and the rest as JSON, where each tensor is a
 * `{"__tensor__": name}` placeholder and non-finite numbers are `{"__number__": "NaN"}`.
 * @example
 * const optimizer = new optim.Adam(new nn.Linear(2, 1).parameters());
 * const { json, tensors } = encodeOptimizerState(optimizer.stateDict());
 */
export function encodeOptimizerState(state: unknown): { json: string; tensors: Record<string, RawTensor> } {
  const tensors: Record<string, RawTensor> = {};
  const walk = (value: unknown, path: string[]): unknown => {
    if (value instanceof Tensor) {
      // The top-level `state` key adds nothing to the name: `optim.0.velocity`.
      const name = ['optim', ...(path[0] === 'state' ? path.slice(1) : path)].join('.');
      if (name in tensors) throw new ValueError(`encodeOptimizerState: two tensors would be named ${name}`);
      tensors[name] = toRaw(value);
      return { __tensor__: name };
    }
    if (typeof value === 'number' && !Number.isFinite(value)) return { __number__: String(value) };
    if (Array.isArray(value)) return value.map((v, i) => walk(v, [...path, String(i)]));
    if (typeof value === 'object' && value !== null)
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, [...path, k])]));
    return value;
  };
  const json = JSON.stringify(walk(state, []));
  return { json, tensors };
}

/**
 * The inverse of {@link encodeOptimizerState}. Throws a plain Error (the caller names the file)
 * when a placeholder names a tensor the file lacks.
 * @example
 * const optimizer = new optim.Adam(new nn.Linear(2, 1).parameters());
 * const { json, tensors } = encodeOptimizerState(optimizer.stateDict());
 * optimizer.loadStateDict(decodeOptimizerState(json, tensors) as ReturnType<typeof optimizer.stateDict>);
 */
export function decodeOptimizerState(json: string, tensors: Record<string, RawTensor>): unknown {
  const used = new Set<string>();
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (typeof value !== 'object' || value === null) return value;
    const entries = Object.entries(value);
    const [key, ref] = entries[0] ?? [];
    if (entries.length === 1 && key === '__tensor__' && typeof ref === 'string') {
      const raw = Object.hasOwn(tensors, ref) ? tensors[ref] : undefined;
      if (!raw) throw new Error(`the optimizer state refers to tensor ${ref}, which the file lacks`);
      used.add(ref);
      return fromRaw(raw);
    }
    if (entries.length === 1 && key === '__number__') return Number(ref);
    return Object.fromEntries(entries.map(([k, v]) => [k, walk(v)]));
  };
  const state = walk(JSON.parse(json));
  const unused = Object.keys(tensors).filter((n) => n.startsWith('optim.') && !used.has(n));
  if (unused.length > 0) throw new Error(`unexpected optimizer tensors ${unused.join(', ')}`);
  return state;
}
