import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Generator, type Tensor, TensorDataset, tensor, ValueError } from '../index.js';
import { synthesize } from './synthesize.js';

const clean = new TensorDataset(tensor([10, 20, 30, 40]));
const noise = new TensorDataset(tensor([1, 2]));
const add = ([x]: Tensor[], [n]: Tensor[]) => x!.item() + n!.item();

test('synthesize pairs each clean example with a seeded background and combines them', () => {
  const warnings: string[] = [];
  const mixed = synthesize(clean, noise, add, { seed: 3, warn: (m) => warnings.push(m) });
  // The pairing is the seed's draws below 2, one per clean example.
  const g = new Generator(3);
  const pairing = [0, 1, 2, 3].map(() => g.below(2));
  assert.deepEqual(mixed.pairing, pairing);
  assert.equal(mixed.length, 4);
  assert.deepEqual(
    [0, 1, 2, 3].map((i) => mixed.get(i)),
    [10, 20, 30, 40].map((v, i) => v + [1, 2][pairing[i]!]!),
  );
  assert.deepEqual(synthesize(clean, noise, add, { seed: 3 }).pairing, pairing);
  assert.deepEqual(warnings, []); // 2 reuses each ≤ 10
});

test('the course’s car noise: one background for many examples warns of overfitting to it', () => {
  const warnings: string[] = [];
  const many = new TensorDataset(tensor(Array.from({ length: 50 }, (_, i) => i)));
  synthesize(many, new TensorDataset(tensor([7])), add, { warn: (m) => warnings.push(m) });
  assert.deepEqual(warnings, [
    'synthesize: 1 backgrounds for 50 examples: each is reused 50 times on average, and the model may overfit to them; gather more backgrounds',
  ]);
  assert.throws(
    () => synthesize(clean, new TensorDataset(tensor([]).reshape([0])), add),
    new ValueError('synthesize: the background pool is empty'),
  );
  assert.throws(() => synthesize(clean, noise, add, { seed: 0, maxReuse: 0 }), /maxReuse must be positive/);
});
