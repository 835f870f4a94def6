export { Adadelta, type AdadeltaHyperparameters, type AdadeltaOptions } from './adadelta.js';
export { Adagrad, type AdagradHyperparameters, type AdagradOptions } from './adagrad.js';
export { Adam, type AdamHyperparameters, type AdamOptions } from './adam.js';
export { Adamax, type AdamaxHyperparameters, type AdamaxOptions } from './adamax.js';
export { AdamW } from './adamw.js';
export { clipGradNorm, clipGradValue } from './clip.js';
export { type Closure, ClosureOptimizer } from './closure-optimizer.js';
export {
  type ConjugateBeta,
  ConjugateGradient,
  type ConjugateGradientHyperparameters,
  type ConjugateGradientOptions,
  conjugateBeta,
} from './conjugate-gradient.js';
export { ExponentialMovingAverage } from './ema.js';
export { FlatParams } from './flat-params.js';
export {
  conjugateGradientSolve,
  type GaussNewtonObjective,
  gaussNewton,
  HessianFree,
  type HessianFreeOptions,
} from './hessian-free.js';
export { LBFGS, type LBFGSHyperparameters, type LBFGSOptions, type LBFGSStateDict } from './lbfgs.js';
export {
  cubicInterpolate,
  type DirectionalObjective,
  type LineSearchResult,
  type StrongWolfeOptions,
  strongWolfe,
} from './line-search.js';
export { NAdam, type NAdamHyperparameters, type NAdamOptions } from './nadam.js';
export {
  type Hyperparameters,
  Optimizer,
  type ParamGroup,
  type ParamGroupInit,
  type ParamState,
  type ParamsInput,
  type UpdateContext,
} from './optimizer.js';
export type { OptimizerStateDict, ParamStateDict } from './optimizer-state.js';
export { RAdam, type RAdamHyperparameters, type RAdamOptions } from './radam.js';
export { RMSprop, type RMSpropHyperparameters, type RMSpropOptions } from './rmsprop.js';
export * from './schedules/index.js';
export { type MomentumConvention, SGD, type SGDHyperparameters, type SGDOptions } from './sgd.js';
