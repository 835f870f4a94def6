/**
 * Quick A/B timer for development (not the benchmark protocol of workloads.md): builds one
 * training workload exactly as `nabla-workloads.ts` does and prints the median step time.
 *
 *   NABLA_NUM_THREADS=1 npx tsx bench/step-time.ts mlp [steps]
 *   node --cpu-prof --import tsx bench/step-time.ts lstm 10   # for a profile
 */
import * as nb from '../src/index.js';

const workload = process.argv[2] ?? 'mlp';
const steps = Number(process.argv[3] ?? 30);
const { Sequential, Linear, ReLU, Conv2d, MaxPool2d, Flatten, Embedding, LSTM } = nb.nn;
nb.manualSeed(0);

function build(): () => number {
  if (workload === 'mlp') {
    const model = new Sequential(
      new Linear(784, 512),
      new ReLU(),
      new Linear(512, 256),
      new ReLU(),
      new Linear(256, 10),
    );
    const x = nb.rand([128, 784]);
    const y = nb.randint(0, 10, [128]);
    const opt = new nb.optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
    return () => {
      opt.zeroGrad();
      const loss = nb.crossEntropy(model.forward(x), y);
      loss.backward();
      opt.step();
      return loss.item();
    };
  }
  if (workload === 'cnn') {
    const model = new Sequential(
      new Conv2d(1, 6, 5, { padding: 2 }),
      new ReLU(),
      new MaxPool2d(2, { stride: 2 }),
      new Conv2d(6, 16, 5),
      new ReLU(),
      new MaxPool2d(2, { stride: 2 }),
      new Flatten(),
      new Linear(400, 120),
      new ReLU(),
      new Linear(120, 84),
      new ReLU(),
      new Linear(84, 10),
    );
    const x = nb.rand([64, 1, 28, 28]);
    const y = nb.randint(0, 10, [64]);
    const opt = new nb.optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
    return () => {
      opt.zeroGrad();
      const loss = nb.crossEntropy(model.forward(x), y);
      loss.backward();
      opt.step();
      return loss.item();
    };
  }
  const embed = new Embedding(65, 64);
  const cell = new LSTM(64, 256, { batchFirst: true });
  const head = new Linear(256, 65);
  const tokens = nb.randint(0, 65, [32, 65]);
  const x = tokens.narrow(1, 0, 64).contiguous();
  const y = tokens.narrow(1, 1, 64).contiguous().reshape([2048]);
  const opt = new nb.optim.Adam([...embed.parameters(), ...cell.parameters(), ...head.parameters()], {
    lr: 1e-3,
  });
  return () => {
    opt.zeroGrad();
    const h = cell.forward(embed.forward(x));
    const loss = nb.crossEntropy(head.forward(h).reshape([2048, 65]), y);
    loss.backward();
    opt.step();
    return loss.item();
  };
}

const step = build();
for (let i = 0; i < Math.max(3, Math.ceil(steps / 5)); i++) step();
const times: number[] = [];
let loss = 0;
for (let i = 0; i < steps; i++) {
  const t0 = performance.now();
  loss = step();
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const med = times[times.length >> 1]!;
const batch = workload === 'mlp' ? 128 : workload === 'cnn' ? 64 : 32;
console.log(
  `${workload} ${process.env.NABLA_NUM_THREADS ?? '?'}T: median ${med.toFixed(2)} ms/step, ${((batch / med) * 1000).toFixed(0)} samples/s (p25 ${times[times.length >> 2]!.toFixed(2)}, p75 ${times[(3 * times.length) >> 2]!.toFixed(2)}), loss ${loss.toFixed(4)}`,
);
