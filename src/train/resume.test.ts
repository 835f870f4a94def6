import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DataLoader } from '../data/data-loader.js';
import { TensorDataset } from '../data/dataset.js';
import '../ops/index.js';
import { linspace, randn } from '../tensor/creation.js';
import { defaultGenerator, Generator, manualSeed } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Callback } from './callbacks/callback.js';
import { ModelCheckpoint } from './callbacks/model-checkpoint.js';
import { type BatchSource, type FitOptions, fit } from './fit.js';
import type { History } from './history.js';
import { mse, TinyLinear, TinyMomentum } from './test-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'nabla-resume-'));

/** A linear model whose training forward draws from two generators: its own ("augmentation") and the default one ("dropout"). */
class NoisyLinear extends TinyLinear {
  constructor(
    w: number,
    readonly noise: Generator,
  ) {
    super([[w]], [0]);
  }
  override forward(x: Tensor): Tensor {
    const shifted = x.add(randn([...x.shape], { generator: this.noise }).mul(0.1));
    return super.forward(shifted).add(randn([...x.shape]).mul(0.01));
  }
}

/** A scheduler with state: lr ← 0.05·0.9^t. */
class Decay {
  t = 0;
  constructor(readonly optimizer: TinyMomentum) {}
  step(): void {
    this.t++;
    this.optimizer.paramGroups[0]!.lr = 0.05 * 0.9 ** this.t;
  }
  stateDict(): { t: number } {
    return { t: this.t };
  }
  loadStateDict({ t }: { t: number }): void {
    this.t = t;
    this.optimizer.paramGroups[0]!.lr = 0.05 * 0.9 ** t;
  }
}

// 10 samples in batches of 3: 4 batches an epoch (the last of 1), 12 steps in 3 epochs.
const x = linspace(-1, 1, 10).reshape([10, 1]);
const data = new TensorDataset(x, x.mul(2).add(1));

/** Fresh objects; `seed` changes every random thing, which the checkpoint must then put right. */
function setup(
  seed: number,
  source: 'loader' | 'array' = 'loader',
  path = join(dir, 'unused.safetensors'),
  resume = false,
) {
  manualSeed(seed);
  const noise = new Generator(seed + 1);
  const model = new NoisyLinear(seed / 10, noise);
  const optimizer = new TinyMomentum(model.parameters(), { lr: 0.05 });
  const loader = new DataLoader(data, {
    batchSize: 3,
    shuffle: source === 'loader',
    generator: new Generator(seed + 2),
  });
  const train: BatchSource = source === 'loader' ? loader : [...loader];
  const options: FitOptions = {
    loss: mse,
    optimizer,
    train,
    epochs: 3,
    scheduler: new Decay(optimizer),
    schedulerStep: 'batch',
    verbose: 0,
    checkpoint: { path, resume, generators: [noise] },
  };
  return { model, noise, options };
}

const weights = (m: TinyLinear) => [...m.weight.data(), ...m.bias.data()];
const stopAt = (step: number, path: string): Callback => ({
  onBatchEnd: (_b, _logs, loop) => {
    if (loop.step !== step) return;
    loop.saveCheckpoint!(path);
    loop.stopTraining = true;
  },
});

function uninterrupted(source: 'loader' | 'array' = 'loader'): { model: TinyLinear; history: History } {
  const { model, options } = setup(7, source);
  return { model, history: fit(model, options) };
}

for (const source of ['loader', 'array'] as const)
  test(`12 steps equal 6 steps, a checkpoint mid-epoch, fresh objects and 6 more, bit for bit (${source})`, () => {
    const whole = uninterrupted(source);
    const path = join(dir, `mid-${source}.safetensors`);
    const first = setup(7, source, path);
    // Step 6 is epoch 2's second batch of 4: mid-epoch, mid-shuffle.
    fit(first.model, { ...first.options, callbacks: [stopAt(6, path)] });
    const second = setup(123, source, path, true);
    const history = fit(second.model, second.options);
    const generators = [defaultGenerator.getState(), second.noise.getState()];
    assert.deepEqual(weights(second.model), weights(whole.model));
    assert.notDeepEqual(weights(whole.model), weights(setup(7, source).model), 'training moved the weights');
    assert.deepEqual(history.epochs, whole.history.epochs);
    // The generators end where the uninterrupted run's do.
    const again = setup(7, source);
    fit(again.model, again.options);
    assert.deepEqual(generators, [defaultGenerator.getState(), again.noise.getState()]);
  });

test('a ModelCheckpoint file resumes exactly too: it holds the generators, loader and scheduler', () => {
  const whole = uninterrupted();
  const first = setup(7);
  const path = join(dir, 'epoch-{epoch}.safetensors');
  fit(first.model, {
    ...first.options,
    epochs: 1,
    callbacks: [new ModelCheckpoint({ path, monitor: 'loss' })],
  });
  const second = setup(55, 'loader', join(dir, 'epoch-1.safetensors'), true);
  const history = fit(second.model, second.options);
  assert.deepEqual(weights(second.model), weights(whole.model));
  assert.deepEqual(history.get('loss'), whole.history.get('loss'));
});
