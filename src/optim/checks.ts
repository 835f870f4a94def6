/**
 * Hyperparameter checks shared by the optimizers and schedules. Each throws a ValueError that
 * names the optimizer (or schedule), the argument, the allowed range and the value that came.
 */
import { ValueError } from '../errors.js';

function show(value: unknown): string {
  return typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
}

/**
 * Asserts a finite number ≥ 0 (learning rates, eps, weight decay, momentum).
 * @example
 * checkNonNegative('SGD', 'lr', 0.1); // fine
 * checkNonNegative('SGD', 'lr', -1); // => throws ValueError
 */
export function checkNonNegative(owner: string, arg: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ValueError(`${owner}: ${arg} must be a finite number ≥ 0, got ${show(value)}`);
  }
}

/**
 * Asserts a decay rate in [0, 1) (Adam's betas, RMSprop's alpha, an EMA's beta).
 * @example
 * checkUnitInterval('Adam', 'betas[0]', 0.9); // fine
 * checkUnitInterval('Adam', 'betas[0]', 1); // => throws ValueError
 */
export function checkUnitInterval(owner: string, arg: string, value: unknown): void {
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
    throw new ValueError(`${owner}: ${arg} must be in [0, 1), got ${show(value)}`);
  }
}

/**
 * Asserts a positive integer (step sizes, warmup lengths).
 * @example
 * checkPositiveInteger('StepLR', 'stepSize', 10);
 */
export function checkPositiveInteger(owner: string, arg: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ValueError(`${owner}: ${arg} must be a positive integer, got ${show(value)}`);
  }
}
