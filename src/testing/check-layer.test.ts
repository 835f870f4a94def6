import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Module } from '../nn/module.js';
import { Parameter } from '../nn/parameter.js';
import { defineOp } from '../ops/core/define-op.js';
import { sumTo } from '../ops/core/sum-to.js';
import { mul } from '../ops/mul.js';
import { full } from '../tensor/creation.js';
import type { DType } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { layerChecks } from './check-layer.js';

// The harness must catch each way a layer can fall short: one deliberately broken layer per check.

/** x·w elementwise, with a backward that forgets the factor w for x. */
const badScale = defineOp({
  name: 'badScale',
  forward: (x: Tensor, w: Tensor): Tensor => mul(x, w),
  backward: (dy, { args: [x, w] }) => [dy, sumTo(mul(dy, x), w.shape)],
});

class Scale extends Module {
  weight: Parameter;
  /** Not a Parameter or Buffer, so stateDict misses it (the bug the round trip must find). */
  hidden: Tensor;
  calls = 0;

  constructor(
    dtype: DType,
    private readonly bug: 'none' | 'backward' | 'state' | 'eval' | 'empty',
  ) {
    super();
    this.weight = Parameter.from(full([3], 1.5, { dtype }));
    this.hidden = full([3], 1, { dtype });
  }

  forward(x: Tensor): Tensor {
    if (this.bug === 'backward') return badScale(x, this.weight);
    if (this.bug === 'empty' && x.size === 0) throw new Error('cannot take an empty batch');
    if (this.bug === 'eval' && !this.training) this.weight.data()[0]! += 1;
    if (this.bug === 'state') this.hidden.data()[0]! += 1;
    return mul(mul(x, this.weight), this.hidden);
  }
}

const spec = (bug: ConstructorParameters<typeof Scale>[1]) => ({
  name: `Scale (${bug})`,
  make: ({ dtype }: { dtype: DType }) => new Scale(dtype, bug),
  inputs: [[2, 3]],
});

test('checkLayer passes a correct layer on every check', () => {
  for (const check of Object.values(layerChecks(spec('none'), 'reference'))) check();
});

test('checkLayer finds a wrong backward, eval that changes state, state outside stateDict and a failing empty batch', () => {
  assert.throws(() => layerChecks(spec('backward'), 'reference').gradients(), /gradcheck in training failed/);
  assert.throws(
    () => layerChecks(spec('eval'), 'reference').trainEval(),
    /eval mode changes no parameter or buffer/,
  );
  assert.throws(() => layerChecks(spec('state'), 'reference').stateDict(), /expected|equal/);
  assert.throws(() => layerChecks(spec('empty'), 'reference').zeroSize(), /cannot take an empty batch/);
});

test('checkLayer finds a layer that claims eval differs but computes the same', () => {
  const same = { ...spec('none'), evalDiffers: true };
  assert.throws(
    () => layerChecks(same, 'reference').trainEval(),
    /eval mode computes something else than training/,
  );
});
