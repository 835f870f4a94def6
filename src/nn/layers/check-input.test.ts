import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DTypeError, ShapeError, ValueError } from '../../errors.js';
import { ones, tensor } from '../../index.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Module } from '../module.js';
import { ReLU } from './activation/relu.js';
import { Softmax } from './activation/softmax.js';
import { BahdanauAttention } from './attention/bahdanau-attention.js';
import { MultiheadAttention } from './attention/multihead-attention.js';
import { checkInput } from './check-input.js';
import { Sequential } from './container/sequential.js';
import { ConvTranspose1d } from './conv/conv-transpose1d.js';
import { ConvTranspose2d } from './conv/conv-transpose2d.js';
import { Conv1d } from './conv/conv1d.js';
import { Conv2d } from './conv/conv2d.js';
import { Conv3d } from './conv/conv3d.js';
import { Dropout } from './dropout/dropout.js';
import { Dropout2d } from './dropout/dropout2d.js';
import { Embedding } from './embedding/embedding.js';
import { Identity } from './linear/identity.js';
import { Linear } from './linear/linear.js';
import { BatchNorm1d } from './normalization/batch-norm1d.js';
import { BatchNorm2d } from './normalization/batch-norm2d.js';
import { LayerNorm } from './normalization/layer-norm.js';
import { LocalResponseNorm } from './normalization/local-response-norm.js';
import { AdaptiveAvgPool2d } from './pooling/adaptive-avg-pool2d.js';
import { AvgPool1d } from './pooling/avg-pool1d.js';
import { GlobalAvgPool } from './pooling/global-avg-pool.js';
import { MaxPool2d } from './pooling/max-pool2d.js';
import { MaxPool3d } from './pooling/max-pool3d.js';
import { MaxUnpool2d } from './pooling/max-unpool2d.js';
import { GRU } from './recurrent/gru.js';
import { GRUCell } from './recurrent/gru-cell.js';
import { LSTM } from './recurrent/lstm.js';
import { LSTMCell } from './recurrent/lstm-cell.js';
import { RNN } from './recurrent/rnn.js';
import { RNNCell } from './recurrent/rnn-cell.js';
import { Flatten } from './reshape/flatten.js';
import { Upsample } from './reshape/upsample.js';
import { ZeroPad2d } from './reshape/zero-pad2d.js';
import { PositionalEmbedding } from './transformer/positional-embedding.js';
import { Transformer } from './transformer/transformer.js';
import { TransformerDecoderLayer } from './transformer/transformer-decoder-layer.js';
import { TransformerEncoderLayer } from './transformer/transformer-encoder-layer.js';

// Each row: a layer, a wrong input, the error's class and its exact message.
type Row = [string, () => unknown, new (m: string) => Error, string];
const x = (...shape: number[]): Tensor => ones(shape);
const call =
  (layer: Module, ...args: unknown[]) =>
  () =>
    (layer as unknown as { forward(...a: unknown[]): unknown }).forward(...args);

