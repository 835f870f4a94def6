import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as nabla from './index.js';

test('the public barrel exports the ops, not the helpers behind them', () => {
  const api = nabla as unknown as Record<string, unknown>;
  for (const op of [
    'matmul',
    'reshape',
    'view',
    'flatten',
    'sum',
    'gather',
    'adaptiveAvgPool2d',
    'lstmCellFused',
  ]) {
    assert.equal(typeof api[op], 'function', `${op} is public`);
  }
  const helpers = [
    'resolveShape',
    'reduceAxes',
    'reducedShape',
    'checkGatherIndex',
    'adaptiveBins',
    'lstmCellCompositeBackward',
  ];
  for (const helper of helpers) assert.equal(api[helper], undefined, `${helper} is internal`);
});
