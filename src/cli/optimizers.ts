import { optim, type Tensor } from '../index.js';
import { UsageError } from './args.js';

const makers: Record<string, (params: Tensor[], lr: number) => optim.Optimizer> = {
  adam: (params, lr) => new optim.Adam(params, { lr }),
  adamw: (params, lr) => new optim.AdamW(params, { lr }),
  sgd: (params, lr) => new optim.SGD(params, { lr }),
  momentum: (params, lr) => new optim.SGD(params, { lr, momentum: 0.9 }),
  rmsprop: (params, lr) => new optim.RMSprop(params, { lr }),
  adagrad: (params, lr) => new optim.Adagrad(params, { lr }),
  adadelta: (params, lr) => new optim.Adadelta(params, { lr }),
  adamax: (params, lr) => new optim.Adamax(params, { lr }),
  nadam: (params, lr) => new optim.NAdam(params, { lr }),
  radam: (params, lr) => new optim.RAdam(params, { lr }),
};

export const optimizerNames = Object.keys(makers);

/** The optimizer named on the command line. */
export function makeOptimizer(name: string, params: Tensor[], lr: number): optim.Optimizer {
  const make = Object.hasOwn(makers, name) ? makers[name] : undefined;
  if (!make)
    throw new UsageError(
      `nabla train: unknown optimizer '${name}' (available: ${optimizerNames.join(', ')})`,
    );
  return make(params, lr);
}
