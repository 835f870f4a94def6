/**
 * nabla's nn floor: Module, Parameter, Buffer, initializers, layers, losses and regularization.
 * The lead exposes it as `nn` (`import { nn } from 'nabla'`).
 */
export { gradcheckModule } from './gradcheck-module.js';
export * from './init.js';
export { ELU } from './layers/activation/elu.js';
export { GELU } from './layers/activation/gelu.js';
export { HardTanh } from './layers/activation/hard-tanh.js';
export { LeakyReLU } from './layers/activation/leaky-relu.js';
export { LogSoftmax } from './layers/activation/log-softmax.js';
export { ReLU } from './layers/activation/relu.js';
export { SELU } from './layers/activation/selu.js';
export { Sigmoid } from './layers/activation/sigmoid.js';
export { SiLU } from './layers/activation/silu.js';
export { Softmax } from './layers/activation/softmax.js';
export { Softplus } from './layers/activation/softplus.js';
export { Tanh } from './layers/activation/tanh.js';
export { Sequential } from './layers/container/sequential.js';
export { Dropout } from './layers/dropout/dropout.js';
export { Embedding, type EmbeddingOptions } from './layers/embedding/embedding.js';
export { Identity } from './layers/linear/identity.js';
export { Linear, type LinearOptions } from './layers/linear/linear.js';
export { BatchNorm1d, type BatchNormOptions } from './layers/normalization/batch-norm1d.js';
export { LayerNorm, type LayerNormOptions } from './layers/normalization/layer-norm.js';
export { Flatten } from './layers/reshape/flatten.js';
export { binaryCrossEntropy } from './losses/binary-cross-entropy.js';
export { binaryCrossEntropyWithLogits } from './losses/binary-cross-entropy-with-logits.js';
export type { ClassLossOptions } from './losses/class-targets.js';
export { type CrossEntropyOptions, crossEntropy } from './losses/cross-entropy.js';
export { huberLoss } from './losses/huber-loss.js';
export { l1Loss } from './losses/l1-loss.js';
export { mseLoss } from './losses/mse-loss.js';
export { multiLabelLogisticLoss } from './losses/multi-label-logistic-loss.js';
export { nllLoss } from './losses/nll-loss.js';
export type { LossOptions, Reduction } from './losses/reduction.js';
export { Buffer, Module, Parameter, type ParameterOptions } from './module.js';
export { l1Penalty, l2Penalty, weightsOnly } from './regularization.js';
