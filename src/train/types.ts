/**
 * The shapes of the things the training loop drives. They are structural, so any `nn.Module`
 * and any `optim.Optimizer` fit them, and so does a ten-line hand-written model in a test.
 */
import type { Tensor } from '../tensor/tensor.js';

/** A model: what `nn.Module` provides and the loop needs. */
export interface TrainableModel {
  forward(...xs: Tensor[]): Tensor;
  parameters(): Tensor[];
  /** Training mode (dropout on, batch statistics). */
  train(mode?: boolean): unknown;
  /** Evaluation mode. */
  eval(): unknown;
  /** Whether the model is in training mode, if it tracks it. */
  readonly training?: boolean;
  stateDict(): Record<string, Tensor>;
  loadStateDict(dict: Record<string, Tensor>, options?: { strict?: boolean }): void;
  /** Other names `loadStateDict` accepts (foreign → own), as `nn.Module.stateDictAliases`. */
  stateDictAliases?(): Map<string, string>;
}

/** A parameter group's hyperparameters; `lr` at least. */
export interface ParamGroupLike {
  lr: number;
}

/**
 * An optimizer: what `optim.Optimizer` provides. `stateDict()` returns JSON-able data whose
 * values may be tensors (momentum buffers and the like); checkpoints store those tensors apart.
 */
export interface OptimizerLike {
  step(): void;
  zeroGrad(): void;
  paramGroups: ParamGroupLike[];
  stateDict(): unknown;
  loadStateDict(state: unknown): void;
}

/** A learning-rate schedule: each `step()` moves the optimizer's `lr` on. */
export interface SchedulerLike {
  step(): void;
}

/** A loss: predictions and targets to a scalar tensor. */
export type LossFn = (pred: Tensor, target: Tensor) => Tensor;

/** A metric: predictions and targets to a number (computed without gradients). */
export type MetricFn = (pred: Tensor, target: Tensor) => number;

/** Named values for an epoch or a batch: `loss`, `accuracy`, `valLoss`, `lr`, ... */
export type Logs = Record<string, number>;
