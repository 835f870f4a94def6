import { type Tensor, ValueError } from '../../index.js';
import { checkBoxes, checkPerBox } from '../boxes/check-boxes.js';
import { byDescendingScore, iouAt } from '../boxes/nms.js';

/** The detections of one image: xyxy boxes [n, 4], their scores [n] and class labels [n]. */
export interface Detections {
  boxes: Tensor;
  scores: Tensor;
  labels: Tensor;
}

/** The ground truth of one image: xyxy boxes [m, 4] and class labels [m]. */
export interface GroundTruth {
  boxes: Tensor;
  labels: Tensor;
}

export interface MeanAveragePrecisionOptions {
  /** The IoUs at which a detection counts as a hit (default COCO's 0.5, 0.55, …, 0.95). */
  iouThresholds?: readonly number[];
}

export interface MeanAveragePrecision {
  /** The mean over thresholds of the mean AP over classes: COCO's mAP@[.5:.95] with the default thresholds. */
  map: number;
  /** The mAP at IoU 0.5 (VOC's metric), or NaN when 0.5 is not among the thresholds. */
  map50: number;
  /** The mAP at each threshold, in the order given. */
  perThreshold: number[];
  /** Each class's AP averaged over the thresholds; classes without ground truth are left out. */
  perClass: Map<number, number>;
}

/** The default thresholds 0.5:0.05:0.95, written out so that 0.55 is exactly 0.55. */
const COCO_THRESHOLDS = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95];

/**
 * All-points interpolated average precision (VOC 2010 on): the area under the precision–recall
 * curve after each precision is replaced by the best precision at any higher recall.
 * `hits` lists the detections by descending score, true where one matched a ground truth.
 * @example
 * averagePrecision([true, false, true], 2); // 0.5·1 + 0.5·(2/3) = 0.8333
 */
export function averagePrecision(hits: readonly boolean[], numTruths: number): number {
  if (numTruths === 0) return Number.NaN;
  const precision: number[] = [];
  const recall: number[] = [];
  let tp = 0;
  hits.forEach((hit, i) => {
    if (hit) tp++;
    precision.push(tp / (i + 1));
    recall.push(tp / numTruths);
  });
  for (let i = precision.length - 2; i >= 0; i--) precision[i] = Math.max(precision[i]!, precision[i + 1]!);
  let ap = 0;
  let previous = 0;
  recall.forEach((r, i) => {
    ap += (r - previous) * precision[i]!;
    previous = r;
  });
  return ap;
}

interface Flat {
  image: number;
  index: number;
  score: number;
}

/** One class's AP at one threshold: a detection hits the unmatched truth of highest IoU ≥ t. */
function classAp(
  detections: readonly Flat[],
  truthsOf: readonly number[][],
  predBoxes: readonly ArrayLike<number>[],
  truthBoxes: readonly ArrayLike<number>[],
  threshold: number,
): number {
  const used = truthsOf.map((t) => new Uint8Array(t.length));
  const hits = detections.map(({ image, index }) => {
    let best = -1;
    let bestIou = threshold;
    truthsOf[image]!.forEach((t, k) => {
      if (used[image]![k]) return;
      const iou = pairIou(predBoxes[image]!, index, truthBoxes[image]!, t);
      if (iou >= bestIou) [best, bestIou] = [k, iou];
    });
    if (best >= 0) used[image]![best] = 1;
    return best >= 0;
  });
  return averagePrecision(
    hits,
    truthsOf.reduce((n, t) => n + t.length, 0),
  );
}

function pairIou(a: ArrayLike<number>, i: number, b: ArrayLike<number>, j: number): number {
  const both = [
    ...Array.from({ length: 4 }, (_, k) => a[4 * i + k]!),
    ...Array.from({ length: 4 }, (_, k) => b[4 * j + k]!),
  ];
  return iouAt(both, 0, 1);
}

