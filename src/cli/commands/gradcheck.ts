import { crossEntropy, manualSeed, nn, randint, randn } from '../../index.js';
import { parseCommand, UsageError } from '../args.js';

export const gradcheckUsage = 'nabla gradcheck [--seed 0]';

/**
 * Checks backprop on a small float64 network (4-5-3, tanh, cross-entropy) against two-sided
 * differences and prints the per-parameter table, as the course's gradient checking does.
 */
export function gradcheckCommand(args: string[]): number {
  const { values } = parseCommand('gradcheck', args, ['seed']);
  const seed = Number(values.seed ?? 0);
  if (!Number.isSafeInteger(seed))
    throw new UsageError(`nabla gradcheck: --seed must be an integer, got '${values.seed}'`);
  manualSeed(seed);
  const model = new nn.Sequential(
    new nn.Linear(4, 5, { dtype: 'float64' }),
    new nn.Tanh(),
    new nn.Linear(5, 3, { dtype: 'float64' }),
  );
  const x = randn([6, 4], { dtype: 'float64' });
  const y = randint(0, 3, [6]);
  const result = nn.gradcheckModule(model, (logits) => crossEntropy(logits, y), [x]);
  console.log(result.table());
  console.log(
    `relative error ${result.relativeError.toExponential(2)}: ${result.verdict}${result.passed ? '' : ' (backprop disagrees with the numerical gradient)'}`,
  );
  return result.passed ? 0 : 1;
}
