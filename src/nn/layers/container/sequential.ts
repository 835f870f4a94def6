import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';

/**
 * Modules applied one after another: the output of each is the input of the next. Parameters are
 * named `layers.<i>.<name>`.
 * @example
 * const mlp = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 1));
 * mlp.forward(ones([2, 4])).shape; // => [2, 1]
 */
export class Sequential extends Module {
  readonly layers: Module[];

  constructor(...layers: Module[]) {
    super();
    this.layers = layers;
  }

  forward(x: Tensor): Tensor {
    return this.layers.reduce((h, layer) => layer.forward(h), x);
  }
}
