export { checkLayer, type LayerErrorCase, type LayerInput, type LayerSpec } from './check-layer.js';
export {
  broadcastReference,
  checkOp,
  type OpErrorCase,
  type OpSpecCase,
  type OpSpecTest,
  type Plain,
} from './check-op.js';
export { expectClose } from './expect-close.js';
