import { noGrad } from '../autograd/grad-mode.js';
import { zeros } from '../tensor/creation.js';
import type { DType } from '../tensor/dtype.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Module } from './module.js';

/**
 * The table behind `Module.summary`: runs `model.forward` on zeros of `inputShape` without
 * recording a graph, with a hook on each direct child's forward that records its output shape.
 * It runs in eval mode (training flags are restored after). The input dtype defaults to the first parameter's (float32 without parameters).
 * @example
 * summarize(new nn.Sequential(new nn.Linear(4, 2)), [1, 4]);
 */
export function summarize(model: Module, inputShape: readonly number[], dtype?: DType): string {
  const rows: string[][] = [];
  const children = model.namedChildren();
  for (const [name, child] of children) {
    const forward = child.forward;
    // An own, non-enumerable property shadows the prototype's forward without becoming a field
    // that the parameter walk would see; deleting it restores the class's method.
    Object.defineProperty(child, 'forward', {
      configurable: true,
      enumerable: false,
      value: (...inputs: Tensor[]): Tensor => {
        const out = forward.apply(child, inputs);
        rows.push([
          `${name} (${child.constructor.name})`,
          formatShape(out.shape),
          String(child.numParameters()),
        ]);
        return out;
      },
    });
  }
  // Eval mode, so the pass neither updates BatchNorm's running statistics nor needs a batch > 1.
  const modes = model.modules().map((m) => [m, m.training] as const);
  model.eval();
  try {
    const inputType = dtype ?? model.parameters()[0]?.dtype ?? 'float32';
    noGrad(() => model.forward(zeros(inputShape, { dtype: inputType })));
  } finally {
    for (const [, child] of children) Reflect.deleteProperty(child, 'forward');
    for (const [m, training] of modes) m.training = training;
  }
  return formatSummary(model, rows);
}

function formatSummary(model: Module, rows: string[][]): string {
  const header = ['Layer (type)', 'Output Shape', 'Param #'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join('   ')
      .trimEnd();
  const rule = '='.repeat(widths.reduce((a, b) => a + b, 0) + 3 * (widths.length - 1));
  const total = model.numParameters();
  const trainable = model.numParameters({ trainableOnly: true });
  return [
    line(header),
    rule,
    ...rows.map(line),
    rule,
    `Total params: ${total}`,
    `Trainable params: ${trainable}`,
    `Non-trainable params: ${total - trainable}`,
  ].join('\n');
}
