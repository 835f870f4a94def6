// jax-js peer (@jax-js/jax, its Wasm device) for nabla's benchmark suite, on the workloads of
// bench/workloads.md that it is written for here: mlp and sgemm.
//
//   npx tsx bench/peers/jax_bench.mjs [--workloads mlp,sgemm]
//
// The MLP is written the way jax-js's documentation and its MNIST demo write one: parameters in a
// plain object (a pytree), a jit-compiled predict, valueAndGrad of the loss, and an update of the
// pytree; jax-js counts references, so every array passed on is handed over (`.ref` keeps one).
// The optimizer is the workload's SGD with momentum 0.9 (v = 0.9·v + g; p = p − lr·v), written
// with tree.map, since the optax port is a separate package. Prints one JSON line per result, as
// the other peers do; a workload not written here prints {"error": ...}. Threads: jax-js's Wasm
// device runs one thread in Node, so it reports threads = 1.
import { parseArgs } from 'node:util';
import { SGEMM_SHAPES, sgemmResult, timeCall, timeTrainSteps, trainResult } from '../timing.ts';

const { values } = parseArgs({ options: { workloads: { type: 'string', default: 'mlp,sgemm' } } });
const workloads = values.workloads.split(',').filter(Boolean);
const peer = 'jax-js';
const THREADS = 1;
const emit = (line) => process.stdout.write(`${JSON.stringify(line)}\n`);

// jax-js reads navigator.userAgent in its Wasm code path; Node 20 has no navigator (21+ has one,
// with this user agent). Node has no Web Worker either, so jax-js's Wasm worker pool stays off.
globalThis.navigator ??= { userAgent: `Node.js/${process.versions.node}` };

let jax;
try {
  jax = await import('@jax-js/jax');
  await jax.init('wasm');
  jax.defaultDevice('wasm');
} catch (e) {
  for (const w of workloads)
    emit({ peer, workload: w, threads: THREADS, error: `jax-js not available: ${e.message}` });
  process.exit(0);
}
const { numpy: np, nn, random, tree, jit, valueAndGrad } = jax;

function uniform(key, shape, fanIn) {
  const bound = 1 / Math.sqrt(fanIn);
  return random.uniform(key, shape, { minval: -bound, maxval: bound });
}

function mlp() {
  const widths = [784, 512, 256, 10];
  const keys = random.split(random.key(0), 6);
  let params = {};
  for (let i = 0; i < 3; i++) {
    params[`w${i}`] = uniform(keys.ref.slice(2 * i), [widths[i], widths[i + 1]], widths[i]);
    params[`b${i}`] = uniform(keys.ref.slice(2 * i + 1), [widths[i + 1]], widths[i]);
  }
  keys.dispose();
  let velocity = tree.map((p) => np.zerosLike(p.ref), params);
  const predict = jit((p, x) => {
    const h0 = nn.relu(np.dot(x, p.w0).add(p.b0));
    const h1 = nn.relu(np.dot(h0, p.w1).add(p.b1));
    return nn.logSoftmax(np.dot(h1, p.w2).add(p.b2));
  });
  const loss = (p, x, y) =>
    predict(p, x)
      .mul(nn.oneHot(y, 10))
      .sum()
      .mul(-1 / 128);
  const x = random.uniform(random.key(1), [128, 784]);
  const y = np.array(
    Int32Array.from({ length: 128 }, (_, i) => (i * 7) % 10),
    { dtype: np.int32 },
  );
  return () => {
    const [value, grads] = valueAndGrad(loss)(tree.ref(params), x.ref, y.ref);
    velocity = tree.map((v, g) => v.mul(0.9).add(g), velocity, grads);
    params = tree.map((p, v) => p.sub(v.mul(0.01)), params, tree.ref(velocity));
    return value.js();
  };
}

function sgemm() {
  for (const shape of SGEMM_SHAPES) {
    const [m, k, n] = shape;
    const a = random.uniform(random.key(2), [m, k], { minval: -1, maxval: 1 });
    const b = random.uniform(random.key(3), [k, n], { minval: -1, maxval: 1 });
    // As the tfjs peer: the product of the two inputs, read back to the host, per call.
    const t = timeCall(() => np.dot(a.ref, b.ref).dataSync());
    emit(sgemmResult(peer, shape, THREADS, t));
    a.dispose();
    b.dispose();
  }
}

for (const w of workloads) {
  try {
    if (w === 'sgemm') sgemm();
    else if (w === 'mlp') emit(trainResult(peer, w, THREADS, timeTrainSteps(mlp())));
    else
      emit({ peer, workload: w, threads: THREADS, error: 'not written for jax-js here (mlp and sgemm are)' });
  } catch (e) {
    emit({ peer, workload: w, threads: THREADS, error: `${e.name}: ${e.message}`.split('\n')[0] });
  }
}
