import { logSoftmax } from '../../../ops/log-softmax.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';

/**
 * log(softmax(x)) along `axis` (default the last), as a layer: the input of nllLoss.
 * @example
 * new LogSoftmax(1).forward(tensor([[0, 0]])); // => [[-0.6931, -0.6931]]
 */
export class LogSoftmax extends Module {
  constructor(readonly axis = -1) {
    super();
  }

  forward(x: Tensor): Tensor {
    return logSoftmax(x, this.axis);
  }
}
