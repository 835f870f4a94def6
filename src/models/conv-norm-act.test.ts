import assert from 'node:assert/strict';
import { test } from 'node:test';
import { add, availableBackends, getBackend, nn, noGrad, rand, randn, relu, setBackend } from '../index.js';
import { BasicBlock } from './basic-block.js';
import { Bottleneck } from './bottleneck.js';
import { ConvNormAct } from './conv-norm-act.js';

test('ConvNormAct in eval mode (conv2dAffine) gives the bits of its three layers, on every backend', () => {
  const previous = getBackend().name;
  try {
    for (const backend of availableBackends()) {
      setBackend(backend);
      for (const activation of ['relu', 'relu6', 'none'] as const) {
        const block = new ConvNormAct(6, 10, 3, { activation });
        // Running statistics and an affine map away from the defaults.
        block.bn.runningMean!.data().set(randn([10]).data());
        block.bn.runningVar!.data().set(rand([10]).add(0.5).data());
        block.bn.weight!.data().set(randn([10]).data());
        block.bn.bias!.data().set(randn([10]).data());
        block.eval();
        const x = randn([2, 6, 7, 9]).mul(3);
        const fused = noGrad(() => block.forward(x));
        const separate = noGrad(() => block.act.forward(block.bn.forward(block.conv.forward(x))));
        assert.deepEqual([...fused.data()], [...separate.data()], `${backend} ${activation}`);
      }
    }
  } finally {
    setBackend(previous);
  }
});

test('ConvNormAct takes its three layers in training, with gradients, or with a replaced activation', () => {
  const block = new ConvNormAct(3, 4, 3, { activation: 'relu6' });
  const x = randn([2, 3, 5, 5]);
  // Training: batch statistics (the fused eval map would use the running ones).
  const trained = block.forward(x);
  const separate = block.act.forward(block.bn.forward(block.conv.forward(x)));
  assert.ok(trained.requiresGrad, 'a graph is recorded in training');
  assert.ok(Math.abs(trained.sum().item() - separate.sum().item()) < 1e-3);
  block.eval();
  // A gradient to compute: the composition records it.
  assert.ok(block.forward(x).requiresGrad);
  block.act = new nn.Sigmoid();
  const y = noGrad(() => block.forward(x));
  assert.ok(y.min().item() > 0 && y.max().item() < 1, 'the replaced activation (sigmoid) ran');
});

test('residual blocks in eval mode (one conv2dAffine at their end) give the bits of relu(body + shortcut)', () => {
  const previous = getBackend().name;
  try {
    for (const backend of availableBackends()) {
      setBackend(backend);
      for (const block of [new BasicBlock(6, 6), new BasicBlock(6, 8, 2), new Bottleneck(8, 2)]) {
        for (const m of block.modules()) {
          if (m instanceof nn.BatchNorm2d) {
            const c = m.numFeatures;
            m.runningMean!.data().set(randn([c]).data());
            m.runningVar!.data().set(rand([c]).add(0.5).data());
            m.weight!.data().set(randn([c]).data());
            m.bias!.data().set(randn([c]).data());
          }
        }
        block.eval();
        const x = randn([2, block instanceof Bottleneck ? 8 : 6, 7, 9]);
        const fused = noGrad(() => block.forward(x));
        const shortcut = noGrad(() => (block.shortcut ? block.shortcut.forward(x) : x));
        const separate = noGrad(() => relu(add(block.body.forward(x), shortcut)));
        assert.deepEqual([...fused.data()], [...separate.data()], backend);
      }
    }
  } finally {
    setBackend(previous);
  }
});

test('in training ConvNormAct and residual blocks (one batch-norm op at their end) give the bits of their separate layers, forward and backward', () => {
  const previous = getBackend().name;
  try {
    for (const backend of availableBackends()) {
      setBackend(backend);
      const bricks = [
        new ConvNormAct(3, 4, 3, { activation: 'relu6' }),
        new ConvNormAct(3, 4, 3, { activation: 'relu' }),
        new BasicBlock(3, 3),
        new BasicBlock(3, 4, 2),
      ];
      for (const brick of bricks) {
        const x = randn([3, 3, 6, 6]).mul(2);
        const up = randn(brick.forward(x).shape);
        const separate = (): ReturnType<typeof brick.forward> => {
          if (brick instanceof ConvNormAct) return brick.act.forward(brick.bn.forward(brick.conv.forward(x)));
          const shortcut = brick.shortcut ? brick.shortcut.forward(x) : x;
          return relu(add(brick.body.forward(x), shortcut));
        };
        const run = (forward: () => ReturnType<typeof brick.forward>): number[][] => {
          for (const p of brick.parameters()) p.grad = null;
          const y = forward();
          y.mul(up).sum().backward();
          return [[...y.data()], ...brick.parameters().map((p) => [...p.grad!.data()])];
        };
        const [fused, plain] = [run(() => brick.forward(x)), run(separate)];
        assert.ok(fused[0]!.includes(0), `${backend} ${brick.constructor.name}: the clamp is active`);
        assert.deepEqual(fused, plain, `${backend} ${brick.constructor.name}`);
      }
    }
  } finally {
    setBackend(previous);
  }
});
