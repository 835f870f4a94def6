/** What {@link moduleRepr} needs of a module: its class, its own settings and its submodules. */
export interface ReprSource {
  readonly constructor: { readonly name: string };
  extraRepr(): string;
}

/**
 * A module printed as PyTorch prints one: its class with its settings, and its submodules
 * indented below it under their field names.
 * @example
 * const model = new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU());
 * moduleRepr<nn.Module>(model, (m) => m.namedChildren());
 * // Sequential(
 * //   (layers.0): Linear(inFeatures=2, outFeatures=3)
 * //   (layers.1): ReLU()
 * // )
 */
export function moduleRepr<M extends ReprSource>(module: M, children: (m: M) => [string, M][]): string {
  const name = module.constructor.name;
  const extra = module.extraRepr();
  const lines = children(module).map(([field, child]) => {
    const text = moduleRepr(child, children).replaceAll('\n', '\n  ');
    return `  (${field}): ${text}`;
  });
  if (lines.length === 0) return `${name}(${extra})`;
  // With submodules, the settings get a line of their own, as in PyTorch.
  return `${name}(\n${extra ? `  ${extra}\n` : ''}${lines.join('\n')}\n)`;
}

/**
 * The default settings string of a module: its own fields that hold a number, a boolean, a
 * string or an array of numbers (`inFeatures=784, outFeatures=512`), `training` left out.
 * @example
 * defaultExtraRepr({ training: true, inFeatures: 2, outFeatures: 3 }); // => 'inFeatures=2, outFeatures=3'
 */
export function defaultExtraRepr(module: object): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(module)) {
    if (name === 'training' || name.startsWith('_')) continue;
    const plain =
      ['number', 'boolean', 'string'].includes(typeof value) ||
      (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'number'));
    if (plain) parts.push(`${name}=${Array.isArray(value) ? `[${value.join(', ')}]` : String(value)}`);
  }
  return parts.join(', ');
}
