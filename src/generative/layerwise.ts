import { type Generator, nn, noGrad, randperm, type Tensor, ValueError } from '../index.js';

/**
 * Calls `visit(batch)` on the rows of `data` [n, d], shuffled by `generator`, in batches of
 * `batchSize` (the last one may be smaller).
 * @example
 * const data = bernoulli(0.3, [200, 16]);
 * const cd = new ContrastiveDivergence(new RBM(16, 4), { lr: 0.05 });
 * forEachBatch(data, 100, new Generator(0), (batch) => cd.step(batch));
 */
export function forEachBatch(
  data: Tensor,
  batchSize: number,
  generator: Generator,
  visit: (batch: Tensor) => void,
): void {
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw new ValueError(`forEachBatch: batchSize must be a positive integer, got ${batchSize}`);
  }
  const n = data.shape[0]!;
  const order = randperm(n, { generator });
  for (let start = 0; start < n; start += batchSize) {
    visit(data.indexSelect(0, order.narrow(0, start, Math.min(batchSize, n - start))));
  }
}

/**
 * The feed-forward network that a stack of pretrained layers unrolls into: each layer followed by
 * a sigmoid (the units of an RBM or of a sigmoid autoencoder), then a fresh Linear head of
 * `numClasses` logits. The layers are used as they are (not copied), so fine-tuning changes them.
 * @see https://www.cs.toronto.edu/~hinton/absps/fastnc.pdf (Hinton, Osindero & Teh, 2006)
 * @example
 * const rbms = [new RBM(784, 64), new RBM(64, 32)];
 * const net = unrolledClassifier(rbms.map(rbmToLinear), 10);
 */
export function unrolledClassifier(layers: readonly nn.Linear[], numClasses: number): nn.Sequential {
  if (layers.length === 0) throw new ValueError('unrolledClassifier: needs at least one layer');
  if (!Number.isSafeInteger(numClasses) || numClasses < 1) {
    throw new ValueError(`unrolledClassifier: numClasses must be a positive integer, got ${numClasses}`);
  }
  const modules: nn.Module[] = layers.flatMap((l) => [l, new nn.Sigmoid()]);
  modules.push(new nn.Linear(layers[layers.length - 1]!.outFeatures, numClasses));
  return new nn.Sequential(...modules);
}

/**
 * The same sizes as {@link unrolledClassifier} builds, randomly initialised: the baseline that
 * pretraining is compared with.
 * @example
 * const baseline = sigmoidClassifier([784, 500, 500], 10);
 */
export function sigmoidClassifier(sizes: readonly number[], numClasses: number): nn.Sequential {
  if (sizes.length < 2)
    throw new ValueError(
      `sigmoidClassifier: sizes needs an input and a hidden width, got [${sizes.join(', ')}]`,
    );
  const layers = sizes.slice(1).map((out, i) => new nn.Linear(sizes[i]!, out));
  return unrolledClassifier(layers, numClasses);
}

/**
 * Greedy layer-wise training: trains `trainLayer` on `data`, maps the data through the trained
 * layer (without gradients), and trains the next on that, for each width in `hidden`.
 * @example
 * const data = rand([20, 8]);
 * const layers = greedyLayerwise(data, [4, 2], (x, inF, outF) => {
 *   const layer = new nn.Linear(inF, outF);
 *   return { layer, transform: (v) => layer.forward(v) };
 * });
 */
export function greedyLayerwise<L>(
  data: Tensor,
  hidden: readonly number[],
  trainLayer: (
    input: Tensor,
    inFeatures: number,
    outFeatures: number,
    index: number,
  ) => { layer: L; transform(x: Tensor): Tensor },
): L[] {
  if (data.ndim !== 2)
    throw new ValueError(`greedyLayerwise: data must be [n, features], got [${data.shape.join(', ')}]`);
  if (hidden.length === 0 || !hidden.every((h) => Number.isSafeInteger(h) && h > 0)) {
    throw new ValueError(`greedyLayerwise: hidden must list positive integers, got [${hidden.join(', ')}]`);
  }
  const out: L[] = [];
  let input = data;
  hidden.forEach((h, i) => {
    const { layer, transform } = trainLayer(input, input.shape[1]!, h, i);
    out.push(layer);
    if (i + 1 < hidden.length) input = noGrad(() => transform(input));
  });
  return out;
}
