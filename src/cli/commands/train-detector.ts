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
  tensor,
} from '../../index.js';
import {
  type Detections,
  type DigitSource,
  decodeYolo,
  digitScenes,
  drawBoxes,
  encodeYoloTargets,
  type GroundTruth,
  kmeansAnchors,
  meanAveragePrecision,
  saveGrid,
  type YoloConfig,
  yoloLoss,
} from '../../vision/index.js';
import { numberOption, outputOption, parseCommand, seedOption } from '../args.js';

export const trainDetectorUsage = `nabla train detector [--steps 4500] [--batch-size 32] [--lr 0.002] [--test-scenes 500] [--anchors 3]
                [--seed 0] [--png detections.png] [--out detector-mnist.safetensors]`;

const IMAGE = 96;
const GRID = 6;
/** Scenes drawn to choose the anchors from. */
const ANCHOR_SCENES = 2000;

interface DetectorOptions {
  steps: number;
  batchSize: number;
  lr: number;
  testScenes: number;
  anchors: number;
  seed: number;
  png: string;
  out: string;
}

function parseOptions(args: string[]): DetectorOptions {
  const names = ['steps', 'batch-size', 'lr', 'test-scenes', 'anchors', 'seed', 'png', 'out'];
  const { values } = parseCommand('train', args, names);
  const integer = { integer: true };
  const seed = seedOption('train', values.seed);
  return {
    steps: numberOption('train', 'steps', values.steps, 4500, integer),
    batchSize: numberOption('train', 'batch-size', values['batch-size'], 32, integer),
    lr: numberOption('train', 'lr', values.lr, 2e-3),
    testScenes: numberOption('train', 'test-scenes', values['test-scenes'], 500, integer),
    anchors: numberOption('train', 'anchors', values.anchors, 3, integer),
    seed,
    png: outputOption('train', 'png', values.png, 'detections.png'),
    out: outputOption('train', 'out', values.out, 'detector-mnist.safetensors'),
  };
}

/** conv 3×3 (stride 1 or 2) → BatchNorm → ReLU. */
function block(inChannels: number, outChannels: number, stride: 1 | 2): nn.Module[] {
  return [
    new nn.Conv2d(inChannels, outChannels, 3, { padding: 1, stride, bias: false }),
    new nn.BatchNorm2d(outChannels),
    new nn.ReLU(),
  ];
}

/**
 * A small fully convolutional YOLO: 96×96 → four stride-2 convolutions → 6×6 cells → B·(5 + 10)
 * outputs per cell. Strided convolutions instead of pooling keep the cost at ~13 M multiply–adds
 * per image, which is what lets it train on two cores.
 */
function makeDetector(config: YoloConfig): nn.Sequential {
  const outputs = config.anchors.length * (5 + config.numClasses);
  return new nn.Sequential(
    ...block(1, 16, 2),
    ...block(16, 32, 2),
    ...block(32, 64, 2),
    ...block(64, 96, 2),
    ...block(96, 128, 1),
    new nn.Conv2d(128, outputs, 1),
  );
}

const count = (n: number): string => n.toLocaleString('en-US');

/** Trains on fresh scenes every step (an endless stream drawn from the training digits). */
function trainDetector(
  model: nn.Module,
  config: YoloConfig,
  source: DigitSource,
  options: DetectorOptions,
): number {
  const optimizer = new optim.Adam(model.parameters(), { lr: options.lr });
  const scheduler = new optim.CosineAnnealingLR(optimizer, options.steps);
  const bar = new ProgressBar({ total: options.steps });
  model.train();
  let smoothed = Number.NaN;
  for (let step = 0; step < options.steps; step++) {
    const { images, targets } = digitScenes(source, options.batchSize, {
      seed: options.seed * 1_000_003 + step + 1,
    });
    optimizer.zeroGrad();
    const loss = yoloLoss(model.forward(images), encodeYoloTargets(targets, config), config);
    loss.backward();
    optimizer.step();
    scheduler.step();
    smoothed = Number.isNaN(smoothed) ? loss.item() : 0.98 * smoothed + 0.02 * loss.item();
    bar.update(step + 1, { loss: smoothed });
  }
  bar.done({ loss: smoothed });
  return smoothed;
}

