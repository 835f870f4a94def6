/**
 * nabla's nn floor: Module, Parameter, Buffer, initializers, layers, losses and regularization.
 * The lead exposes it as `nn` (`import { nn } from 'nabla'`).
 */

export {
  type AttentionOptions,
  type AttentionResult,
  causalMask,
  maskedSoftmax,
  scaledDotProductAttention,
} from '../ops/scaled-dot-product-attention.js';
export type { BufferOptions } from './buffer.js';
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
export {
  BahdanauAttention,
  type BahdanauForwardOptions,
  type BahdanauResult,
} from './layers/attention/bahdanau-attention.js';
export {
  MultiheadAttention,
  type MultiheadAttentionForwardOptions,
  type MultiheadAttentionOptions,
  type MultiheadAttentionResult,
} from './layers/attention/multihead-attention.js';
export { Sequential } from './layers/container/sequential.js';
export {
  ConvLayer,
  type ConvLayerOptions,
  type ConvTransposeLayerOptions,
} from './layers/conv/conv-layer.js';
export { ConvTranspose1d } from './layers/conv/conv-transpose1d.js';
export { ConvTranspose2d } from './layers/conv/conv-transpose2d.js';
export { Conv1d } from './layers/conv/conv1d.js';
export { Conv2d } from './layers/conv/conv2d.js';
export { Conv3d } from './layers/conv/conv3d.js';
export { Dropout } from './layers/dropout/dropout.js';
export { Dropout2d } from './layers/dropout/dropout2d.js';
export { Embedding, type EmbeddingOptions } from './layers/embedding/embedding.js';
export { CosineLinear } from './layers/linear/cosine-linear.js';
export { Identity } from './layers/linear/identity.js';
export { Linear, type LinearOptions } from './layers/linear/linear.js';
export { AlphaDropout } from './layers/noise/alpha-dropout.js';
export { GaussianDropout } from './layers/noise/gaussian-dropout.js';
export { GaussianNoise } from './layers/noise/gaussian-noise.js';
export { BatchNormBase } from './layers/normalization/batch-norm-base.js';
export { BatchNorm1d, type BatchNormOptions } from './layers/normalization/batch-norm1d.js';
export { BatchNorm2d } from './layers/normalization/batch-norm2d.js';
export { GroupNorm, type GroupNormOptions } from './layers/normalization/group-norm.js';
export { LayerNorm, type LayerNormOptions } from './layers/normalization/layer-norm.js';
export { LocalResponseNorm } from './layers/normalization/local-response-norm.js';
export { AdaptiveAvgPool2d } from './layers/pooling/adaptive-avg-pool2d.js';
export { AvgPool1d } from './layers/pooling/avg-pool1d.js';
export { AvgPool2d } from './layers/pooling/avg-pool2d.js';
export { AvgPool3d } from './layers/pooling/avg-pool3d.js';
export { GlobalAvgPool } from './layers/pooling/global-avg-pool.js';
export { MaxPool1d } from './layers/pooling/max-pool1d.js';
export { MaxPool2d } from './layers/pooling/max-pool2d.js';
export { MaxPool3d } from './layers/pooling/max-pool3d.js';
export { MaxUnpool2d } from './layers/pooling/max-unpool2d.js';
export type { CellStep, CellWeights, RecurrentCellOptions } from './layers/recurrent/cell-weights.js';
export { GRU, type GRUOptions } from './layers/recurrent/gru.js';
export {
  GRUCell,
  type GRUCellOptions,
  gruCellStep,
  simplifiedGruCellStep,
} from './layers/recurrent/gru-cell.js';
export { LSTM, type LSTMOutput } from './layers/recurrent/lstm.js';
export { LSTMCell, type LSTMState, lstmCellStep } from './layers/recurrent/lstm-cell.js';
export { RecurrentCell } from './layers/recurrent/recurrent-cell.js';
export {
  type RecurrentKind,
  RecurrentLayer,
  type RecurrentLayerOptions,
  type RecurrentOutput,
  type RecurrentState,
  type SequenceOptions,
} from './layers/recurrent/recurrent-layer.js';
export { RNN, type RNNOptions } from './layers/recurrent/rnn.js';
export {
  RNNCell,
  type RNNCellOptions,
  type RNNNonlinearity,
  rnnCellStep,
} from './layers/recurrent/rnn-cell.js';
export { Flatten } from './layers/reshape/flatten.js';
export { Unflatten } from './layers/reshape/unflatten.js';
export { Upsample } from './layers/reshape/upsample.js';
export { ZeroPad2d } from './layers/reshape/zero-pad2d.js';
export { PositionalEmbedding } from './layers/transformer/positional-embedding.js';
export { sinusoidalPositionalEncoding } from './layers/transformer/sinusoidal-positional-encoding.js';
export {
  Transformer,
  type TransformerMaskOptions,
  type TransformerOptions,
} from './layers/transformer/transformer.js';
export { TransformerDecoder } from './layers/transformer/transformer-decoder.js';
export {
  type DecoderMaskOptions,
  TransformerDecoderLayer,
} from './layers/transformer/transformer-decoder-layer.js';
export { TransformerEncoder } from './layers/transformer/transformer-encoder.js';
export {
  type EncoderMaskOptions,
  TransformerEncoderLayer,
  type TransformerLayerOptions,
} from './layers/transformer/transformer-encoder-layer.js';
export { binaryCrossEntropy } from './losses/binary-cross-entropy.js';
export { binaryCrossEntropyWithLogits } from './losses/binary-cross-entropy-with-logits.js';
export type { ClassLossOptions } from './losses/class-targets.js';
export { contrastiveLoss } from './losses/contrastive-loss.js';
export { cosineEmbeddingLoss } from './losses/cosine-embedding-loss.js';
export { type CrossEntropyOptions, crossEntropy } from './losses/cross-entropy.js';
export { type CtcLossOptions, ctcLoss } from './losses/ctc-loss.js';
export { type DiceLossOptions, diceLoss } from './losses/dice-loss.js';
export { huberLoss } from './losses/huber-loss.js';
export { l1Loss } from './losses/l1-loss.js';
export { marginRankingLoss } from './losses/margin-ranking-loss.js';
export { type MarginSoftmaxLossOptions, marginSoftmaxLoss } from './losses/margin-softmax-loss.js';
export { mseLoss } from './losses/mse-loss.js';
export { multiLabelLogisticLoss } from './losses/multi-label-logistic-loss.js';
export { nllLoss } from './losses/nll-loss.js';
export type { LossOptions, Reduction } from './losses/reduction.js';
export { type TripletMarginLossOptions, tripletMarginLoss } from './losses/triplet-margin-loss.js';
export { Buffer, Module, Parameter, type ParameterOptions } from './module.js';
export { l1Penalty, l2Penalty, weightsOnly } from './regularization.js';
export { pytorchName } from './state-dict-aliases.js';
