import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValueError } from '../../../errors.js';
import { Generator, narrow, randn, type Tensor, tensor } from '../../../index.js';
import { expectClose } from '../../../testing/expect-close.js';
import { gradcheckModule } from '../../gradcheck-module.js';
import { Module } from '../../module.js';
import { TransformerEncoderLayer } from './transformer-encoder-layer.js';

test('TransformerEncoderLayer(512, 8) has PyTorch’s 3,152,384 parameters', () => {
  const layer = new TransformerEncoderLayer(512, 8);
  // attention: inProj 3·512·512 + 3·512 = 787,968 and outProj 512·512 + 512 = 262,656
  // feed-forward: 512·2048 + 2048 = 1,050,624 and 2048·512 + 512 = 1,049,088; two norms 2·2·512
  assert.equal(787_968 + 262_656 + 1_050_624 + 1_049_088 + 2048, 3_152_384);
  assert.equal(layer.numParameters(), 3_152_384);
  assert.deepEqual(
    layer.namedParameters().map(([name]) => name),
    [
      'selfAttn.inProjWeight',
      'selfAttn.inProjBias',
      'selfAttn.outProj.weight',
      'selfAttn.outProj.bias',
      'linear1.weight',
      'linear1.bias',
      'linear2.weight',
      'linear2.bias',
      'norm1.weight',
      'norm1.bias',
      'norm2.weight',
      'norm2.bias',
    ],
  );
});

/** A layer whose attention and feed-forward outputs are zero: only the residual path remains. */
function silentLayer(normFirst: boolean): TransformerEncoderLayer {
  const layer = new TransformerEncoderLayer(2, 1, { dimFeedforward: 3, dropout: 0, normFirst });
  for (const [name, p] of layer.namedParameters()) if (!name.startsWith('norm')) p.data().fill(0);
  return layer;
}

test('post-norm is LayerNorm(x + sublayer(x)); pre-norm is x + sublayer(LayerNorm(x))', () => {
  const x = tensor([[[1, 3]]]);
  // Pre-norm with silent sublayers is the identity: x + 0 + 0.
  expectClose(silentLayer(true).forward(x), [[[1, 3]]]);
  // Post-norm normalizes twice: [1, 3] has mean 2 and variance 1, so LN gives ±1/√(1 + ε);
  // the second LN sees variance 1/(1 + ε) and gives ±1/√(1/(1 + ε) + ε).
  const eps = 1e-5;
  const y = 1 / Math.sqrt(1 + eps) / Math.sqrt(1 / (1 + eps) + eps);
  expectClose(silentLayer(false).forward(x), [[[-y, y]]]);
});

test('causal: position t does not see later positions; padding keys change nothing', () => {
  const g = new Generator(11);
  const layer = new TransformerEncoderLayer(4, 2, { dimFeedforward: 8, generator: g }).eval();
  const x = randn([1, 4, 4], { generator: g });
  const later = tensor([...x.data()], { shape: [1, 4, 4] });
  later.data().fill(3, 12); // position 3
  const a = layer.forwardWithMasks(x, { causal: true });
  const b = layer.forwardWithMasks(later, { causal: true });
  expectClose(narrow(a, 1, 0, 3), narrow(b, 1, 0, 3));
  const keyPaddingMask = tensor([[false, false, false, true]], { dtype: 'bool' });
  const c = layer.forwardWithMasks(x, { keyPaddingMask });
  const d = layer.forwardWithMasks(later, { keyPaddingMask });
  expectClose(narrow(c, 1, 0, 3), narrow(d, 1, 0, 3));
});

test('dropout is active in training and off in eval', () => {
  const g = new Generator(12);
  const layer = new TransformerEncoderLayer(4, 2, { dimFeedforward: 8, dropout: 0.5, generator: g });
  const x = randn([2, 3, 4], { generator: g });
  const first = layer.forward(x);
  assert.notDeepEqual([...first.data()], [...layer.forward(x).data()]);
  layer.eval();
  expectClose(layer.forward(x), layer.forward(x));
});

/** The layer with a causal mask as a one-input module, for gradcheckModule. */
class Causal extends Module {
  constructor(readonly layer: TransformerEncoderLayer) {
    super();
  }
  forward(src: Tensor): Tensor {
    return this.layer.forwardWithMasks(src, { causal: true });
  }
}

test('gradcheck in float64 of a post-norm and a pre-norm layer with masks (dropout 0)', () => {
  const g = new Generator(13);
  const x = randn([2, 3, 4], { dtype: 'float64', generator: g });
  const w = randn([2, 3, 4], { dtype: 'float64', generator: g });
  for (const normFirst of [false, true]) {
    const layer = new TransformerEncoderLayer(4, 2, {
      dimFeedforward: 5,
      dropout: 0,
      normFirst,
      activation: 'gelu',
      dtype: 'float64',
      generator: g,
    });
    const result = gradcheckModule(new Causal(layer), (y) => y.mul(w).sum(), [x]);
    assert.ok(result.passed, result.table());
  }
});

test('TransformerEncoderLayer rejects an unknown activation and a bad feed-forward size', () => {
  assert.throws(
    () => new TransformerEncoderLayer(4, 2, { activation: 'tanh' as 'relu' }),
    /TransformerEncoderLayer: activation must be 'relu' or 'gelu', got 'tanh'/,
  );
  assert.throws(() => new TransformerEncoderLayer(4, 2, { dimFeedforward: 0 }), ValueError);
  assert.throws(
    () => new TransformerEncoderLayer(6, 4),
    /embedDim \(6\) must be divisible by numHeads \(4\)/,
  );
});
