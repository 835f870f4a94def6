export { CosineAnnealingLR } from './cosine-annealing-lr.js';
export { ExponentialDecay } from './exponential-decay.js';
export { InverseSqrtDecay } from './inverse-sqrt-decay.js';
export { InverseTimeDecay } from './inverse-time-decay.js';
export { LambdaLR } from './lambda-lr.js';
export { LinearWarmup } from './linear-warmup.js';
export { LRScheduler, type LRSchedulerStateDict, type LrFormula } from './lr-scheduler.js';
export {
  ReduceLROnPlateau,
  type ReduceLROnPlateauOptions,
  type ReduceLROnPlateauStateDict,
} from './reduce-lr-on-plateau.js';
export { StepLR } from './step-lr.js';
