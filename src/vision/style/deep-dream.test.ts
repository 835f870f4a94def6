import assert from 'node:assert/strict';
import { test } from 'node:test';
import { manualSeed, nn, rand, type Tensor, ValueError } from '../../index.js';
import { deepDream, octaveShapes } from './deep-dream.js';

/** Passes its input on and records the spatial size the network saw. */
class SizeProbe extends nn.Module {
  readonly seen: string[] = [];
  forward(x: Tensor): Tensor {
    this.seen.push(x.shape.slice(2).join('x'));
    return x;
  }
}

function smallCnn(): { model: nn.Sequential; probe: SizeProbe } {
  manualSeed(3);
  const probe = new SizeProbe();
  const model = new nn.Sequential(
    probe,
    new nn.Conv2d(1, 4, 3, { padding: 1 }),
    new nn.ReLU(),
    new nn.Conv2d(4, 6, 3),
    new nn.ReLU(),
    new nn.Flatten(),
    new nn.Linear(6 * 14 * 14, 2),
  );
  return { model, probe };
}

test('octaveShapes divides the size by octaveScale^(n − 1 − i), smallest first, rounded', () => {
  // 28 / 1.4² = 14.29 → 14, 28 / 1.4 = 20
  assert.deepEqual(octaveShapes(28, 28, 3, 1.4), [
    [14, 14],
    [20, 20],
    [28, 28],
  ]);
  // 100 / 8 = 12.5 → 13, 60 / 8 = 7.5 → 8
  assert.deepEqual(octaveShapes(100, 60, 4, 2), [
    [13, 8],
    [25, 15],
    [50, 30],
    [100, 60],
  ]);
  assert.deepEqual(octaveShapes(5, 7, 1, 1.4), [[5, 7]]);
  assert.throws(() => octaveShapes(5, 5, 0, 1.4), /deepDream: octaves must be a positive integer, got 0/);
  assert.throws(() => octaveShapes(5, 5, 2, 0.5), /deepDream: octaveScale must be a number ≥ 1, got 0.5/);
});

test('deepDream raises the chosen layer’s mean(a²) step after step (no jitter)', () => {
  const { model } = smallCnn();
  const start = rand([1, 1, 16, 16]).mul(0.5).add(0.25);
  const { image, history } = deepDream(model, start, {
    layer: 'layers.4',
    steps: 8,
    octaves: 1,
    jitter: 0,
    lr: 0.02,
  });
  assert.deepEqual(image.shape, [1, 1, 16, 16]);
  assert.equal(history.length, 8);
  for (let i = 1; i < history.length; i++)
    assert.ok(history[i]!.objective > history[i - 1]!.objective, JSON.stringify(history));
  assert.ok(history[7]!.objective > 1.2 * history[0]!.objective, JSON.stringify(history));
  // The pixels stay in the default range [0, 1].
  const pixels = [...image.data()];
  assert.ok(Math.min(...pixels) >= 0 && Math.max(...pixels) <= 1);
});

test('deepDream with octaves and jitter runs the network at each octave’s size and ends higher (l2, one channel)', () => {
  const { model, probe } = smallCnn();
  model.train();
  const weights = [...model.parameters()].map((p) => [...p.data()]);
  const start = rand([1, 1, 20, 20]);
  const before = deepDream(model, start, { layer: 'layers.2', objective: 'l2', channel: 1, steps: 0 });
  const { image, history } = deepDream(model, start, {
    layer: 'layers.2',
    objective: 'l2',
    channel: 1,
    steps: 3,
    octaves: 3,
    octaveScale: 2,
    jitter: 2,
    seed: 7,
  });
  // 20 / 4 = 5, 20 / 2 = 10, 20
  assert.deepEqual(probe.seen, ['5x5', '5x5', '5x5', '10x10', '10x10', '10x10', '20x20', '20x20', '20x20']);
  assert.deepEqual(
    history.map((h) => [h.octave, h.step]),
    [
      [0, 1],
      [0, 2],
      [0, 3],
      [1, 1],
      [1, 2],
      [1, 3],
      [2, 1],
      [2, 2],
      [2, 3],
    ],
  );
  assert.deepEqual(image.shape, [1, 1, 20, 20]);
  assert.equal(before.history.length, 0);
  // The last octave runs at full size: its objective ends above the first step's.
  assert.ok(history[8]!.objective > history[6]!.objective, JSON.stringify(history));
  // The model is back in training mode with its weights untouched.
  assert.equal(model.training, true);
  assert.deepEqual(
    [...model.parameters()].map((p) => [...p.data()]),
    weights,
  );
});

test('deepDream rejects a layer the model lacks, a bad channel, image or option with a ValueError naming it', () => {
  const { model } = smallCnn();
  const x = rand([1, 1, 16, 16]);
  assert.throws(
    () => deepDream(model, x, { layer: 'layers.9' }),
    (e: unknown) =>
      e instanceof ValueError && /^deepDream: the model has no layer 'layers.9'/.test(e.message),
  );
  assert.throws(
    () => deepDream(model, x, { layer: 'layers.2', channel: 4, steps: 1 }),
    /deepDream: channel must be an integer in \[0, 4\), got 4/,
  );
  assert.throws(
    () => deepDream(model, rand([1, 16, 16]), { layer: 'layers.2' }),
    /deepDream: image must be one image \[1, C, H, W\], got \[1, 16, 16\]/,
  );
  assert.throws(
    () => deepDream(model, x, { layer: 'layers.2', steps: -1 }),
    /steps must be a non-negative integer/,
  );
  assert.throws(
    () => deepDream(model, x, { layer: 'layers.2', lr: 0 }),
    /lr must be a positive number, got 0/,
  );
  assert.throws(
    () => deepDream(model, x, { layer: 'layers.2', objective: 'max' as 'l2' }),
    /objective must be 'meanSquare' or 'l2', got 'max'/,
  );
});
