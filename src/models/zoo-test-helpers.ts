import assert from 'node:assert/strict';
import { crossEntropy, Generator, type nn, randint, randn, type Tensor } from '../index.js';

/**
 * Runs `model` forward on a random batch `[batch, ...imageShape]`, checks the logits' shape,
 * backpropagates a cross-entropy loss and checks that every parameter received a finite
 * gradient of its own shape. Returns the logits.
 * @example
 * checkTrainStep(lenet5(), [2, 1, 28, 28], 10);
 */
export function checkTrainStep(model: nn.Module, inputShape: number[], numClasses: number): Tensor {
  const g = new Generator(0);
  const x = randn(inputShape, { generator: g });
  const logits = model.forward(x);
  assert.deepEqual(logits.shape, [inputShape[0], numClasses]);
  crossEntropy(logits, randint(0, numClasses, [inputShape[0]!], { generator: g })).backward();
  for (const [name, p] of model.namedParameters()) {
    assert.ok(p.grad, `${name} has no gradient`);
    assert.deepEqual(p.grad.shape, p.shape, name);
    // A plain loop: VGG's first Linear alone has 102M gradient entries.
    const data = p.grad.data();
    let finite = true;
    for (let i = 0; i < data.length; i++) finite &&= Number.isFinite(data[i]!);
    assert.ok(finite, `${name} has a non-finite gradient`);
  }
  return logits;
}