function checkImages(predictions: readonly Detections[], targets: readonly GroundTruth[]): void {
  if (!Array.isArray(predictions) || !Array.isArray(targets) || predictions.length !== targets.length)
    throw new ValueError(
      `meanAveragePrecision: predictions and targets must be arrays with one entry per image, got ${predictions?.length} and ${targets?.length}`,
    );
  predictions.forEach((p, i) => {
    checkBoxes(p.boxes, 'meanAveragePrecision', `predictions[${i}].boxes`);
    checkPerBox(p.scores, p.boxes.shape[0]!, 'meanAveragePrecision', `predictions[${i}].scores`);
    checkPerBox(p.labels, p.boxes.shape[0]!, 'meanAveragePrecision', `predictions[${i}].labels`);
  });
  targets.forEach((t, i) => {
    checkBoxes(t.boxes, 'meanAveragePrecision', `targets[${i}].boxes`);
    checkPerBox(t.labels, t.boxes.shape[0]!, 'meanAveragePrecision', `targets[${i}].labels`);
  });
}

/**
 * Mean average precision of detections against ground truth over a set of images. For each
 * class and IoU threshold, the class's detections in all images are ranked by score (ties in
 * image then index order); each hits the not-yet-matched ground-truth box of its class and image
 * with the highest IoU ≥ the threshold, else it is a false positive; AP is the all-points
 * interpolated area under the precision–recall curve ({@link averagePrecision}). mAP averages AP
 * over the classes that have ground truth (a class with truths and no detections scores 0), and
 * `map` averages that over the thresholds. With `iouThresholds: [0.5]` this is PASCAL VOC's
 * mAP@0.5; with the default 0.5:0.05:0.95 it is COCO's mAP@[.5:.95] (COCO's own tool samples the
 * curve at 101 recall points instead of all points, which differs slightly).
 * @see http://host.robots.ox.ac.uk/pascal/VOC/voc2012/htmldoc/devkit_doc.html#SECTION00044000000000000000
 * @example
 * const truth = { boxes: tensor([[0, 0, 10, 10]]), labels: tensor([1], { dtype: 'int32' }) };
 * const found = { boxes: tensor([[1, 0, 10, 10]]), scores: tensor([0.9]), labels: tensor([1], { dtype: 'int32' }) };
 * meanAveragePrecision([found], [truth]).map50; // 1: IoU 0.9 hits at 0.5
 */
export function meanAveragePrecision(
  predictions: readonly Detections[],
  targets: readonly GroundTruth[],
  options: MeanAveragePrecisionOptions = {},
): MeanAveragePrecision {
  const thresholds = options.iouThresholds ?? COCO_THRESHOLDS;
  if (!Array.isArray(thresholds) || thresholds.length === 0 || thresholds.some((t) => !(t >= 0 && t <= 1)))
    throw new ValueError(
      `meanAveragePrecision: iouThresholds must be a non-empty list of numbers in [0, 1], got ${JSON.stringify(thresholds)}`,
    );
  checkImages(predictions, targets);
  const predBoxes = predictions.map((p) => p.boxes.data());
  const truthBoxes = targets.map((t) => t.boxes.data());
  const classes = [...new Set(targets.flatMap((t) => [...t.labels.data()]))].sort((x, y) => x - y);
  const perClassPerThreshold = classes.map((c) => {
    const truthsOf = targets.map((t) => [...t.labels.data()].flatMap((l, k) => (l === c ? [k] : [])));
    const flat: Flat[] = predictions.flatMap((p, image) => {
      const scores = p.scores.data();
      return [...p.labels.data()].flatMap((l, index) =>
        l === c ? [{ image, index, score: scores[index]! }] : [],
      );
    });
    const ranked = byDescendingScore(flat.map((d) => d.score)).map((i) => flat[i]!);
    return thresholds.map((t) => classAp(ranked, truthsOf, predBoxes, truthBoxes, t));
  });
  const mean = (xs: number[]): number =>
    xs.length === 0 ? Number.NaN : xs.reduce((s, x) => s + x, 0) / xs.length;
  const perThreshold = thresholds.map((_, k) => mean(perClassPerThreshold.map((aps) => aps[k]!)));
  const at50 = thresholds.indexOf(0.5);
  return {
    map: mean(perThreshold),
    map50: at50 >= 0 ? perThreshold[at50]! : Number.NaN,
    perThreshold,
    perClass: new Map(classes.map((c, i) => [c, mean(perClassPerThreshold[i]!)])),
  };
}
