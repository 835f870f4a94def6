import {
  accuracy,
  crossEntropy,
  Generator,
  manualSeed,
  noGrad,
  optim,
  randperm,
  saveWeights,
  tensor,
} from '../../index.js';
import { parityTrees } from '../../models/parity-trees.js';
import { RecursiveNet, treeBatch } from '../../models/recursive-net.js';
import { numberOption, outputOption, parseCommand, seedOption, UsageError } from '../args.js';

export const trainRecursiveUsage = `nabla train recursive [--trees 4000] [--leaves 2,8] [--hidden 32] [--epochs 8] [--lr 0.005] [--seed 0]
                [--out recursive-parity.safetensors]
      a recursive (tree-structured) network on the parity of digit sums over balanced binary trees; held-out accuracy`;

function leavesOption(value: string | undefined): [number, number] {
  if (value === undefined) return [2, 8];
  const [low, high] = value.split(',').map(Number);
  if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high) || low! < 1 || high! < low!)
    throw new UsageError(
      `nabla train recursive: --leaves must be min,max with 1 ≤ min ≤ max, got '${value}'`,
    );
  return [low!, high!];
}

/**
 * `nabla train recursive`: trains a {@link RecursiveNet} with Adam (batches of 32 trees) on
 * synthetic parity trees and scores it each epoch on 1,000 fresh trees, keeping only those absent
 * from the training set. Returns the exit code.
 * @example
 * trainRecursive(['--trees', '200', '--epochs', '1', '--hidden', '8', '--out', 'parity.safetensors']); // => 0
 */
export function trainRecursive(args: string[]): number {
  const { values } = parseCommand('train recursive', args, [
    'trees',
    'leaves',
    'hidden',
    'epochs',
    'lr',
    'seed',
    'out',
  ]);
  const int = (name: string, fallback: number) =>
    numberOption('train recursive', name, values[name], fallback, { integer: true });
  const [count, hidden, epochs] = [int('trees', 4000), int('hidden', 32), int('epochs', 8)];
  const leaves = leavesOption(values.leaves);
  const lr = numberOption('train recursive', 'lr', values.lr, 0.005);
  const seed = seedOption('train recursive', values.seed);
  const out = outputOption('train recursive', 'out', values.out, 'recursive-parity.safetensors');
  manualSeed(seed);
  const train = parityTrees(count, { leaves, generator: new Generator(seed + 1) });
  const seen = new Set(train.trees.map((t) => JSON.stringify(t)));
  const drawn = parityTrees(1000, { leaves, generator: new Generator(seed + 2) });
  const keep = drawn.trees.flatMap((t, i) => (seen.has(JSON.stringify(t)) ? [] : [i]));
  const testX = treeBatch(keep.map((i) => drawn.trees[i]!));
  const testY = tensor(
    keep.map((i) => drawn.labels[i]!),
    { dtype: 'int32' },
  );
  const net = new RecursiveNet({ vocabSize: 10, hidden, numClasses: 2 });
  const opt = new optim.Adam(net.parameters(), { lr });
  console.log(
    `nabla: a recursive network (p = tanh(W[c1; c2] + b), hidden ${hidden}, ${net.numParameters()} parameters) on the parity of ` +
      `the digit sum of ${count} balanced trees of ${leaves[0]}–${leaves[1]} digits; held out: ${keep.length} trees not in training`,
  );
  const started = performance.now();
  const order = new Generator(seed + 3);
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const shuffled = Array.from(randperm(count, { generator: order }).data());
    let loss = 0;
    for (let s = 0; s < count; s += 32) {
      const batch = shuffled.slice(s, s + 32);
      const y = tensor(
        batch.map((i) => train.labels[i]!),
        { dtype: 'int32' },
      );
      opt.zeroGrad();
      const l = crossEntropy(net.forward(treeBatch(batch.map((i) => train.trees[i]!))), y);
      l.backward();
      opt.step();
      loss += l.item() * batch.length;
    }
    const acc = noGrad(() => accuracy(net.forward(testX), testY));
    console.log(
      `epoch ${epoch}: training loss ${(loss / count).toFixed(4)}, held-out accuracy ${(100 * acc).toFixed(1)}% (${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );
  }
  saveWeights(out, net);
  console.log(`saved the weights to ${out}`);
  return 0;
}
