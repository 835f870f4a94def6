import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CpuMemory } from '../backends/cpu/memory.js';
import { defineBackend } from '../backends/define-backend.js';
import { referenceKernels } from '../backends/reference/index.js';
import { getBackend, registerBackend, setBackend } from '../backends/registry.js';
import { DeviceError, ValueError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import { add } from './add.js';
import { mul } from './mul.js';
import { sum } from './sum.js';
import { to } from './to.js';
import '../index.js';

const home = getBackend().name;
// A second "device": CPU memory under another name, so moving between devices is testable here.
registerBackend(
  defineBackend({
    name: 'elsewhere',
    memory: new CpuMemory('far'),
    kernels: referenceKernels,
    numThreads: () => 1,
    setNumThreads: () => {},
  }),
);

test('to(dtype) converts, to(same) returns the tensor itself, as PyTorch', () => {
  const x = tensor([1.5, -2.5]);
  assert.equal(to(x, 'float32'), x);
  assert.equal(to(x, 'cpu'), x);
  assert.equal(to(x, { device: 'cpu', dtype: 'float32' }), x);
  assert.deepEqual(to(x, 'int32').toArray(), [1, -2]);
  assert.equal(to(x, { dtype: 'float64' }).dtype, 'float64');
  assert.equal(x.to('float64').dtype, 'float64');
  // A backend's name stands for its device: both CPU backends share it.
  assert.equal(to(x, 'reference'), x);
});

test('to(device) copies into that device; ops need their tensors on the active device', () => {
  const x = tensor([1, 2, 3]);
  const far = to(x, 'elsewhere');
  assert.equal(far.device, 'far');
  assert.notEqual(far.storage, x.storage);
  assert.deepEqual(far.toArray(), [1, 2, 3]);
  assert.throws(() => add(far, 1), DeviceError);
  assert.throws(
    () => add(far, 1),
    /add: a tensor on device 'far' cannot be used by the '\w+' backend .*\.to\('cpu'\)/,
  );
  setBackend('elsewhere');
  try {
    const y = add(far, 1);
    assert.equal(y.device, 'far');
    assert.deepEqual(y.toArray(), [2, 3, 4]);
    assert.deepEqual(to(y, 'cpu').toArray(), [2, 3, 4]);
    assert.equal(to(y, 'cpu').device, 'cpu');
  } finally {
    setBackend(home);
  }
});

test('gradients flow back through a move between devices', () => {
  const x = tensor([1, -2, 3]).requiresGrad_();
  const far = to(x, { device: 'elsewhere', dtype: 'float64' });
  setBackend('elsewhere');
  try {
    sum(mul(far, far)).backward(); // d/dx Σx² = 2x
  } finally {
    setBackend(home);
  }
  assert.equal(x.grad!.device, 'cpu');
  assert.equal(x.grad!.dtype, 'float32');
  assert.deepEqual(x.grad!.toArray(), [2, -4, 6]);
});

test('to rejects unknown devices and dtypes with the names it knows', () => {
  const x = tensor([1]);
  assert.throws(() => to(x, 'gpu'), ValueError);
  assert.throws(
    () => to(x, 'gpu'),
    /to: 'gpu' is neither a backend \(.*elsewhere.*\) nor a device \(cpu, far\)/,
  );
  assert.throws(
    () => to(x, { dtype: 'float16' as 'float32' }),
    /to: dtype must be one of float32, float64, int32, bool, got 'float16'/,
  );
  assert.throws(() => to(x, { device: 'nowhere' }), ValueError);
});

test('zero-size tensors move too', () => {
  const x = tensor([]);
  const far = to(x, 'elsewhere');
  assert.deepEqual(far.shape, [0]);
  assert.equal(far.device, 'far');
});
