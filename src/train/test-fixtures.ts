/**
 * Tiny hand-written models and optimizers for the training tests, so they depend on neither
 * `nn` nor `optim`: they implement the structural interfaces of `types.ts`.
 */
import { ValueError } from '../errors.js';
import { add } from '../ops/add.js';
import { matmul } from '../ops/matmul.js';
import { mean } from '../ops/mean.js';
import { square } from '../ops/square.js';
import { sub } from '../ops/sub.js';
import { tensor, zerosLike } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import type { OptimizerLike, TrainableModel } from './types.js';

/** y = x·W + b with W [in, out], b [out]. */
export class TinyLinear implements TrainableModel {
  weight: Tensor;
  bias: Tensor;
  training = true;

  constructor(weight: number[][], bias: number[]) {
    this.weight = tensor(weight, { requiresGrad: true });
    this.bias = tensor(bias, { requiresGrad: true });
  }

  forward(x: Tensor): Tensor {
    return add(matmul(x, this.weight), this.bias);
  }

  parameters(): Tensor[] {
    return [this.weight, this.bias];
  }

  train(mode = true): this {
    this.training = mode;
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  stateDict(): Record<string, Tensor> {
    return { weight: this.weight, bias: this.bias };
  }

  loadStateDict(dict: Record<string, Tensor>): void {
    for (const [name, p] of Object.entries(this.stateDict())) {
      const src = dict[name];
      if (!src) throw new ValueError(`TinyLinear.loadStateDict: missing ${name}`);
      p.data().set(src.data());
    }
  }
}

/** SGD with momentum (v ← μv + g; p ← p − lr·v), its velocities kept as tensors in the state. */
export class TinyMomentum implements OptimizerLike {
  paramGroups: { lr: number; momentum: number }[];
  private velocity: (Tensor | undefined)[];

  constructor(
    readonly params: Tensor[],
    { lr, momentum = 0.9 }: { lr: number; momentum?: number },
  ) {
    this.paramGroups = [{ lr, momentum }];
    this.velocity = params.map(() => undefined);
  }

  zeroGrad(): void {
    for (const p of this.params) p.grad = null;
  }

  step(): void {
    const { lr, momentum } = this.paramGroups[0]!;
    this.params.forEach((p, i) => {
      if (!p.grad) return;
      const velocity = this.velocity[i] ?? zerosLike(p);
      this.velocity[i] = velocity;
      const v = velocity.data();
      const g = p.grad.data();
      const w = p.data();
      for (let k = 0; k < w.length; k++) {
        v[k] = momentum * v[k]! + g[k]!;
        w[k] = w[k]! - lr * v[k]!;
      }
    });
  }

  stateDict(): unknown {
    const state: Record<number, { velocity: Tensor }> = {};
    this.velocity.forEach((v, i) => {
      if (v) state[i] = { velocity: tensor(v.data(), { shape: [...v.shape] }) };
    });
    return { state, paramGroups: this.paramGroups.map((g) => ({ ...g })) };
  }

  loadStateDict(dict: unknown): void {
    const { state, paramGroups } = dict as {
      state: Record<string, { velocity: Tensor }>;
      paramGroups: { lr: number; momentum: number }[];
    };
    this.paramGroups = paramGroups.map((g) => ({ ...g }));
    this.velocity = this.params.map((_, i) => state[i]?.velocity);
  }
}

/** Mean squared error. */
export function mse(pred: Tensor, target: Tensor): Tensor {
  return mean(square(sub(pred, target)));
}
