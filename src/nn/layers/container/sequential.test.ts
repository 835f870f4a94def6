import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor, zeros } from '../../../index.js';
import { expectClose } from '../../../testing/expect-close.js';
import { ReLU } from '../activation/relu.js';
import { Linear } from '../linear/linear.js';
import { Flatten } from '../reshape/flatten.js';
import { Sequential } from './sequential.js';

test('Sequential chains its layers', () => {
  const net = new Sequential(new Linear(2, 2), new ReLU(), new Linear(2, 1));
  net.loadStateDict({
    'layers.0.weight': tensor([
      [1, 0],
      [0, -1],
    ]),
    'layers.0.bias': tensor([0, 0]),
    'layers.2.weight': tensor([[1, 1]]),
    'layers.2.bias': tensor([1]),
  });
  // [3, 2] → [3, -2] → relu [3, 0] → 3 + 0 + 1
  expectClose(net.forward(tensor([[3, 2]])), [[4]]);
});

test('an empty Sequential is the identity', () => {
  const x = tensor([1]);
  assert.equal(new Sequential().forward(x), x);
});

test('Flatten merges all axes after the batch by default', () => {
  assert.deepEqual(new Flatten().forward(zeros([2, 3, 4, 5])).shape, [2, 60]);
  assert.deepEqual(new Flatten(0).forward(zeros([2, 3])).shape, [6]);
  assert.deepEqual(new Flatten(1, 2).forward(zeros([2, 3, 4, 5])).shape, [2, 12, 5]);
  expectClose(
    new Flatten().forward(
      tensor([
        [
          [1, 2],
          [3, 4],
        ],
      ]),
    ),
    [[1, 2, 3, 4]],
  );
});
