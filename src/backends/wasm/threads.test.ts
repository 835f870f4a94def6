// The wasm backend's threads (NOTE(wasm-threads) in native/thread-pool.h): the module's pool
// itself (through its test exports threadsCover and threadsTrap), kernels on two threads against
// one, and a process on two threads exiting by itself.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  clamp,
  exp,
  grad,
  manualSeed,
  nn,
  optim,
  randn,
  sigmoid,
  softmax,
  type Tensor,
  tanh,
  tensor,
} from '../../index.js';
import { builtFileBytes } from '../../platform/node.js';
import { getBackend, setBackend } from '../registry.js';
import { loadWasmBackend } from './index.js';
import { loadWasmModule } from './load.js';
import { memoryImport, unsharedMemoryModule } from './memory-import.js';
import { instantiateWasmSync, type WasmModule } from './module.js';
import { stagedAddon } from './staged-addon.js';
import { wasmThreads } from './threads.js';

const wasm = loadWasmBackend().backend;
const module = loadWasmModule().module;

// parallelFor over n items in the module: how many times each item was covered and by which
// thread (0 the caller, i ≥ 1 worker i).
function cover(m: WasmModule, n: number, minPerThread: number, align: number, nested = false) {
  const { address, view } = m.scratch(8 * n);
  view.fill(0);
  m.guarded(() => m.threads.threadsCover(n, minPerThread, align, nested ? 1 : 0, address, address + 4 * n));
  return { counts: view.slice(0, n), owners: view.slice(n, 2 * n) };
}

// Runs fn with the wasm backend active on `threads` threads, then puts everything back.
function onWasm<T>(threads: number, fn: () => T): T {
  const before = getBackend().name;
  const threadsBefore = wasm!.numThreads();
  setBackend('wasm');
  wasm!.setNumThreads(threads);
  try {
    return fn();
  } finally {
    wasm!.setNumThreads(threadsBefore);
    setBackend(before);
  }
}

