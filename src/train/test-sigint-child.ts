/**
 * A tiny training run for the Ctrl-C tests (fit-sigint.test.ts), run as a child process:
 * `node --import tsx test-sigint-child.ts <once|stuck> <checkpoint path>`. It prints `ready`
 * once a few steps are done (`once`), or `stuck` while it waits for a batch that takes 20 s
 * to come (`stuck`), and at the end the History's `interrupted` and the weights, as JSON.
 */
import { DataLoader } from '../data/data-loader.js';
import { TensorDataset } from '../data/dataset.js';
import '../ops/index.js';
import { linspace } from '../tensor/creation.js';
import { Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { fitAsync } from './fit.js';
import { mse, TinyLinear, TinyMomentum } from './test-fixtures.js';

const [mode, path] = process.argv.slice(2) as ['once' | 'stuck', string];
const x = linspace(-1, 1, 64).reshape([64, 1]);
const loader = new DataLoader(new TensorDataset(x, x.mul(2).add(1)), {
  batchSize: 1,
  shuffle: true,
  generator: new Generator(0),
});
const stuck: AsyncIterable<Tensor[]> = {
  async *[Symbol.asyncIterator]() {
    let n = 0;
    for (const b of loader) {
      if (n++ === 3) {
        process.stdout.write('stuck\n');
        await new Promise((resolve) => setTimeout(resolve, 20_000));
      }
      yield b;
    }
  },
};
const model = new TinyLinear([[0]], [0]);
const history = await fitAsync(model, {
  loss: mse,
  optimizer: new TinyMomentum(model.parameters(), { lr: 0.01 }),
  train: mode === 'stuck' ? stuck : loader,
  epochs: 1000,
  verbose: 2,
  stream: process.stderr,
  checkpoint: { path },
  callbacks: [{ onBatchEnd: (_b, _logs, loop) => void (loop.step === 3 && process.stdout.write('ready\n')) }],
});
process.stdout.write(
  `${JSON.stringify({ interrupted: history.interrupted, weights: [...model.weight.data(), ...model.bias.data()] })}\n`,
);
process.exit(history.interrupted ? 130 : 0);
