import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cpuMemory } from '../backends/cpu/memory.js';
import { add } from '../ops/add.js';
import { matmul } from '../ops/matmul.js';
import { mul } from '../ops/mul.js';
import { relu } from '../ops/relu.js';
import { sum } from '../ops/sum.js';
import { full, ones, tensor } from '../tensor/creation.js';
import { allocate } from '../tensor/dtype.js';
import { expectClose } from '../testing/expect-close.js';
import { gradients } from './functional.js';

// 64 × 128 = 8192 elements: above the pool's minimum, so these gradients are recycled.
const big = (value: number) => full([64, 128], value);

test('the engine recycles intermediate gradients, and allocate hands them out again', () => {
  const w = big(0.5).requiresGrad_();
  const before = cpuMemory.pool.stats().arrays;
  // The gradient reaching relu (3·1, made by mul's backward) is dead once relu's backward ran.
  sum(mul(relu(add(ones([64, 128]), w)), 3)).backward();
  assert.ok(
    cpuMemory.pool.stats().arrays > before,
    `the pool grew (${before} → ${cpuMemory.pool.stats().arrays})`,
  );
  const reused = allocate('float32', 64 * 128);
  assert.ok(
    reused.every((v) => v === 0),
    'a recycled array is zeroed',
  );
  expectClose(w.grad!, new Array(64 * 128).fill(3));
});

test("a leaf's .grad is never recycled, even when its storage passed through other nodes", () => {
  const a = big(1).requiresGrad_();
  const b = big(2).requiresGrad_();
  // add's backward hands the same dy to both inputs: one storage, two holders, two leaves.
  sum(mul(add(a, b), 3)).backward();
  const [ga, gb] = [a.grad!, b.grad!];
  // Later passes allocate and recycle arrays of the same length; the .grad values must stay.
  for (let i = 0; i < 3; i++) {
    const c = big(i).requiresGrad_();
    sum(mul(relu(add(c, 1)), 5)).backward();
  }
  expectClose(ga, new Array(64 * 128).fill(3));
  expectClose(gb, new Array(64 * 128).fill(3));
});

test('a gradient shared by a pending node and a finished one survives until both are done', () => {
  const x = big(1).requiresGrad_();
  // h feeds two branches; each branch's dy reaches h, so h's gradient is a sum of two arrays.
  const h = mul(x, 2);
  const y = add(mul(h, h), mul(h, 3));
  const [dx] = gradients(sum(y), [x]);
  // y = 4x² + 6x → dy/dx = 8x + 6 = 14 at x = 1
  expectClose(dx!, new Array(64 * 128).fill(14));
});

test('retained and requested gradients of non-leaves keep their values', () => {
  const x = big(1).requiresGrad_();
  const h = add(x, 1).retainGrad();
  const z = mul(h, 4);
  const [dz] = gradients(sum(mul(z, z)), [z], { retainGraph: true });
  sum(mul(z, z)).backward();
  // d(Σz²)/dz = 2z = 16; d/dh = 2z·4 = 64
  expectClose(dz!, new Array(64 * 128).fill(16));
  expectClose(h.grad!, new Array(64 * 128).fill(64));
});

test('gradients with recycling equal those of a recorded backward, which recycles nothing', () => {
  const a = tensor(
    Array.from({ length: 96 }, (_, i) => Array.from({ length: 96 }, (_, j) => ((i * 7 + j) % 5) - 2)),
  );
  const w = full([96, 96], 0.01).requiresGrad_();
  const loss = () => {
    const p = matmul(a, w);
    return sum(mul(relu(add(p, p)), matmul(relu(p), w)));
  };
  const [recycled] = gradients(loss(), [w]);
  const [recorded] = gradients(loss(), [w], { createGraph: true });
  assert.ok(
    recycled!.data().some((v) => v !== 0),
    'a nonzero gradient',
  );
  expectClose(recycled!, [...recorded!.data()], { rtol: 0, atol: 0 });
});
