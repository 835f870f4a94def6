import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValueError } from '../../../errors.js';
import { Generator, narrow, randn, tensor } from '../../../index.js';
import { expectClose } from '../../../testing/expect-close.js';
import { LayerNorm } from '../normalization/layer-norm.js';
import { Transformer } from './transformer.js';
import { TransformerDecoder } from './transformer-decoder.js';
import { TransformerDecoderLayer } from './transformer-decoder-layer.js';
import { TransformerEncoder } from './transformer-encoder.js';
import { TransformerEncoderLayer } from './transformer-encoder-layer.js';

const small = { dModel: 8, nHead: 2, dimFeedforward: 16, dropout: 0 };

test('TransformerEncoder stacks fresh layers and applies the final norm', () => {
  const g = new Generator(31);
  const encoder = new TransformerEncoder(
    () =>
      new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, normFirst: true, dropout: 0, generator: g }),
    3,
    { norm: new LayerNorm(8) },
  );
  assert.equal(encoder.layers.length, 3);
  assert.notEqual(encoder.layers[0]!.linear1.weight, encoder.layers[1]!.linear1.weight);
  assert.equal(encoder.namedParameters()[0]![0], 'layers.0.selfAttn.inProjWeight');
  const x = randn([2, 5, 8], { generator: g });
  const manual = encoder.norm!.forward(encoder.layers.reduce((h, l) => l.forward(h), x));
  expectClose(encoder.forward(x), manual);
  // The final norm gives each position mean 0 and variance ≈ 1.
  const y = encoder.forward(x);
  expectClose(y.mean(-1), new Array(10).fill(0), { atol: 1e-5 });
  assert.throws(() => new TransformerEncoder(() => encoder.layers[0]!, -1), ValueError);
});

test('TransformerDecoder passes the same memory and masks to every layer', () => {
  const g = new Generator(32);
  const decoder = new TransformerDecoder(
    () => new TransformerDecoderLayer(8, 2, { dimFeedforward: 16, dropout: 0, generator: g }),
    2,
  );
  const tgt = randn([1, 3, 8], { generator: g });
  const memory = randn([1, 4, 8], { generator: g });
  const manual = decoder.layers.reduce((h, l) => l.forward(h, memory), tgt);
  expectClose(decoder.forward(tgt, memory), manual);
});

test('Transformer: parameter count by arithmetic, shapes, and a causal decoder', () => {
  const g = new Generator(33);
  const model = new Transformer({ ...small, numEncoderLayers: 2, numDecoderLayers: 1, generator: g });
  // encoder layer: attention 3·64 + 24 + 64 + 8 = 288, feed-forward 8·16 + 16 + 16·8 + 8 = 280,
  // two norms 32 → 600; decoder layer: 2·288 + 280 + 48 = 904; two final norms 2·16.
  assert.equal(model.numParameters(), 2 * 600 + 904 + 32);
  const src = randn([2, 5, 8], { generator: g });
  const tgt = randn([2, 3, 8], { generator: g });
  const out = model.forward(src, tgt);
  assert.deepEqual(out.shape, [2, 3, 8]);
  const later = tensor([...tgt.data()], { shape: [2, 3, 8] });
  later.data().fill(4, 16, 24); // sample 0, position 2
  expectClose(narrow(model.forward(src, later), 1, 0, 2), narrow(out, 1, 0, 2));
  // A padded source position changes nothing when both encoder and decoder are told.
  const pad = tensor([[false, false, false, false, true], new Array(5).fill(false)], { dtype: 'bool' });
  const changed = tensor([...src.data()], { shape: [2, 5, 8] });
  changed.data().fill(-3, 32, 40);
  const masks = { srcKeyPaddingMask: pad, memoryKeyPaddingMask: pad };
  expectClose(model.forwardWithMasks(changed, tgt, masks), model.forwardWithMasks(src, tgt, masks));
});

test('Transformer learns: one plain gradient step lowers a regression loss', () => {
  const g = new Generator(34);
  const model = new Transformer({ ...small, numEncoderLayers: 1, numDecoderLayers: 1, generator: g });
  const src = randn([2, 4, 8], { generator: g });
  const tgt = randn([2, 3, 8], { generator: g });
  const target = randn([2, 3, 8], { generator: g });
  const loss = () => model.forward(src, tgt).sub(target).square().mean();
  const before = loss();
  before.backward();
  for (const p of model.parameters()) {
    const data = p.data();
    const grad = p.grad!.data();
    for (let i = 0; i < data.length; i++) data[i]! -= 0.05 * grad[i]!;
  }
  assert.ok(loss().item() < before.item(), `loss ${loss().item()} should fall below ${before.item()}`);
});