const rows: Row[] = [
  // linear
  [
    'Linear on an image',
    call(new Linear(784, 10), x(4, 1, 28, 28)),
    ShapeError,
    'Linear(inFeatures=784, outFeatures=10): expected input [..., 784], got [4, 1, 28, 28]',
  ],
  [
    'Linear on a plain array',
    call(new Linear(2, 3), [[1, 2]]),
    ValueError,
    'Linear(inFeatures=2, outFeatures=3): expected input to be a Tensor, got an array (wrap it with tensor(...))',
  ],
  [
    'Linear on int32',
    call(new Linear(2, 3), tensor([[1, 2]], { dtype: 'int32' })),
    DTypeError,
    'Linear(inFeatures=2, outFeatures=3): expected input of dtype float32 or float64, got int32',
  ],
  [
    'Identity on undefined',
    call(new Identity()),
    ValueError,
    'Identity(): expected input to be a Tensor, got undefined',
  ],
  // conv
  [
    'Conv2d with 1 channel for 3',
    call(new Conv2d(3, 8, 3), x(2, 1, 28, 28)),
    ShapeError,
    'Conv2d(inChannels=3, outChannels=8, kernelSize=[3, 3], stride=[1, 1], dilation=[1, 1], groups=1, padding=0): expected input [batch, 3, height, width], got [2, 1, 28, 28]',
  ],
  [
    'Conv1d unbatched',
    call(new Conv1d(2, 4, 3), x(2, 10)),
    ShapeError,
    'Conv1d(inChannels=2, outChannels=4, kernelSize=[3], stride=[1], dilation=[1], groups=1, padding=0): expected input [batch, 2, length], got [2, 10]',
  ],
  [
    'Conv3d on a 2-d image',
    call(new Conv3d(1, 2, 2), x(1, 1, 4, 4)),
    ShapeError,
    'Conv3d(inChannels=1, outChannels=2, kernelSize=[2, 2, 2], stride=[1, 1, 1], dilation=[1, 1, 1], groups=1, padding=0): expected input [batch, 1, depth, height, width], got [1, 1, 4, 4]',
  ],
  [
    'ConvTranspose2d wrong channels',
    call(new ConvTranspose2d(4, 2, 2), x(1, 3, 4, 4)),
    ShapeError,
    'ConvTranspose2d(inChannels=4, outChannels=2, kernelSize=[2, 2], stride=[1, 1], dilation=[1, 1], groups=1, padding=0, outputPadding=0): expected input [batch, 4, height, width], got [1, 3, 4, 4]',
  ],
  [
    'ConvTranspose1d on a number',
    call(new ConvTranspose1d(1, 1, 2), 3),
    ValueError,
    'ConvTranspose1d(inChannels=1, outChannels=1, kernelSize=[2], stride=[1], dilation=[1], groups=1, padding=0, outputPadding=0): expected input to be a Tensor, got number',
  ],
  // pooling
  [
    'MaxPool2d on [H, W]',
    call(new MaxPool2d(2), x(4, 4)),
    ShapeError,
    'MaxPool2d(kernelSize=2): expected input [batch, channels, height, width], got [4, 4]',
  ],
  [
    'AvgPool1d on 2-d',
    call(new AvgPool1d(2, { stride: 1 }), x(3, 4)),
    ShapeError,
    'AvgPool1d(stride=1, kernelSize=2): expected input [batch, channels, length], got [3, 4]',
  ],
  [
    'MaxPool3d on 4-d',
    call(new MaxPool3d(2), x(1, 2, 2, 2)),
    ShapeError,
    'MaxPool3d(kernelSize=2): expected input [batch, channels, depth, height, width], got [1, 2, 2, 2]',
  ],
  [
    'GlobalAvgPool on 2-d',
    call(new GlobalAvgPool(), x(2, 3)),
    ShapeError,
    'GlobalAvgPool(): expected input [batch, channels, ...spatial], got [2, 3]',
  ],
  [
    'AdaptiveAvgPool2d on 2-d',
    call(new AdaptiveAvgPool2d(1), x(2, 3)),
    ShapeError,
    'AdaptiveAvgPool2d(outputSize=1): expected input [batch, channels, height, width] or [channels, height, width], got [2, 3]',
  ],
  [
    'MaxUnpool2d with float indices',
    call(new MaxUnpool2d(2), x(1, 1, 2, 2), x(1, 1, 2, 2)),
    DTypeError,
    'MaxUnpool2d(kernelSize=2): expected indices of dtype int32 (indices), got float32',
  ],
  // normalization
  [
    'BatchNorm2d on [N, C]',
    call(new BatchNorm2d(3), x(4, 3)),
    ShapeError,
    'BatchNorm2d(numFeatures=3, eps=0.00001, momentum=0.1): expected input [batch, 3, height, width], got [4, 3]',
  ],
  [
    'BatchNorm1d wrong features',
    call(new BatchNorm1d(3), x(4, 2)),
    ShapeError,
    'BatchNorm1d(numFeatures=3, eps=0.00001, momentum=0.1): expected input [batch, 3] or [batch, 3, length], got [4, 2]',
  ],
  [
    'LayerNorm wrong tail',
    call(new LayerNorm(8), x(2, 4)),
    ShapeError,
    'LayerNorm(normalizedShape=[8], eps=0.00001): expected input [..., 8], got [2, 4]',
  ],
  [
    'LocalResponseNorm on 2-d',
    call(new LocalResponseNorm(2), x(2, 3)),
    ShapeError,
    'LocalResponseNorm(size=2): expected input [batch, channels, ...spatial], got [2, 3]',
  ],
  // embedding
  [
    'Embedding on float ids',
    call(new Embedding(10, 4), x(2, 3)),
    DTypeError,
    'Embedding(numEmbeddings=10, embeddingDim=4): expected indices of dtype int32 (indices), got float32',
  ],
  [
    'Embedding on a plain array',
    call(new Embedding(10, 4), [1, 2]),
    ValueError,
    'Embedding(numEmbeddings=10, embeddingDim=4): expected indices to be a Tensor, got an array (wrap it with tensor(...))',
  ],
  // recurrent
  [
    'LSTM on 2-d',
    call(new LSTM(3, 4), x(5, 3)),
    ShapeError,
    'LSTM(inputSize=3, hiddenSize=4, numLayers=1, bidirectional=false, batchFirst=false, dropout=0, bias=true): expected input [seq, batch, 3], got [5, 3]',
  ],
  [
    'GRU wrong features',
    call(new GRU(3, 4, { batchFirst: true }), x(2, 5, 4)),
    ShapeError,
    'GRU(inputSize=3, hiddenSize=4, numLayers=1, bidirectional=false, batchFirst=true, dropout=0, bias=true, simplified=false): expected input [batch, seq, 3], got [2, 5, 4]',
  ],
  [
    'RNN on null',
    call(new RNN(3, 4), null),
    ValueError,
    'RNN(inputSize=3, hiddenSize=4, numLayers=1, bidirectional=false, batchFirst=false, dropout=0, bias=true, nonlinearity=tanh): expected input to be a Tensor, got null',
  ],
  [
    'LSTMCell on 1-d',
    call(new LSTMCell(3, 2), x(3)),
    ShapeError,
    'LSTMCell(inputSize=3, hiddenSize=2): expected input [batch, 3], got [3]',
  ],
  [
    'GRUCell wrong features',
    call(new GRUCell(3, 2), x(4, 2)),
    ShapeError,
    'GRUCell(inputSize=3, hiddenSize=2, simplified=false): expected input [batch, 3], got [4, 2]',
  ],
  [
    'RNNCell on int32',
    call(new RNNCell(1, 2), tensor([[1]], { dtype: 'int32' })),
    DTypeError,
    'RNNCell(inputSize=1, hiddenSize=2, nonlinearity=tanh): expected input of dtype float32 or float64, got int32',
  ],
  // attention and transformer
  [
    'MultiheadAttention wrong embedDim',
    call(new MultiheadAttention(8, 2), x(2, 5, 4)),
    ShapeError,
    'MultiheadAttention(embedDim=8, numHeads=2, headDim=4, kdim=8, vdim=8, dropout=0, batchFirst=true): expected query [batch, seq, 8] or [seq, 8], got [2, 5, 4]',
  ],
  [
    'MultiheadAttention unbatched key for a batched query',
    call(new MultiheadAttention(4, 2), x(2, 5, 4), x(5, 4), x(5, 4)),
    ShapeError,
    'MultiheadAttention(embedDim=4, numHeads=2, headDim=2, kdim=4, vdim=4, dropout=0, batchFirst=true): expected key [batch, seq, 4], got [5, 4]',
  ],
  [
    'BahdanauAttention keys 2-d',
    call(new BahdanauAttention(3, 4, 5), x(2, 3), x(2, 4)),
    ShapeError,
    'BahdanauAttention(queryDim=3, keyDim=4, attnDim=5): expected keys [batch, seq, 4], got [2, 4]',
  ],
  [
    'TransformerEncoderLayer wrong dModel',
    call(new TransformerEncoderLayer(8, 2, { dimFeedforward: 8 }), x(2, 5, 4)),
    ShapeError,
    'TransformerEncoderLayer(dModel=8, nHead=2, activation=relu, normFirst=false): expected src [batch, seq, 8] or [seq, 8], got [2, 5, 4]',
  ],
  [
    'TransformerDecoderLayer memory wrong dModel',
    call(new TransformerDecoderLayer(8, 2, { dimFeedforward: 8 }), x(2, 5, 8), x(2, 5, 4)),
    ShapeError,
    'TransformerDecoderLayer(dModel=8, nHead=2, activation=relu, normFirst=false): expected memory [batch, seq, 8] or [seq, 8], got [2, 5, 4]',
  ],
  [
    'Transformer tgt not a tensor',
    call(
      new Transformer({ dModel: 4, nHead: 1, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 4 }),
      x(1, 2, 4),
      [[0]],
    ),
    ValueError,
    'Transformer(dModel=4, nHead=1): expected tgt to be a Tensor, got an array (wrap it with tensor(...))',
  ],
  [
    'PositionalEmbedding too long',
    call(new PositionalEmbedding(3, 2), x(1, 4, 2)),
    ShapeError,
    'PositionalEmbedding(maxLen=3, dModel=2): expected input [..., seq ≤ 3, 2], got [1, 4, 2]',
  ],
  // activation, dropout, reshape
  [
    'ReLU on a string',
    call(new ReLU(), 'x'),
    ValueError,
    'ReLU(): expected input to be a Tensor, got string',
  ],
  [
    'Softmax on an array',
    call(new Softmax(), [1, 2]),
    ValueError,
    'Softmax(axis=-1): expected input to be a Tensor, got an array (wrap it with tensor(...))',
  ],
  [
    'Dropout on undefined',
    call(new Dropout(0.5)),
    ValueError,
    'Dropout(p=0.5): expected input to be a Tensor, got undefined',
  ],
  [
    'Dropout2d on 2-d',
    call(new Dropout2d(0.5), x(2, 3)),
    ShapeError,
    'Dropout2d(p=0.5): expected input [batch, channels, height, width], got [2, 3]',
  ],
  [
    'Flatten on an object',
    call(new Flatten(), { shape: [2] }),
    ValueError,
    'Flatten(startAxis=1, endAxis=-1): expected input to be a Tensor, got an object (Object)',
  ],
  [
    'Upsample on 2-d',
    call(new Upsample({ scaleFactor: 2 }), x(2, 3)),
    ShapeError,
    'Upsample(scaleFactor=2): expected input [batch, channels, ...spatial], got [2, 3]',
  ],
  [
    'ZeroPad2d on 1-d',
    call(new ZeroPad2d(1), x(3)),
    ShapeError,
    'ZeroPad2d(padding=[1, 1, 1, 1]): expected input [..., height, width], got [3]',
  ],
  // a model: the first layer speaks
  [
    'Sequential on a plain array',
    call(new Sequential(new Linear(2, 3), new ReLU()), [[1, 2]]),
    ValueError,
    'Linear(inFeatures=2, outFeatures=3): expected input to be a Tensor, got an array (wrap it with tensor(...))',
  ],
];

for (const [name, run, type, message] of rows) {
  test(`wrong input names the layer: ${name}`, () => {
    assert.throws(run, (e: unknown) => {
      assert.ok(e instanceof type, `expected ${type.name}, got ${String(e)}`);
      assert.equal((e as Error).message, message);
      return true;
    });
  });
}

test('checkInput: a layout with ... in the middle, alternatives, and a good input returned as is', () => {
  const layer = new Identity();
  const t = x(2, 3, 4, 5);
  assert.equal(checkInput(layer, t, { shapes: [[2, '...', 5]] }), t);
  assert.equal(checkInput(layer, t, { shapes: [[9], ['...', 4, 5]] }), t);
  assert.throws(
    () => checkInput(layer, x(2, 5), { shapes: [[2, '...', 4, 5]] }),
    /^ShapeError: Identity\(\): expected input \[2, \.\.\., 4, 5\], got \[2, 5\]$/,
  );
});
