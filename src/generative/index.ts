/**
 * nabla/generative: unsupervised and generative models — restricted Boltzmann machines and deep
 * belief nets, autoencoders (dense, convolutional, denoising, sparse, variational), GANs, and
 * retrieval on learned codes. Built only on nabla's public API.
 * @packageDocumentation
 */

export {
  Autoencoder,
  convAutoencoder,
  type DenseAutoencoderOptions,
  denseAutoencoder,
} from './autoencoder.js';
export { withBatchStatistics } from './batch-statistics.js';
export { ContrastiveDivergence, type ContrastiveDivergenceOptions } from './contrastive-divergence.js';
export { type Corruption, corrupt } from './corrupt.js';
export { downPass, type SampleDBNOptions, sampleDBN, upPass } from './dbn-sampler.js';
export { DCGANDiscriminator, DCGANGenerator, type DCGANOptions, dcganInit } from './dcgan.js';
export {
  type DBNOptions,
  type DenoisingStackOptions,
  type LayerwiseOptions,
  pretrainDBN,
  pretrainDenoisingStack,
  rbmToLinear,
  trainRBM,
} from './deep-belief-net.js';
export { type ClassifierScores, classifierScores, frechetDistance, symmetricEigen } from './gan-metrics.js';
export { GANTrainer, type GANTrainerOptions } from './gan-trainer.js';
export { LabeledRBM } from './labeled-rbm.js';
export { forEachBatch, greedyLayerwise, sigmoidClassifier, unrolledClassifier } from './layerwise.js';
export { type Neighbors, nearestNeighbors } from './nearest-neighbors.js';
export { RBM, type RBMOptions, type VisibleUnits } from './rbm.js';
export { klSparsityPenalty } from './sparsity.js';
export { truncatedNoise } from './truncated-noise.js';
export { gaussianKl, VAE, type VAEOutput, vaeLoss } from './vae.js';
export { WeightAverage, type WeightAverageOptions } from './weight-average.js';
