import { type nn, type Tensor, ValueError } from '../../index.js';

/** Maps an input batch to the activations of the chosen layers, by name. */
export type FeatureExtractor = (x: Tensor) => Record<string, Tensor>;

/** Every submodule under its dotted path (`layers.3`, `features.8`), as namedParameters names them. */
function namedModules(model: nn.Module, prefix = ''): Map<string, nn.Module> {
  const out = new Map<string, nn.Module>();
  for (const [name, child] of model.namedChildren()) {
    const path = prefix ? `${prefix}.${name}` : name;
    out.set(path, child);
    for (const [sub, m] of namedModules(child, path)) out.set(sub, m);
  }
  return out;
}

/** Thrown inside the forward pass once every wanted activation is in: the rest need not run. */
class EnoughFeatures extends Error {}

/**
 * A function returning the activations of the named layers of any model (names are dotted
 * module paths, as in `namedParameters`: `layers.3` of a Sequential, `features.8` of the zoo's
 * VGG). It runs the model's own forward with the chosen layers' forward wrapped to record their
 * outputs, and stops as soon as all are recorded, so layers after the deepest one cost nothing.
 * Gradients flow through the activations (style transfer differentiates them).
 * @example
 * const model = new nn.Sequential(new nn.Linear(3, 4), new nn.ReLU(), new nn.Linear(4, 2));
 * const features = featureExtractor(model, ['layers.0', 'layers.1']);
 * features(randn([5, 3]))['layers.1']!.shape; // [5, 4]
 */
export function featureExtractor(model: nn.Module, layerNames: readonly string[]): FeatureExtractor {
  const modules = namedModules(model);
  if (layerNames.length === 0)
    throw new ValueError('featureExtractor: layerNames must name at least one layer');
  const targets = layerNames.map((name) => {
    const m = modules.get(name);
    if (!m)
      throw new ValueError(
        `featureExtractor: the model has no layer '${name}' (layers: ${[...modules.keys()].slice(0, 12).join(', ')}${modules.size > 12 ? ', …' : ''})`,
      );
    return m;
  });
  return (x: Tensor) => {
    const found: Record<string, Tensor> = {};
    const wrapped = targets.map((m, i) => {
      const own = Object.getOwnPropertyDescriptor(m, 'forward');
      const original = m.forward;
      m.forward = (...inputs: Tensor[]) => {
        const y = original.apply(m, inputs);
        found[layerNames[i]!] ??= y;
        if (layerNames.every((n) => n in found)) throw new EnoughFeatures();
        return y;
      };
      return { m, own };
    });
    try {
      model.forward(x);
    } catch (error) {
      if (!(error instanceof EnoughFeatures)) throw error;
    } finally {
      // Put back what was there: an own forward, or none (which uncovers the class's method).
      for (const { m, own } of wrapped.reverse()) {
        if (own) Object.defineProperty(m, 'forward', own);
        else delete (m as { forward?: unknown }).forward;
      }
    }
    const missing = layerNames.filter((n) => !(n in found));
    if (missing.length > 0)
      throw new ValueError(`featureExtractor: layer '${missing[0]}' was not called by the model's forward`);
    return Object.fromEntries(layerNames.map((n) => [n, found[n]!]));
  };
}
