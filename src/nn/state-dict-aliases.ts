/** A state dict moved to a module's own names by {@link resolveAliases}. */
export interface ResolvedStateDict<T> {
  /** The entries under the module's own names (names that match nothing stay as they were). */
  dict: Record<string, T>;
  /** For each own name that arrived under an alias, the alias (for messages). */
  aliasOf: Map<string, string>;
  /** One line per own name given twice (under its own name and an alias, or two aliases). */
  conflicts: string[];
}

/**
 * Renames the keys of `dict` that are not own names but aliases of one (see
 * `Module.stateDictAliases`): the step that lets a zoo model load torchvision's names. Own names
 * win: a key that is an own name is never renamed.
 * @example
 * const own = { 'fc.weight': 0 };
 * resolveAliases({ 'classifier.weight': 1 }, own, new Map([['classifier.weight', 'fc.weight']])).dict; // => { 'fc.weight': 1 }
 */
export function resolveAliases<T>(
  dict: Record<string, T>,
  own: Record<string, unknown>,
  aliases: ReadonlyMap<string, string>,
): ResolvedStateDict<T> {
  const out: [string, T][] = [];
  const aliasOf = new Map<string, string>();
  const given = new Map<string, string>();
  const conflicts: string[] = [];
  for (const [key, value] of Object.entries(dict)) {
    // Own keys only: 'toString' or '__proto__' must not match Object.prototype.
    const target = !Object.hasOwn(own, key) && aliases.has(key) ? (aliases.get(key) as string) : key;
    const before = given.get(target);
    if (before !== undefined) {
      conflicts.push(`'${before}' and '${key}' both give '${target}'`);
      continue;
    }
    given.set(target, key);
    if (target !== key) aliasOf.set(target, key);
    out.push([target, value]);
  }
  // fromEntries defines own properties, so a key named "__proto__" stays a key.
  return { dict: Object.fromEntries(out), aliasOf, conflicts };
}

/**
 * How a message names an entry: its own name, or the alias it came under with the own name.
 * @example
 * describeKey('stem.0.conv.weight', new Map([['stem.0.conv.weight', 'conv1.weight']])); // => "'conv1.weight' (own name 'stem.0.conv.weight')"
 */
export function describeKey(name: string, aliasOf: ReadonlyMap<string, string>): string {
  const alias = aliasOf.get(name);
  return alias === undefined ? `'${name}'` : `'${alias}' (own name '${name}')`;
}

/** PyTorch's names for the parameters and buffers whose nabla name differs. */
const PYTORCH_LEAF_NAMES: ReadonlyMap<string, string> = new Map([
  ['runningMean', 'running_mean'],
  ['runningVar', 'running_var'],
  ['numBatchesTracked', 'num_batches_tracked'],
]);

/**
 * How PyTorch spells a nabla state-dict name: a Sequential's children without nabla's `layers`
 * segment (PyTorch's `nn.Sequential` names them 0, 1, ...) and BatchNorm's buffers in snake_case.
 * `Module.stateDictAliases` answers to these by default.
 * @example
 * pytorchName('features.layers.1.runningMean'); // => 'features.1.running_mean'
 */
export function pytorchName(name: string): string {
  const dot = name.lastIndexOf('.');
  const path = name.slice(0, dot + 1).replace(/(^|\.)layers\.(?=\d)/g, '$1');
  const leaf = name.slice(dot + 1);
  return path + (PYTORCH_LEAF_NAMES.get(leaf) ?? leaf);
}
