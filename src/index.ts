/**
 * nabla: a deep-learning framework in TypeScript.
 * @packageDocumentation
 */
export * from './autograd/index.js';
export * from './backends/index.js';
export * from './data/index.js';
export * from './errors.js';
export * from './io/index.js';
export * from './metrics/index.js';
export * as nn from './nn/index.js';
export {
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  contrastiveLoss,
  cosineEmbeddingLoss,
  crossEntropy,
  type DiceLossOptions,
  diceLoss,
  huberLoss,
  l1Loss,
  type MarginSoftmaxLossOptions,
  marginRankingLoss,
  marginSoftmaxLoss,
  mseLoss,
  multiLabelLogisticLoss,
  nllLoss,
  type TripletMarginLossOptions,
  tripletMarginLoss,
} from './nn/index.js';
export * from './ops/index.js';
export * as optim from './optim/index.js';
export * from './tensor/index.js';
export * from './train/index.js';
