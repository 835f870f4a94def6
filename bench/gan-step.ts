/**
 * Times one DCGAN training step (`GANTrainer.step`) and the generator average's update
 * (`WeightAverage.update`) as `nabla train gan` runs them, median of `steps` steps.
 *
 *   NABLA_NUM_THREADS=1 npx tsx bench/gan-step.ts [steps] [width] [batch]
 *   node --cpu-prof --import tsx bench/gan-step.ts 20   # for a profile
 */
import {
  DCGANDiscriminator,
  DCGANGenerator,
  dcganInit,
  GANTrainer,
  WeightAverage,
} from '../src/generative/index.js';
import { Generator, manualSeed, rand } from '../src/index.js';

const steps = Number(process.argv[2] ?? 30);
const width = Number(process.argv[3] ?? 64);
const batch = Number(process.argv[4] ?? 64);
manualSeed(0);
const options = { latent: 64, width };
const init = new Generator(2);
const g = dcganInit(new DCGANGenerator(options), init);
const d = dcganInit(new DCGANDiscriminator(options), init);
const average = new WeightAverage(g, new DCGANGenerator(options));
const trainer = new GANTrainer(g, d, { generator: new Generator(1) });
const real = rand([batch, 1, 28, 28]).mul(2).sub(1);
const stepMs: number[] = [];
const updateMs: number[] = [];
for (let i = 0; i < steps + 3; i++) {
  const t0 = performance.now();
  trainer.step(real);
  const t1 = performance.now();
  average.update(g);
  const t2 = performance.now();
  if (i >= 3) {
    stepMs.push(t1 - t0);
    updateMs.push(t2 - t1);
  }
}
const median = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
console.log(
  `GAN step (width ${width}, batch ${batch}, ${process.env.NABLA_NUM_THREADS ?? '?'} threads): trainer.step median ${median(stepMs).toFixed(2)} ms, average.update median ${median(updateMs).toFixed(3)} ms`,
);
