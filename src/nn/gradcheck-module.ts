import { type GradcheckOptions, type GradcheckResult, gradcheck } from '../autograd/gradcheck.js';
import { isFloat } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Module } from './module.js';
import { Parameter } from './parameter.js';

/**
 * Gradient checking for a whole module: the gradient of `loss(module.forward(...inputs))` with
 * respect to every parameter held directly in a field (and every float input) is compared with
 * central differences in float64, as the course's gradient checking does. Each parameter is
 * swapped for gradcheck's float64 copy during the evaluation and restored afterwards. Put the
 * module in a deterministic state first (eval() for Dropout; BatchNorm in train mode is fine).
 * @example
 * const result = gradcheckModule(new nn.Linear(3, 2, { dtype: 'float64' }), (y) => y.sum(), [randn([4, 3])]);
 * result.passed; // => true
 */
export function gradcheckModule(
  module: Module,
  loss: (output: Tensor) => Tensor,
  inputs: readonly Tensor[],
  options: GradcheckOptions = {},
): GradcheckResult {
  const slots: [Record<string, unknown>, string, Parameter][] = [];
  for (const m of module.modules()) {
    for (const [key, value] of Object.entries(m)) {
      if (value instanceof Parameter && value.requiresGrad)
        slots.push([m as unknown as Record<string, unknown>, key, value]);
    }
  }
  const floatInputs = inputs.map((x, i) => [x, i] as const).filter(([x]) => isFloat(x.dtype));
  const f = (...xs: Tensor[]): Tensor => {
    slots.forEach(([owner, key], k) => {
      owner[key] = xs[k];
    });
    try {
      const args = [...inputs];
      floatInputs.forEach(([, i], k) => {
        args[i] = xs[slots.length + k]!;
      });
      return loss(module.forward(...args));
    } finally {
      for (const [owner, key, p] of slots) owner[key] = p;
    }
  };
  const dotted = new Map<Tensor, string>(module.namedParameters().map(([name, p]) => [p, name]));
  const names = [
    ...slots.map(([owner, key, p]) => dotted.get(p) ?? `${owner.constructor.name}.${key}`),
    ...floatInputs.map(([, i]) => `input ${i}`),
  ];
  return gradcheck(f, [...slots.map(([, , p]) => p), ...floatInputs.map(([x]) => x)], { names, ...options });
}
