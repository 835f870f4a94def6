import {
  binaryCrossEntropy,
  defaultGenerator,
  type Generator,
  nn,
  noGrad,
  optim,
  type Tensor,
  ValueError,
} from '../index.js';
import { ContrastiveDivergence, type ContrastiveDivergenceOptions } from './contrastive-divergence.js';
import { type Corruption, corrupt } from './corrupt.js';
import { forEachBatch, greedyLayerwise } from './layerwise.js';
import { RBM } from './rbm.js';

export interface LayerwiseOptions {
  /** Passes over the data per layer (default 5). */
  epochs?: number;
  /** Default 100. */
  batchSize?: number;
  generator?: Generator;
  /** Called after each epoch of each layer with that epoch's mean training error. */
  onEpoch?: (layer: number, epoch: number, error: number) => void;
}

export interface DBNOptions extends LayerwiseOptions, Omit<ContrastiveDivergenceOptions, 'momentum'> {
  /** Momentum for the first 5 epochs, then `finalMomentum` (the guide's 0.5 then 0.9). */
  initialMomentum?: number;
  finalMomentum?: number;
}

function checkEpochs(owner: string, epochs: number): void {
  if (!Number.isSafeInteger(epochs) || epochs < 1)
    throw new ValueError(`${owner}: epochs must be a positive integer, got ${epochs}`);
}

/**
 * Trains `rbm` on `data` [n, nVisible] by CD-k (see {@link ContrastiveDivergence}) for `epochs`
 * passes in shuffled batches, with the practical guide's momentum schedule (`initialMomentum`
 * for the first 5 epochs, then `finalMomentum`); `onEpoch` gets `layer` as its first argument.
 * Returns the RBM.
 * @see https://www.cs.toronto.edu/~hinton/absps/guideTR.pdf (Hinton, A Practical Guide to Training RBMs, section 9)
 * @example
 * const rbm = trainRBM(new RBM(16, 8), bernoulli(0.3, [200, 16]), { epochs: 2, lr: 0.05 });
 */
export function trainRBM<R extends RBM>(rbm: R, data: Tensor, options: DBNOptions = {}, layer = 0): R {
  const { epochs = 5, batchSize = 100, generator = defaultGenerator, onEpoch } = options;
  const { initialMomentum = 0.5, finalMomentum = 0.9, ...cdOptions } = options;
  checkEpochs('trainRBM', epochs);
  const cd = new ContrastiveDivergence(rbm, { ...cdOptions, momentum: initialMomentum });
  for (let epoch = 0; epoch < epochs; epoch++) {
    cd.momentum = epoch < 5 ? initialMomentum : finalMomentum;
    let sum = 0;
    let batches = 0;
    forEachBatch(data, batchSize, generator, (batch) => {
      sum += cd.step(batch);
      batches += 1;
    });
    onEpoch?.(layer, epoch, sum / batches);
  }
  return rbm;
}

/**
 * A deep belief net's greedy pretraining: an RBM with Bernoulli units on `data` [n, features]
 * (values in [0, 1]), then an RBM on its hidden probabilities, and so on for each width in
 * `hidden`, each trained by {@link trainRBM}. Unroll the result with
 * `unrolledClassifier(rbms.map(rbmToLinear), 10)`; add a top-level RBM with label units
 * ({@link LabeledRBM}) to generate digits with {@link sampleDBN}.
 * @see https://www.cs.toronto.edu/~hinton/absps/fastnc.pdf (Hinton, Osindero & Teh, A fast learning algorithm for deep belief nets, 2006)
 * @example
 * const images = bernoulli(0.2, [200, 784]);
 * const rbms = pretrainDBN(images, [64, 32], { epochs: 1, lr: 0.05 });
 */
export function pretrainDBN(data: Tensor, hidden: readonly number[], options: DBNOptions = {}): RBM[] {
  const { epochs = 5, generator = defaultGenerator } = options;
  checkEpochs('pretrainDBN', epochs);
  return greedyLayerwise(data, hidden, (input, inFeatures, outFeatures, index) => {
    const rbm = trainRBM(new RBM(inFeatures, outFeatures, { generator }), input, options, index);
    return { layer: rbm, transform: (x: Tensor) => rbm.hiddenProbs(x) };
  });
}

/**
 * A Linear layer with an RBM's recognition weights: weight W [nHidden, nVisible], bias the hidden
 * biases c, so that σ(linear(v)) = p(h = 1 | v). A copy: fine-tuning leaves the RBM unchanged.
 * @example
 * const rbm = new RBM(784, 32);
 * const layer = rbmToLinear(rbm);
 */
export function rbmToLinear(rbm: RBM): nn.Linear {
  const layer = new nn.Linear(rbm.nVisible, rbm.nHidden);
  noGrad(() => {
    layer.weight.data().set(rbm.weight.data());
    layer.bias!.data().set(rbm.hiddenBias.data());
  });
  return layer;
}

export interface DenoisingStackOptions extends LayerwiseOptions {
  /** How each layer's input is corrupted (default 'masking'). */
  corruption?: Corruption;
  /** Its level: σ for 'gaussian', a probability otherwise (default 0.25). */
  level?: number;
  /** Adam's learning rate (default 1e-3). */
  lr?: number;
}

/**
 * Stacked denoising autoencoders, trained greedily: each layer is a sigmoid autoencoder
 * (Linear → sigmoid → Linear → sigmoid) that reconstructs its clean input from a corrupted copy
 * (binary cross-entropy, Adam), and the next layer trains on its codes. Returns the encoders,
 * ready for `unrolledClassifier(encoders, 10)`. Inputs must lie in [0, 1].
 * @see https://jmlr.org/papers/v11/vincent10a.html (Vincent et al., Stacked Denoising Autoencoders, 2010)
 * @example
 * const encoders = pretrainDenoisingStack(rand([200, 784]), [64, 32], { epochs: 1 });
 */
export function pretrainDenoisingStack(
  data: Tensor,
  hidden: readonly number[],
  options: DenoisingStackOptions = {},
): nn.Linear[] {
  const { epochs = 5, batchSize = 100, generator = defaultGenerator, onEpoch } = options;
  const { corruption = 'masking', level = 0.25, lr = 1e-3 } = options;
  checkEpochs('pretrainDenoisingStack', epochs);
  return greedyLayerwise(data, hidden, (input, inFeatures, outFeatures, index) => {
    const encoder = new nn.Linear(inFeatures, outFeatures);
    const decoder = new nn.Linear(outFeatures, inFeatures);
    const opt = new optim.Adam([...encoder.parameters(), ...decoder.parameters()], { lr });
    for (let epoch = 0; epoch < epochs; epoch++) {
      let sum = 0;
      let batches = 0;
      forEachBatch(input, batchSize, generator, (batch) => {
        const noisy = corrupt(batch, corruption, level, { generator });
        const reconstruction = decoder.forward(encoder.forward(noisy).sigmoid()).sigmoid();
        const loss = binaryCrossEntropy(reconstruction, batch);
        opt.zeroGrad();
        loss.backward();
        opt.step();
        sum += loss.item();
        batches += 1;
      });
      onEpoch?.(index, epoch, sum / batches);
    }
    return { layer: encoder, transform: (x: Tensor) => encoder.forward(x).sigmoid() };
  });
}
