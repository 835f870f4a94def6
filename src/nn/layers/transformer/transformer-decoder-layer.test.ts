import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Generator, narrow, randn, type Tensor, tensor } from '../../../index.js';
import { expectClose } from '../../../testing/expect-close.js';
import { gradcheckModule } from '../../gradcheck-module.js';
import { Module } from '../../module.js';
import { type DecoderMaskOptions, TransformerDecoderLayer } from './transformer-decoder-layer.js';

test('TransformerDecoderLayer(512, 8) has PyTorch’s 4,204,032 parameters', () => {
  const layer = new TransformerDecoderLayer(512, 8);
  // two attentions of 787,968 + 262,656, the feed-forward 1,050,624 + 1,049,088, three norms 3·1024
  assert.equal(2 * (787_968 + 262_656) + 1_050_624 + 1_049_088 + 3072, 4_204_032);
  assert.equal(layer.numParameters(), 4_204_032);
  assert.deepEqual(
    layer.namedChildren().map(([name]) => name),
    [
      'selfAttn',
      'multiheadAttn',
      'linear1',
      'dropout',
      'linear2',
      'norm1',
      'norm2',
      'norm3',
      'dropout1',
      'dropout2',
      'dropout3',
    ],
  );
});

test('pre-norm with silent sublayers is the identity on the target', () => {
  const layer = new TransformerDecoderLayer(2, 1, { dimFeedforward: 3, normFirst: true, dropout: 0 });
  for (const [name, p] of layer.namedParameters()) if (!name.startsWith('norm')) p.data().fill(0);
  const tgt = tensor([[[1, 3]]]);
  expectClose(layer.forward(tgt, randn([1, 4, 2])), [[[1, 3]]]);
});

test('the decoder is causal by default, and padded memory changes nothing', () => {
  const g = new Generator(21);
  const layer = new TransformerDecoderLayer(4, 2, { dimFeedforward: 8, generator: g }).eval();
  const tgt = randn([1, 3, 4], { generator: g });
  const memory = randn([1, 4, 4], { generator: g });
  const later = tensor([...tgt.data()], { shape: [1, 3, 4] });
  later.data().fill(2, 8); // target position 2
  expectClose(narrow(layer.forward(tgt, memory), 1, 0, 2), narrow(layer.forward(later, memory), 1, 0, 2));
  // Without the causal mask position 0 sees position 2.
  const open = (t: Tensor) => narrow(layer.forwardWithMasks(t, memory, { causal: false }), 1, 0, 1);
  assert.notDeepEqual([...open(tgt).data()], [...open(later).data()]);
  const memoryKeyPaddingMask = tensor([[false, false, true, true]], { dtype: 'bool' });
  const padded = tensor([...memory.data()], { shape: [1, 4, 4] });
  padded.data().fill(-7, 8);
  expectClose(
    layer.forwardWithMasks(tgt, memory, { memoryKeyPaddingMask }),
    layer.forwardWithMasks(tgt, padded, { memoryKeyPaddingMask }),
  );
});

/** The decoder layer with fixed masks as a module of (tgt, memory), for gradcheckModule. */
class Masked extends Module {
  constructor(
    readonly layer: TransformerDecoderLayer,
    readonly masks: DecoderMaskOptions,
  ) {
    super();
  }
  forward(tgt: Tensor, memory: Tensor): Tensor {
    return this.layer.forwardWithMasks(tgt, memory, this.masks);
  }
}

test('gradcheck in float64 of a decoder layer, post-norm and pre-norm (dropout 0)', () => {
  const g = new Generator(22);
  const tgt = randn([2, 2, 4], { dtype: 'float64', generator: g });
  const memory = randn([2, 3, 4], { dtype: 'float64', generator: g });
  const w = randn([2, 2, 4], { dtype: 'float64', generator: g });
  const memoryKeyPaddingMask = tensor(
    [
      [false, false, true],
      [false, false, false],
    ],
    { dtype: 'bool' },
  );
  for (const normFirst of [false, true]) {
    const layer = new TransformerDecoderLayer(4, 2, {
      dimFeedforward: 5,
      dropout: 0,
      activation: 'gelu',
      normFirst,
      dtype: 'float64',
      generator: g,
    });
    const result = gradcheckModule(new Masked(layer, { memoryKeyPaddingMask }), (y) => y.mul(w).sum(), [
      tgt,
      memory,
    ]);
    assert.ok(result.passed, result.table());
  }
});
