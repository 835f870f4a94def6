// TensorFlow.js peer for nabla's benchmark suite: the CPU backend (plain JavaScript) and the
// WASM backend (XNNPACK, SIMD), on the workloads of bench/workloads.md.
//
//   npx tsx bench/peers/tfjs_bench.mjs --backend cpu|wasm [--workloads mlp,cnn,lstm,sgemm]
//
// Runs under tsx because it shares the timing protocol of bench/timing.ts. Prints one JSON line
// per result on stdout ({"peer":"tfjs-cpu","workload":"mlp","threads":1,"samples_per_s":...});
// a workload that cannot run (the WASM backend has no gradient kernels for conv2d, ...) prints
// {"peer":..., "workload":..., "error":"..."} instead, and the process still exits 0.
//
// Threads: tfjs-cpu is single-threaded JavaScript, and tfjs-wasm disables its thread pool in
// Node (WASM_HAS_MULTITHREAD_SUPPORT is false there), so both always report threads = 1.
// The .wasm binaries are loaded from node_modules; nothing is downloaded.

import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { SGEMM_SHAPES, sgemmResult, timeCall, timeTrainSteps, trainResult } from '../timing.ts';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'cpu' },
    workloads: { type: 'string', default: 'mlp,cnn,lstm,sgemm' },
  },
});
const backend = values.backend;
const peer = `tfjs-${backend}`;
const workloads = values.workloads.split(',').filter(Boolean);
const THREADS = 1;

const emit = (line) => process.stdout.write(`${JSON.stringify(line)}\n`);
const fail = (workload, error) => emit({ peer, workload, threads: THREADS, error });

let tf;
try {
  tf = await import('@tensorflow/tfjs');
  if (backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const require = createRequire(import.meta.url);
    // A directory prefix: the backend picks tfjs-backend-wasm{,-simd,-threaded-simd}.wasm in it.
    wasm.setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`);
  } else if (backend !== 'cpu') {
    throw new Error(`unknown backend '${backend}' (expected cpu or wasm)`);
  }
  if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') failed`);
  await tf.ready();
} catch (e) {
  for (const w of workloads) fail(w, `TensorFlow.js not available: ${e.message}`);
  process.exit(0);
}

const { layers } = tf;

/** One train step: forward, loss, gradients of all trainable variables, update; host read. */
function trainStep(model, optimizer, lossOf) {
  return () => {
    const loss = optimizer.minimize(() => lossOf(model), true);
    const value = loss.dataSync()[0];
    loss.dispose();
    return value;
  };
}

function randomLabels(n, classes) {
  return tf.tidy(() => tf.oneHot(tf.randomUniform([n], 0, classes, 'int32'), classes));
}

function mlp() {
  const model = tf.sequential({
    layers: [
      layers.dense({ inputShape: [784], units: 512, activation: 'relu' }),
      layers.dense({ units: 256, activation: 'relu' }),
      layers.dense({ units: 10 }),
    ],
  });
  const x = tf.randomUniform([128, 784]);
  const y = randomLabels(128, 10);
  const sgd = tf.train.momentum(0.01, 0.9, false);
  return trainStep(model, sgd, (m) => tf.losses.softmaxCrossEntropy(y, m.apply(x, { training: true })));
}

function cnn() {
  // tfjs layers are NHWC: the input [64, 1, 28, 28] becomes [64, 28, 28, 1].
  const conv = (filters, padding, extra = {}) =>
    layers.conv2d({ filters, kernelSize: 5, strides: 1, padding, activation: 'relu', ...extra });
  const pool = () => layers.maxPooling2d({ poolSize: 2, strides: 2 });
  const model = tf.sequential({
    layers: [
      conv(6, 'same', { inputShape: [28, 28, 1] }), // 5×5 'same' = zero padding 2
      pool(),
      conv(16, 'valid'),
      pool(),
      layers.flatten(),
      layers.dense({ units: 120, activation: 'relu' }),
      layers.dense({ units: 84, activation: 'relu' }),
      layers.dense({ units: 10 }),
    ],
  });
  const x = tf.randomUniform([64, 28, 28, 1]);
  const y = randomLabels(64, 10);
  const sgd = tf.train.momentum(0.01, 0.9, false);
  return trainStep(model, sgd, (m) => tf.losses.softmaxCrossEntropy(y, m.apply(x, { training: true })));
}

function lstm() {
  const model = tf.sequential({
    layers: [
      layers.embedding({ inputDim: 65, outputDim: 64, inputLength: 64 }),
      // h0 = c0 = 0 every call (stateful: false); full BPTT over the 64 steps.
      layers.lstm({ units: 256, returnSequences: true }),
      layers.dense({ units: 65 }), // applied at every time step
    ],
  });
  const tokens = tf.randomUniform([32, 65], 0, 65, 'int32');
  const x = tokens.slice([0, 0], [32, 64]);
  const y = tf.tidy(() => tf.oneHot(tokens.slice([0, 1], [32, 64]).reshape([2048]), 65));
  const adam = tf.train.adam(1e-3, 0.9, 0.999, 1e-8);
  return trainStep(model, adam, (m) =>
    tf.losses.softmaxCrossEntropy(y, m.apply(x, { training: true }).reshape([2048, 65])),
  );
}

function sgemm() {
  for (const shape of SGEMM_SHAPES) {
    const [m, k, n] = shape;
    const a = tf.randomUniform([m, k], -1, 1);
    const b = tf.randomUniform([k, n], -1, 1);
    // Per workloads.md: tf.matMul + dataSync() of the result, inputs created once.
    const t = timeCall(() => {
      const c = tf.matMul(a, b);
      c.dataSync();
      c.dispose();
    });
    emit({ ...sgemmResult(peer, shape, THREADS, t), tfjs: tf.version.tfjs });
    a.dispose();
    b.dispose();
  }
}

const TRAIN = { mlp, cnn, lstm };

for (const w of workloads) {
  try {
    if (w === 'sgemm') {
      sgemm();
    } else if (w in TRAIN) {
      const t = tf.tidy(() => timeTrainSteps(TRAIN[w]()));
      emit({ ...trainResult(peer, w, THREADS, t), tfjs: tf.version.tfjs });
    } else {
      fail(w, 'unknown workload');
    }
  } catch (e) {
    fail(w, `${e.name}: ${e.message}`.split('\n')[0]);
  }
  tf.disposeVariables();
}
