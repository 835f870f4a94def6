/**
 * Screens variations of `nabla train gan`'s unconditional recipe: trains a DCGAN on MNIST, keeps
 * several weight averages of the generator at once (one per `--emas` decay), and after each epoch
 * scores each average on two independent sets of 1,000 samples (noise seeds 12345, 54321; full
 * noise, batch statistics) with the LeNet-5 that `nabla train gan` uses (lenet-mnist.safetensors,
 * trained there if missing). With `--fork F`, the first F epochs run once and the states are saved;
 * then each variant of `--after` resumes from them:
 *   const:2   two more epochs at the same learning rates
 *   decay:1   one more epoch with both learning rates decayed linearly to 0 over it
 * The noise generator is reseeded at each epoch, so the variants see the same noise and batches.
 *
 *   NABLA_NUM_THREADS=1 npx tsx bench/gan-screen.ts --epochs 1
 *   NABLA_NUM_THREADS=2 npx tsx bench/gan-screen.ts --fork 3 --after const:2,decay:1 --emas 0.999,0.9995
 * Options: --lr 4e-4, --lr-d (default: --lr), --beta1 0.5, --beta2 0.999, --real-label 0.9,
 * --width 64, --seed 0, --limit N.
 */
import { parseArgs } from 'node:util';
import { LenetScorer, rowIndex, scoringLenet } from '../src/cli/commands/lenet-scorer.js';
import {
  DCGANDiscriminator,
  DCGANGenerator,
  dcganInit,
  forEachBatch,
  GANTrainer,
  truncatedNoise,
  WeightAverage,
  withBatchStatistics,
} from '../src/generative/index.js';
import { cat, Generator, loadMnist, manualSeed, type Tensor, tensor } from '../src/index.js';

const { values } = parseArgs({
  options: Object.fromEntries(
    [
      'epochs',
      'fork',
      'after',
      'emas',
      'lr',
      'lr-d',
      'beta1',
      'beta2',
      'real-label',
      'width',
      'seed',
      'limit',
    ].map((k) => [k, { type: 'string' }]),
  ),
});
const num = (k: string, d: number): number => (values[k] === undefined ? d : Number(values[k]));
const seed = num('seed', 0);
const lr = num('lr', 4e-4);
const lrD = num('lr-d', lr);
const emas = String(values.emas ?? '0.999')
  .split(',')
  .map(Number);
const width = num('width', 64);
const limit = values.limit === undefined ? undefined : Number(values.limit);
const fork = num('fork', num('epochs', 1));
const after = values.after
  ? String(values.after)
      .split(',')
      .map((v) => {
        const [kind, n] = v.split(':');
        return { kind: kind!, epochs: Number(n ?? 1) };
      })
  : [];

const [trainX, trainY] = loadMnist('train', { limit, shape: 'image' }).tensors as [Tensor, Tensor];
const test = loadMnist('test', { shape: 'image' }).tensors as [Tensor, Tensor];
const scorer = new LenetScorer(
  scoringLenet('lenet-mnist.safetensors', [trainX, trainY], test, seed + 10),
  test[0],
);
manualSeed(seed);
const options = { latent: 64, width, refine: true };
const init = new Generator(seed + 2);
const g = dcganInit(new DCGANGenerator(options), init);
const d = dcganInit(new DCGANDiscriminator({ latent: 64, width }), init);
const averages = emas.map((decay) => new WeightAverage(g, new DCGANGenerator(options), { decay }));
const noise = new Generator(seed + 1);
const trainer = new GANTrainer(g, d, {
  generator: noise,
  lr,
  betas: [num('beta1', 0.5), num('beta2', 0.999)],
  realLabel: num('real-label', 0.9),
});
trainer.optD.paramGroups[0]!.lr = lrD;
const scaled = trainX.mul(2).sub(1);
const index = rowIndex(trainX.shape[0]!);
console.log(
  `screen: lr G ${lr}, lr D ${lrD}, betas ${num('beta1', 0.5)}, ${num('beta2', 0.999)}, real label ${num('real-label', 0.9)}, width ${width}, EMAs ${emas.join(' ')}, seed ${seed}`,
);

function score(label: string): void {
  for (const [i, average] of averages.entries()) {
    const parts = [12345, 54321].map((s) => {
      const z = truncatedNoise(1000, 64, Infinity, new Generator(s));
      const images = withBatchStatistics(average.model, () =>
        cat([average.model.forward(z.narrow(0, 0, 500)), average.model.forward(z.narrow(0, 500, 500))], 0),
      );
      const r = scorer.score(images.add(1).div(2));
      return `${r.coverage}/10 ${r.meanConfidence.toFixed(3)} FID ${r.fid.toFixed(2)}`;
    });
    console.log(`  ${label} EMA ${emas[i]}: ${parts.join(' | ')}`);
  }
}

const started = performance.now();
function epoch(e: number, lrAt?: (progress: number) => number): void {
  noise.manualSeed(seed + 1000 + e);
  const steps = Math.ceil(trainX.shape[0]! / 64);
  let step = 0;
  forEachBatch(index, 64, new Generator(seed + 100 + e), (b) => {
    if (lrAt) {
      const f = lrAt(step / steps);
      trainer.optG.paramGroups[0]!.lr = lr * f;
      trainer.optD.paramGroups[0]!.lr = lrD * f;
    }
    trainer.step(scaled.indexSelect(0, b.reshape([-1])));
    for (const a of averages) a.update(g);
    step += 1;
  });
  console.log(`epoch ${e} done (${((performance.now() - started) / 1000).toFixed(0)} s)`);
}

for (let e = 1; e <= fork; e++) {
  epoch(e);
  score(`epoch ${e}`);
}
if (after.length > 0) {
  const copy = (m: { stateDict(): Record<string, Tensor> }) =>
    Object.fromEntries(
      Object.entries(m.stateDict()).map(([k, t]) => [
        k,
        tensor(t.contiguous().data().slice(), { shape: [...t.shape], dtype: t.dtype }),
      ]),
    );
  const saved = {
    g: copy(g),
    d: copy(d),
    averages: averages.map((a) => ({ model: copy(a.model), updates: a.updates })),
    optG: trainer.optG.stateDict(),
    optD: trainer.optD.stateDict(),
  };
  for (const { kind, epochs } of after) {
    g.loadStateDict(saved.g);
    d.loadStateDict(saved.d);
    averages.forEach((a, i) => {
      a.model.loadStateDict(saved.averages[i]!.model);
      a.updates = saved.averages[i]!.updates;
    });
    trainer.optG.loadStateDict(saved.optG);
    trainer.optD.loadStateDict(saved.optD);
    for (let k = 1; k <= epochs; k++) {
      const total = epochs;
      const lrAt = kind === 'decay' ? (p: number) => 1 - (k - 1 + p) / total : undefined;
      if (kind !== 'decay') {
        trainer.optG.paramGroups[0]!.lr = lr;
        trainer.optD.paramGroups[0]!.lr = lrD;
      }
      epoch(fork + k, lrAt);
      score(`${kind} epoch ${fork + k}`);
    }
  }
}
