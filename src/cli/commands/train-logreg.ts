import {
  accuracy,
  add,
  crossEntropy,
  Generator,
  getBackend,
  getNumThreads,
  loadMnist,
  manualSeed,
  nn,
  noGrad,
  optim,
  randperm,
  type Tensor,
} from '../../index.js';
import { mlp } from '../../models/mlp.js';
import { numberOption, outputOption, parseCommand, seedOption, UsageError } from '../args.js';
import { type LineSeries, writeLinePlot } from './line-plot.js';

export const trainLogregUsage = `nabla train logreg [--optimizers lbfgs,adam,adam-full] [--seconds 20] [--limit 10000] [--test-limit 10000]
                [--hidden N] [--weight-decay 1e-4] [--lr 0.001] [--batch-size 128] [--seed 0] [--out logreg-loss.png]
      softmax regression (or a 784-N-10 MLP) on a fixed MNIST subset: full-batch L-BFGS (strong Wolfe) against
      Adam (mini-batch, and full-batch as adam-full) for the same wall-time budget; loss against time.`;

/** The training objective, the test accuracy, and the optimizer's time when they were measured. */
export interface Checkpoint {
  seconds: number;
  loss: number;
  testAccuracy: number;
}

interface Race {
  model: nn.Module;
  train: [Tensor, Tensor];
  test: [Tensor, Tensor];
  weightDecay: number;
  seconds: number;
}

const NAMES: Record<string, string> = { lbfgs: 'L-BFGS', adam: 'Adam', 'adam-full': 'Adam full-batch' };
const COLORS: Record<string, [number, number, number]> = {
  lbfgs: [214, 39, 40],
  adam: [31, 119, 180],
  'adam-full': [44, 160, 44],
};

/** Mean cross-entropy on (x, y) plus weightDecay/2 · Σ w² over the weight matrices (not the biases). */
function objective(model: nn.Module, [x, y]: [Tensor, Tensor], weightDecay: number): Tensor {
  let loss = crossEntropy(model.forward(x), y);
  for (const p of model.parameters())
    if (p.ndim >= 2)
      loss = add(
        loss,
        p
          .square()
          .sum()
          .mul(weightDecay / 2),
      );
  return loss;
}

/**
 * Runs `step` until the budget of optimizer time is spent, measuring the full training objective
 * and the test accuracy at the start and about 40 times along; time spent measuring is not counted.
 * `step` returns false when the optimizer has converged and further steps would change nothing.
 */
function runFor(race: Race, step: () => boolean): Checkpoint[] {
  const measure = (seconds: number): Checkpoint =>
    noGrad(() => ({
      seconds,
      loss: objective(race.model, race.train, race.weightDecay).item(),
      testAccuracy: accuracy(race.model.forward(race.test[0]), race.test[1]),
    }));
  const checkpoints = [measure(0)];
  let elapsed = 0;
  let lastMeasured = 0;
  while (elapsed < race.seconds) {
    const start = performance.now();
    const moving = step();
    elapsed += (performance.now() - start) / 1000;
    if (!moving || elapsed >= race.seconds || elapsed - lastMeasured >= race.seconds / 40) {
      checkpoints.push(measure(elapsed));
      lastMeasured = elapsed;
    }
    if (!moving) break;
  }
  return checkpoints;
}

/** One optimizer step (false once converged), and a description of the work done so far. */
interface Stepper {
  step: () => boolean;
  work: () => string;
}

/** Full-batch L-BFGS with the strong-Wolfe line search, 5 iterations per `step(closure)`. */
function lbfgsStepper(race: Race): Stepper {
  const opt = new optim.LBFGS(race.model.parameters(), { lineSearchFn: 'strongWolfe', maxIter: 5 });
  const closure = () => {
    opt.zeroGrad();
    const loss = objective(race.model, race.train, race.weightDecay);
    loss.backward();
    return loss;
  };
  let previous = Number.POSITIVE_INFINITY;
  const step = () => {
    const loss = opt.step(closure);
    const moving = Math.abs(previous - loss) > 1e-9 * Math.max(1, Math.abs(loss));
    previous = loss;
    return moving;
  };
  const work = () => {
    const { nIter, funcEvals } = opt.stateDict().state;
    return `${nIter} iterations, ${funcEvals} full-batch evaluations`;
  };
  return { step, work };
}

