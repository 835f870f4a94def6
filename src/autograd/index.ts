import './backward.js';

export type { BackwardOptions } from './engine.js';
export { grad, gradients, valueAndGrad } from './functional.js';
export { enableGrad, isGradEnabled, noGrad } from './grad-mode.js';
export {
  type GradcheckEntry,
  type GradcheckOptions,
  type GradcheckResult,
  type GradcheckVerdict,
  gradcheck,
} from './gradcheck.js';
export { hessian, hvp } from './hessian.js';
