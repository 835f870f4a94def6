import {
  getBackend,
  getNumThreads,
  loadMnistRaw,
  manualSeed,
  modelToRaw,
  nn,
  noGrad,
  optim,
  ProgressBar,
  saveSafetensors,
  type Tensor,
} from '../../index.js';
import {
  boxIou,
  type DigitScenesOptions,
  type DigitSource,
  decodeLocalization,
  digitScenes,
  LocalizationHead,
  localizationLoss,
  localizationTargets,
} from '../../vision/index.js';
import { numberOption, outputOption, parseCommand, seedOption } from '../args.js';

export const trainLocalizerUsage = `nabla train localizer [--steps 1500] [--batch-size 32] [--lr 0.002] [--test-scenes 1000] [--box-weight 1] [--seed 0]
                [--out localizer-mnist.safetensors]
      Object localization (the course's [p_c, bx, by, bh, bw, c1..c10]) on 64×64 scenes holding zero or one MNIST digit`;

const IMAGE = 64;
/** Half the scenes are empty (p_c = 0), so the network must learn whether there is an object. */
const SCENES: DigitScenesOptions = { size: IMAGE, minDigits: 0, maxDigits: 1, minScale: 16, maxScale: 44 };

interface LocalizerOptions {
  steps: number;
  batchSize: number;
  lr: number;
  testScenes: number;
  /** λ on the box's squared errors (fractions of the image, so small beside the logistic and class terms). */
  boxWeight: number;
  seed: number;
  out: string;
}

function parseOptions(args: string[]): LocalizerOptions {
  const { values } = parseCommand('train', args, [
    'steps',
    'batch-size',
    'lr',
    'test-scenes',
    'box-weight',
    'seed',
    'out',
  ]);
  const integer = { integer: true };
  return {
    steps: numberOption('train', 'steps', values.steps, 1500, integer),
    batchSize: numberOption('train', 'batch-size', values['batch-size'], 32, integer),
    lr: numberOption('train', 'lr', values.lr, 2e-3),
    testScenes: numberOption('train', 'test-scenes', values['test-scenes'], 1000, integer),
    boxWeight: numberOption('train', 'box-weight', values['box-weight'], 1),
    seed: seedOption('train', values.seed),
    out: outputOption('train', 'out', values.out, 'localizer-mnist.safetensors'),
  };
}

/** conv 3×3 stride 2 → BatchNorm → ReLU: halves the side. */
function block(inChannels: number, outChannels: number): nn.Module[] {
  return [
    new nn.Conv2d(inChannels, outChannels, 3, { padding: 1, stride: 2, bias: false }),
    new nn.BatchNorm2d(outChannels),
    new nn.ReLU(),
  ];
}

/** 64×64 → four stride-2 blocks → 4×4×64 features → the localization head (5 + 10 outputs). */
function makeLocalizer(): nn.Sequential {
  return new nn.Sequential(
    ...block(1, 16),
    ...block(16, 32),
    ...block(32, 64),
    ...block(64, 64),
    new nn.Flatten(),
    new LocalizationHead(64 * 4 * 4, 10),
  );
}

function train(model: nn.Module, source: DigitSource, options: LocalizerOptions): void {
  const optimizer = new optim.Adam(model.parameters(), { lr: options.lr });
  const scheduler = new optim.CosineAnnealingLR(optimizer, options.steps);
  const bar = new ProgressBar({ total: options.steps });
  model.train();
  let smoothed = Number.NaN;
  for (let step = 0; step < options.steps; step++) {
    const { images, targets } = digitScenes(source, options.batchSize, {
      ...SCENES,
      seed: options.seed * 1_000_003 + step + 1,
    });
    optimizer.zeroGrad();
    const output = model.forward(images);
    const loss = localizationLoss(output, localizationTargets(targets, IMAGE, 10), {
      form: 'mixed',
      coordWeight: options.boxWeight,
    });
    loss.backward();
    optimizer.step();
    scheduler.step();
    smoothed = Number.isNaN(smoothed) ? loss.item() : 0.98 * smoothed + 0.02 * loss.item();
    bar.update(step + 1, { loss: smoothed });
  }
  bar.done({ loss: smoothed });
}

