import { type nn, noGrad } from '../index.js';

/**
 * Runs `fn` with `model` in training mode without recording gradients, so batch-norm layers
 * normalize by the statistics of the batch they see, then puts back the model's mode and its
 * buffers (the running statistics the training-mode passes moved). For an averaged GAN
 * generator, whose running statistics belong to other weights, this gives each sample batch
 * statistics that match the averaged weights (BigGAN's "standing statistics" idea, with the
 * batch itself as the standing sample: use batches of a few hundred).
 * @see https://arxiv.org/abs/1809.11096 (Brock, Donahue & Simonyan, BigGAN, appendix C.1: standing statistics)
 * @example
 * const bn = new nn.BatchNorm1d(2).eval();
 * const y = withBatchStatistics(bn, () => bn.forward(tensor([[1, 2], [3, 6]])));
 * y.toArray(); // [[-1, -1], [1, 1]]: normalized by the batch; bn is in eval mode again, its running stats unchanged
 */
export function withBatchStatistics<T>(model: nn.Module, fn: () => T): T {
  const wasTraining = model.training;
  const saved = model.buffers().map((b) => b.data().slice());
  model.train();
  try {
    return noGrad(fn);
  } finally {
    model.buffers().forEach((b, i) => {
      b.data().set(saved[i]!);
    });
    model.train(wasTraining);
  }
}
