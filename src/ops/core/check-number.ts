import { ValueError } from '../../errors.js';

/**
 * Checks that an op's numeric parameter is a finite number and returns it.
 * @example
 * checkFiniteNumber(0.01, 'leakyRelu', 'slope'); // => 0.01
 */
export function checkFiniteNumber(value: unknown, op: string, arg: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new ValueError(`${op}: ${arg} must be a finite number, got ${String(value)}`);
  return value;
}
