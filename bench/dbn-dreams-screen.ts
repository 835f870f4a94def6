/**
 * Screens top-level RBMs for `nabla train dbn`'s dreams: pretrains the lower RBMs once (as the
 * command does), then for each config "hidden:epochs:lr:k:persistent[:finalMomentum]" trains a LabeledRBM on the
 * features and all labels, dreams 1,000 digits (100 per label) and scores them with LeNet-5.
 *   NABLA_NUM_THREADS=1 npx tsx bench/dbn-dreams-screen.ts 2000:10:0.05:1:0 1000:10:0.05:1:1
 */
import { LenetScorer, scoringLenet } from '../src/cli/commands/lenet-scorer.js';
import { LabeledRBM, pretrainDBN, sampleDBN, trainRBM, upPass } from '../src/generative/index.js';
import { accuracy, Generator, loadMnist, manualSeed, noGrad, type Tensor, tensor } from '../src/index.js';
import { saveGrid } from '../src/vision/visualize.js';

const gibbs = Number(process.env.GIBBS ?? 1000);
manualSeed(0);
const [trainX, trainY] = loadMnist('train').tensors as [Tensor, Tensor];
const test = loadMnist('test').tensors as [Tensor, Tensor];
const image = (x: Tensor) => x.reshape([-1, 1, 28, 28]);
const scorer = new LenetScorer(
  scoringLenet('lenet-mnist.safetensors', [image(trainX), trainY], [image(test[0]), test[1]], 10),
  image(test[0]),
);
let t = performance.now();
const rbms = pretrainDBN(trainX, [500, 500], { epochs: 5, lr: 0.05, generator: new Generator(2) });
console.log(`lower RBMs ${((performance.now() - t) / 1000).toFixed(1)} s`);
const features = upPass(rbms, trainX);
const testFeatures = upPass(rbms, test[0]);
const asked = tensor(
  Array.from({ length: 1000 }, (_, i) => i % 10),
  { dtype: 'int32' },
);
for (const config of process.argv.slice(2)) {
  const [hidden, epochs, lr, k, persistent, finalMomentum = 0.9] = config.split(':').map(Number) as number[];
  t = performance.now();
  const generator = new Generator(6);
  const top = new LabeledRBM(500, 10, hidden!, { generator });
  trainRBM(top, top.joint(features, trainY), {
    epochs: epochs!,
    lr: lr!,
    k: k!,
    persistent: persistent === 1,
    finalMomentum,
    generator,
    onEpoch: (_, e, err) => process.stdout.write(` ${e + 1}:${err.toFixed(4)}`),
  });
  const trainS = (performance.now() - t) / 1000;
  const acc = noGrad(() => accuracy(top.labelProbs(testFeatures), test[1]));
  t = performance.now();
  const images = image(sampleDBN(top, rbms, asked, { steps: gibbs }));
  const sampleS = (performance.now() - t) / 1000;
  const grid = Array.from({ length: 100 }, (_, i) => 10 * (i % 10) + Math.floor(i / 10));
  saveGrid(
    `/tmp/gen9/dbn-${config.replaceAll(':', '_')}.png`,
    images.indexSelect(0, tensor(grid, { dtype: 'int32' })),
    { nrow: 10, upscale: 2 },
  );
  const s = scorer.score(images, asked);
  console.log(
    `\n${config}: train ${trainS.toFixed(1)} s, sample ${sampleS.toFixed(1)} s; top RBM test accuracy ${(100 * acc).toFixed(2)}%; ` +
      `LeNet reads the clamped digit ${(100 * s.agreement!).toFixed(1)}% (${s.perClass!.map((p) => Math.round(100 * p)).join(' ')}), confidence ${s.meanConfidence.toFixed(3)}, FID ${s.fid.toFixed(2)}, coverage ${s.coverage}`,
  );
}