/** Detections for every held-out scene, 100 at a time, at a low score threshold (what mAP ranks). */
function detectAll(model: nn.Module, config: YoloConfig, images: Tensor): Detections[] {
  model.eval();
  const found: Detections[] = [];
  for (let at = 0; at < images.shape[0]!; at += 100) {
    const batch = images.narrow(0, at, Math.min(100, images.shape[0]! - at));
    found.push(
      ...decodeYolo(
        noGrad(() => model.forward(batch)),
        config,
        { scoreThreshold: 0.05 },
      ),
    );
  }
  return found;
}

/**
 * The course's YOLO on MNIST detection scenes: a small fully convolutional detector trained from
 * scratch on freshly drawn 96×96 scenes of 1–5 training digits (20–48 px), anchors chosen by
 * k-means (1 − IoU) on training boxes, then scored by mAP@0.5 (VOC) and mAP@[.5:.95] (COCO) on
 * held-out scenes drawn from the MNIST test digits; writes a PNG of predictions. Returns the exit code.
 * @example
 * trainDetectorCommand(['--steps', '3', '--test-scenes', '20', '--png', 'detections.png', '--out', 'detector.safetensors']); // => 0
 */
export function trainDetectorCommand(args: string[]): number {
  const options = parseOptions(args);
  manualSeed(options.seed);
  const train = loadMnistRaw('train');
  const test = loadMnistRaw('test');
  const sample = digitScenes(train, ANCHOR_SCENES, { seed: options.seed + 7 });
  const allBoxes = tensor(Float32Array.from(sample.targets.flatMap((t) => [...t.boxes.data()])), {
    shape: [sample.targets.reduce((n, t) => n + t.labels.shape[0]!, 0), 4],
  });
  const { anchors, meanIou } = kmeansAnchors(allBoxes, options.anchors, { seed: options.seed });
  const anchorList = (anchors.toArray() as number[][]).map(([w, h]) => [w!, h!] as [number, number]);
  const config: YoloConfig = { imageSize: IMAGE, gridSize: GRID, anchors: anchorList, numClasses: 10 };
  const model = makeDetector(config);
  const threads = getNumThreads();
  console.log(
    `nabla: training a YOLO detector (${count(model.numParameters())} parameters, ${GRID}×${GRID} cells, ${options.anchors} anchors ` +
      `${anchorList.map(([w, h]) => `${w.toFixed(0)}×${h.toFixed(0)}`).join(', ')} from k-means, mean IoU ${meanIou.toFixed(3)}) ` +
      `on fresh ${IMAGE}×${IMAGE} MNIST scenes, ${count(options.steps)} steps of ${options.batchSize}; Adam lr ${options.lr} (cosine decay); ` +
      `backend ${getBackend().name} (${threads} thread${threads === 1 ? '' : 's'})`,
  );
  const started = performance.now();
  trainDetector(model, config, train, options);
  console.log(`trained in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const heldOut = digitScenes(test, options.testScenes, { seed: options.seed + 99 });
  const found = detectAll(model, config, heldOut.images);
  const voc = meanAveragePrecision(found, heldOut.targets, { iouThresholds: [0.5] });
  const coco = meanAveragePrecision(found, heldOut.targets);
  const objects = heldOut.targets.reduce((n, t: GroundTruth) => n + t.labels.shape[0]!, 0);
  console.log(
    `held-out ${count(options.testScenes)} scenes of test digits (${count(objects)} objects): mAP@0.5 ${voc.map.toFixed(4)}, mAP@[.5:.95] ${coco.map.toFixed(4)}`,
  );
  const shown = Math.min(16, options.testScenes);
  const confident = found.slice(0, shown).map((d) => {
    const keep = tensor(Int32Array.from([...d.scores.data()].flatMap((s, i) => (s >= 0.5 ? [i] : []))));
    return { boxes: d.boxes.indexSelect(0, keep), labels: d.labels.indexSelect(0, keep) };
  });
  saveGrid(options.png, drawBoxes(heldOut.images.narrow(0, 0, shown), confident), { nrow: 8 });
  console.log(
    `wrote ${shown} held-out scenes with their detections (score ≥ 0.5, colour = digit) to ${options.png}`,
  );
  saveSafetensors(options.out, modelToRaw(model), {
    format: 'nabla-model',
    architecture: 'yolo-detector',
    anchors: JSON.stringify(anchorList),
  });
  console.log(`saved the detector to ${options.out}`);
  return 0;
}
