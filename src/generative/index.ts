/**
 * nabla/generative: unsupervised and generative models — restricted Boltzmann machines and deep
 * belief nets, autoencoders (dense, convolutional, denoising, sparse, variational), GANs, and
 * retrieval on learned codes. Built only on nabla's public API.
 * @packageDocumentation
 */
export { ContrastiveDivergence, type ContrastiveDivergenceOptions } from './contrastive-divergence.js';
export { RBM, type RBMOptions, type VisibleUnits } from './rbm.js';