/** Adam on shuffled mini-batches of `batchSize` (the whole set: full-batch gradient descent with Adam). */
function adamStepper(race: Race, lr: number, batchSize: number, seed: number): Stepper {
  const opt = new optim.Adam(race.model.parameters(), { lr });
  const generator = new Generator(seed);
  const n = race.train[0].shape[0]!;
  let order: Tensor | null = null;
  let at = n;
  let steps = 0;
  const step = () => {
    if (at >= n) [order, at] = [randperm(n, { generator }), 0];
    const size = Math.min(batchSize, n - at);
    const idx = order!.narrow(0, at, size);
    at += size;
    const batch: [Tensor, Tensor] =
      size === n ? race.train : [race.train[0].indexSelect(0, idx), race.train[1].indexSelect(0, idx)];
    opt.zeroGrad();
    objective(race.model, batch, race.weightDecay).backward();
    opt.step();
    steps++;
    return true;
  };
  const work = () => `${steps} steps, ${(steps / Math.ceil(n / Math.min(batchSize, n))).toFixed(1)} epochs`;
  return { step, work };
}

/**
 * A table with each run's last checkpoint at or before t, for t = 0, budget/10, …, budget: two
 * header lines, then one row per t with each run's loss and test accuracy (the last row: the final
 * measurement).
 * @example
 * const runs = { lbfgs: [{ seconds: 0, loss: 2.3, testAccuracy: 0.1 }, { seconds: 0.8, loss: 0.2, testAccuracy: 0.9 }] };
 * checkpointTable(runs, 1).split('\n').at(-1); // => '    1.00      0.2000   90.00%'
 */
export function checkpointTable(runs: Record<string, Checkpoint[]>, seconds: number): string {
  const names = Object.keys(runs);
  const cell = (c: Checkpoint) =>
    `${c.loss.toFixed(4).padStart(10)} ${(100 * c.testAccuracy).toFixed(2).padStart(7)}%`;
  const width = 19;
  const titles = `${''.padStart(8)}  ${names.map((n) => (NAMES[n] ?? n).padStart(width)).join('  ')}`;
  const header = `${'seconds'.padStart(8)}  ${names.map(() => `${'loss'.padStart(10)} ${'test acc'.padStart(8)}`).join('  ')}`;
  const rows = Array.from({ length: 11 }, (_, k) => {
    const t = (k * seconds) / 10;
    // The last row is each run's final measurement, which may be a little past the budget.
    const upTo = k === 10 ? Number.POSITIVE_INFINITY : t + 1e-9;
    const cells = names.map((n) => cell(runs[n]!.filter((c) => c.seconds <= upTo).at(-1)!));
    return `${t.toFixed(2).padStart(8)}  ${cells.join('  ')}`;
  });
  return [titles, header, ...rows].join('\n');
}