if (wasm === undefined || module === undefined || !module.isShared()) {
  test('without a shared memory the wasm backend runs on one thread', () => {
    if (wasm) {
      wasm.setNumThreads(2);
      assert.equal(wasm.numThreads(), 1);
    } else assert.equal(typeof loadWasmBackend().reason, 'string');
  });
} else {
  test('setNumThreads sizes the pool and refuses nonsense, as native', () => {
    const before = wasm.numThreads();
    wasm.setNumThreads(3);
    assert.equal(wasm.numThreads(), 3);
    wasm.setNumThreads(before);
    assert.equal(wasm.numThreads(), before);
    assert.throws(() => wasm.setNumThreads(0), /setNumThreads expects an integer in \[1, 64\], got 0/);
    assert.throws(() => wasm.setNumThreads(1.5), RangeError);
  });

  test('parallelFor covers every item exactly once, in aligned ranges, on every thread count', () => {
    for (const threads of [1, 2, 3]) {
      onWasm(threads, () => {
        for (const [n, min, align] of [
          [1000, 10, 1],
          [1001, 7, 16],
          [17, 1, 4],
          [3, 1, 1],
        ] as const) {
          const { counts, owners } = cover(module, n, min, align);
          assert.ok(
            counts.every((c) => c === 1),
            `${threads} threads, n ${n}: ${counts.findIndex((c) => c !== 1)}`,
          );
          // A range starts on a multiple of `align`: the owner changes only there.
          for (let i = 1; i < n; i++) {
            if (owners[i] !== owners[i - 1])
              assert.equal(i % align, 0, `${threads} threads, n ${n}, item ${i}`);
          }
        }
      });
    }
  });

  test('small work stays on the calling thread', () => {
    onWasm(2, () => {
      // 19 items at ≥ 10 per thread: not worth a second thread.
      const { counts, owners } = cover(module, 19, 10, 1);
      assert.deepEqual([...new Set(counts)], [1]);
      assert.deepEqual([...new Set(owners)], [0]);
    });
  });

  test('a worker takes a share of the work once it has started', async () => {
    const before = wasm.numThreads();
    wasm.setNumThreads(2);
    try {
      // Workers start in the background; give them up to ~10 s on a loaded machine.
      let owners = new Set<number>();
      for (let attempt = 0; attempt < 200 && !owners.has(1); attempt++) {
        owners = new Set(cover(module, 400_000, 10, 1).owners);
        if (!owners.has(1)) await sleep(50);
      }
      // Which thread takes which half depends on the scheduler: the worker took at least one.
      assert.ok(owners.has(1) && [...owners].every((o) => o === 0 || o === 1), [...owners].join());
    } finally {
      wasm.setNumThreads(before);
    }
  });

  test('a nested parallelFor runs on the thread of its outer range', () => {
    onWasm(2, () => {
      const n = 1000;
      const { counts, owners } = cover(module, n, 10, 1, true);
      assert.ok(counts.every((c) => c === 1));
      // Two outer ranges, [0, 500) and [500, 1000): each stays on one thread.
      assert.equal(new Set(owners.subarray(0, 500)).size, 1);
      assert.equal(new Set(owners.subarray(500)).size, 1);
    });
  });

  test('a trap in a task, on a worker or on the caller, neither hangs nor breaks the pool', () => {
    onWasm(2, () => {
      const { address } = module.scratch(4);
      // Task t traps on whichever thread claimed it: on the caller the call throws the trap (and
      // the pool waits out the worker's task before it is used again); on a worker the call
      // returns a failure instead of waiting for the task forever. Repeated until both happened.
      const seen = new Set<string>();
      for (let attempt = 0; attempt < 200 && seen.size < 2; attempt++) {
        try {
          const status: number = module.guarded(() => module.threads.threadsTrap(attempt % 2, address));
          assert.equal(status, 1);
          seen.add('worker');
        } catch (e) {
          assert.match((e as Error).message, /unreachable/);
          seen.add('caller');
        }
      }
      assert.deepEqual([...seen].sort(), ['caller', 'worker']);
      const { counts } = cover(module, 1000, 10, 1);
      assert.ok(counts.every((c) => c === 1));
      // The kernels still work: 3 · 4 = 12.
      assert.deepEqual(
        tensor([3])
          .mul(tensor([4]))
          .toArray(),
        [12],
      );
    });
  });

  // A training step of each benchmark model's layers on inputs large enough to split: the
  // parameters after two steps on two threads against one.
  function trainedParameters(threads: number, build: () => nn.Module, x: () => Tensor): Float32Array[] {
    return onWasm(threads, () => {
      manualSeed(7);
      const model = build();
      const input = x();
      const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3 });
      for (let step = 0; step < 2; step++) {
        optimizer.zeroGrad();
        const y = model.forward(input) as Tensor;
        y.square().mean().backward();
        optimizer.step();
      }
      return model.parameters().map((p) => p.data() as Float32Array);
    });
  }

  const models: [string, () => nn.Module, () => Tensor][] = [
    [
      'mlp (matmul, bias, relu)',
      () => new nn.Sequential(new nn.Linear(256, 512), new nn.ReLU(), new nn.Linear(512, 64)),
      () => randn([256, 256]),
    ],
    [
      'cnn (conv2d, batch norm, max pool)',
      () =>
        new nn.Sequential(
          new nn.Conv2d(8, 16, 3, { padding: 1 }),
          new nn.BatchNorm2d(16),
          new nn.ReLU(),
          new nn.MaxPool2d(2),
          new nn.Flatten(),
          new nn.Linear(16 * 16 * 16, 10),
        ),
      () => randn([32, 8, 32, 32]),
    ],
    [
      'lstm, layer norm',
      () => {
        const lstm = new nn.LSTM(64, 128);
        const norm = new nn.LayerNorm(128);
        return new (class extends nn.Module {
          lstm = lstm;
          norm = norm;
          forward(x: Tensor): Tensor {
            return this.norm.forward(this.lstm.forward(x) as Tensor);
          }
        })();
      },
      () => randn([64, 10, 64]),
    ],
  ];
  for (const [name, build, x] of models) {
    test(`two training steps of the ${name} give the same bits on two threads as on one`, () => {
      const one = trainedParameters(1, build, x);
      const two = trainedParameters(2, build, x);
      assert.equal(two.length, one.length);
      for (let i = 0; i < one.length; i++) assert.deepEqual(two[i], one[i], `${name}: parameter ${i}`);
    });
  }

  test('elementwise ops, softmax cross-entropy, reductions and copies give the same bits on two threads', () => {
    // [600, 400]: every kernel here splits its rows or elements over two threads at this size.
    const run = (threads: number) =>
      onWasm(threads, () => {
        manualSeed(3);
        const x = randn([600, 400]);
        const labels = tensor(
          Array.from({ length: 600 }, (_, i) => (i * 7) % 400),
          { dtype: 'int32' },
        );
        const loss = (v: Tensor): Tensor => {
          const y = clamp(
            tanh(v)
              .mul(sigmoid(v))
              .add(exp(v.mul(0.1))),
            -2,
            2,
          );
          return nn.crossEntropy(y, labels).add(softmax(y, -1).transpose(0, 1).mul(2).sum(0).mean());
        };
        return [loss(x).data(), grad(loss)(x).data()];
      });
    const [one, two] = [run(1), run(2)];
    assert.deepEqual(two[0], one[0]);
    assert.deepEqual(two[1], one[1]);
  });

  test('the same module runs on an unshared memory (a page that is not isolated), on one thread', () => {
    const bytes = builtFileBytes('nabla.wasm', 'the test')!;
    assert.equal(memoryImport(bytes).shared, true);
    const unshared = instantiateWasmSync(unsharedMemoryModule(bytes));
    assert.equal(unshared.isShared(), false);
    const threads = wasmThreads(unshared);
    threads.resize(2);
    assert.equal(threads.size(), 1);
    const out = new Float32Array(100_000);
    // unary op 2 squares: 3² = 9, over enough items that a pool of two would split them.
    stagedAddon(unshared, threads).unary(2, new Float32Array(100_000).fill(3), out);
    assert.deepEqual([...new Set(out)], [9]);
  });

  test('a script on the wasm backend with two threads exits by itself', () => {
    const script = [
      "import { getNumThreads, matmul, ones } from './src/index.ts';",
      'const y = matmul(ones([256, 256]), ones([256, 256]));',
      'console.log(getNumThreads(), y.data()[0]);',
    ].join('\n');
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: new URL('../../..', import.meta.url).pathname,
      env: { ...process.env, NABLA_BACKEND: 'wasm', NABLA_NUM_THREADS: '2' },
      encoding: 'utf8',
      // A process the workers kept alive would be killed here and fail the test.
      timeout: 60_000,
    });
    assert.equal(result.signal, null, 'the process had to be killed: the workers kept it alive');
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.trim(), '2 256');
  });
}