interface Scores {
  presence: number;
  iou: number;
  classAccuracy: number;
  hits: number;
  objects: number;
}

/** Presence accuracy on all scenes; mean IoU, class accuracy and IoU ≥ 0.5 hits on those with a digit. */
function score(model: nn.Module, images: Tensor, truth: Tensor): Scores {
  model.eval();
  const decoded = decodeLocalization(
    noGrad(() => model.forward(images)),
    { imageSize: IMAGE, form: 'mixed' },
  );
  const wanted = decodeLocalization(truth, { imageSize: IMAGE });
  const [p, q] = [decoded.scores.data(), wanted.scores.data()];
  const [guess, label] = [decoded.labels.data(), wanted.labels.data()];
  let [presence, iou, classAccuracy, hits, objects] = [0, 0, 0, 0, 0];
  for (let i = 0; i < p.length; i++) {
    if (p[i]! >= 0.5 === (q[i] === 1)) presence++;
    if (q[i] !== 1) continue;
    const overlap = boxIou(decoded.boxes.narrow(0, i, 1), wanted.boxes.narrow(0, i, 1)).item();
    objects++;
    iou += overlap;
    if (overlap >= 0.5) hits++;
    if (guess[i] === label[i]) classAccuracy++;
  }
  const n = Math.max(1, objects);
  return {
    presence: presence / p.length,
    iou: iou / n,
    classAccuracy: classAccuracy / n,
    hits: hits / n,
    objects,
  };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/**
 * The course's object localization on MNIST: a small CNN whose head outputs
 * [p_c, bx, by, bh, bw, c₁…c₁₀], trained with the 'mixed' localization loss on freshly drawn
 * 64×64 scenes holding zero or one training digit (16–44 px), then scored on held-out scenes of
 * test digits: p_c accuracy, mean IoU of the box, class accuracy. Returns the exit code.
 * @example
 * trainLocalizerCommand(['--steps', '2', '--test-scenes', '20', '--out', 'localizer.safetensors']); // => 0
 */
export function trainLocalizerCommand(args: string[]): number {
  const options = parseOptions(args);
  manualSeed(options.seed);
  const model = makeLocalizer();
  const threads = getNumThreads();
  console.log(
    `nabla: training a localizer (${model.numParameters().toLocaleString('en-US')} parameters, outputs [p_c, bx, by, bh, bw, c1..c10], ` +
      `'mixed' loss, box weight ${options.boxWeight}) on fresh ${IMAGE}×${IMAGE} scenes with 0 or 1 MNIST digit, ${options.steps} steps of ${options.batchSize}; ` +
      `Adam lr ${options.lr} (cosine decay); backend ${getBackend().name} (${threads} thread${threads === 1 ? '' : 's'})`,
  );
  const started = performance.now();
  train(model, loadMnistRaw('train'), options);
  console.log(`trained in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const heldOut = digitScenes(loadMnistRaw('test'), options.testScenes, {
    ...SCENES,
    seed: options.seed + 99,
  });
  const s = score(model, heldOut.images, localizationTargets(heldOut.targets, IMAGE, 10));
  console.log(
    `held-out ${options.testScenes} scenes of test digits (${s.objects} with a digit): p_c accuracy ${pct(s.presence)}; ` +
      `on the digits: mean IoU ${s.iou.toFixed(3)}, IoU ≥ 0.5 ${pct(s.hits)}, class accuracy ${pct(s.classAccuracy)}`,
  );
  saveSafetensors(options.out, modelToRaw(model), { format: 'nabla-model', architecture: 'localizer' });
  console.log(`saved the localizer to ${options.out}`);
  return 0;
}