function options(args: string[]) {
  const { values } = parseCommand('train logreg', args, [
    'optimizers',
    'seconds',
    'limit',
    'test-limit',
    'hidden',
    'weight-decay',
    'lr',
    'batch-size',
    'seed',
    'out',
  ]);
  const optimizers = (values.optimizers ?? 'lbfgs,adam,adam-full').split(',');
  for (const o of optimizers)
    if (!Object.hasOwn(NAMES, o))
      throw new UsageError(
        `nabla train logreg: unknown optimizer '${o}' in --optimizers (available: ${Object.keys(NAMES).join(', ')})`,
      );
  const weightDecay = values['weight-decay'] === undefined ? 1e-4 : Number(values['weight-decay']);
  if (!(weightDecay >= 0))
    throw new UsageError(
      `nabla train logreg: --weight-decay must be a non-negative number, got '${values['weight-decay']}'`,
    );
  const seed = seedOption('train logreg', values.seed);
  const int = (name: string, fallback: number) =>
    numberOption('train logreg', name, values[name], fallback, { integer: true });
  return {
    optimizers,
    seconds: numberOption('train logreg', 'seconds', values.seconds, 20),
    limit: int('limit', 10000),
    testLimit: int('test-limit', 10000),
    hidden: values.hidden === undefined ? undefined : int('hidden', 0),
    weightDecay,
    lr: numberOption('train logreg', 'lr', values.lr, 1e-3),
    batchSize: int('batch-size', 128),
    seed,
    plot: outputOption('train logreg', 'out', values.out, 'logreg-loss.png'),
  };
}

/**
 * `nabla train logreg`: the same model from the same initial weights trained by each optimizer
 * for the same optimizer time on a fixed MNIST subset (the first `limit` training digits); prints
 * the training objective and the test accuracy against time, and plots the loss curves.
 * Returns the exit code.
 * @example
 * trainLogreg(['--limit', '100', '--test-limit', '50', '--seconds', '0.2', '--out', 'loss.png']); // => 0
 */
export function trainLogreg(args: string[]): number {
  const o = options(args);
  const train = loadMnist('train', { limit: o.limit, shape: 'flat' }).tensors as [Tensor, Tensor];
  const test = loadMnist('test', { limit: o.testLimit, shape: 'flat' }).tensors as [Tensor, Tensor];
  manualSeed(o.seed);
  const build = (): nn.Module =>
    o.hidden === undefined
      ? new nn.Linear(784, 10)
      : mlp({ inFeatures: 784, hidden: [o.hidden], numClasses: 10 });
  const initial = build().stateDict();
  const threads = getNumThreads();
  console.log(
    `nabla: ${o.hidden === undefined ? 'softmax regression 784→10' : `an MLP 784-${o.hidden}-10`} on the first ${train[0].shape[0]} MNIST training digits ` +
      `(objective: cross-entropy + ${o.weightDecay}/2·‖W‖²), tested on ${test[0].shape[0]} test digits; ${o.seconds} s of optimizer time each; ` +
      `L-BFGS full-batch (strong Wolfe, history 100), Adam lr ${o.lr} (batch ${o.batchSize}, and full-batch); backend ${getBackend().name} (${threads} thread${threads === 1 ? '' : 's'})`,
  );
  const runs: Record<string, Checkpoint[]> = {};
  for (const name of o.optimizers) {
    const model = build();
    model.loadStateDict(initial);
    const race: Race = { model, train, test, weightDecay: o.weightDecay, seconds: o.seconds };
    const stepper =
      name === 'lbfgs'
        ? lbfgsStepper(race)
        : adamStepper(race, o.lr, name === 'adam' ? o.batchSize : Number.POSITIVE_INFINITY, o.seed + 1);
    runs[name] = runFor(race, stepper.step);
    const last = runs[name]!.at(-1)!;
    console.log(
      `${NAMES[name]}: training loss ${last.loss.toFixed(4)}, test accuracy ${(100 * last.testAccuracy).toFixed(2)}% after ${last.seconds.toFixed(2)} s (${stepper.work()})` +
        (last.seconds < o.seconds ? '; converged: a step no longer changed the loss' : ''),
    );
  }
  console.log(checkpointTable(runs, o.seconds));
  const series: LineSeries[] = o.optimizers.map((n) => ({
    label: n,
    color: COLORS[n]!,
    points: runs[n]!.map((c) => [c.seconds, c.loss] as const),
  }));
  writeLinePlot(o.plot, series, { logY: true, xUnit: 's' });
  console.log(`wrote the training loss against seconds (log scale) to ${o.plot}`);
  return 0;
}
