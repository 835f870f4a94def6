import { type Tensor, tensor, ValueError } from '../../index.js';
import { checkNmsInputs, iouAt } from './nms.js';

export interface SoftNmsOptions {
  /** 'linear' scales an overlapping score by (1 − IoU) when IoU ≥ iouThreshold; 'gaussian' by e^(−IoU²/σ) always (default). */
  method?: 'linear' | 'gaussian';
  /** The overlap from which 'linear' decays a score (default 0.3, the paper's Nt). */
  iouThreshold?: number;
  /** The width σ of the 'gaussian' decay (default 0.5). */
  sigma?: number;
  /** Boxes whose decayed score falls below this are dropped (default 0.001). */
  scoreThreshold?: number;
}

export interface SoftNmsResult {
  /** The kept indices (int32) in the order they were picked. */
  indices: Tensor;
  /** Their decayed scores (float64). */
  scores: Tensor;
}

function checkOptions(options: SoftNmsOptions): Required<SoftNmsOptions> {
  const { method = 'gaussian', iouThreshold = 0.3, sigma = 0.5, scoreThreshold = 0.001 } = options;
  if (method !== 'linear' && method !== 'gaussian')
    throw new ValueError(`softNms: method must be 'linear' or 'gaussian', got '${String(method)}'`);
  if (!(sigma > 0)) throw new ValueError(`softNms: sigma must be positive, got ${sigma}`);
  if (!Number.isFinite(scoreThreshold))
    throw new ValueError(`softNms: scoreThreshold must be a finite number, got ${scoreThreshold}`);
  return { method, iouThreshold, sigma, scoreThreshold };
}

/**
 * Soft non-maximum suppression: instead of deleting the boxes that overlap a picked box, it
 * lowers their scores (linearly or with a Gaussian of the IoU), so that a second object close to
 * the first keeps a chance. Repeatedly picks the highest score left (equal scores: lower index
 * first), decays the others, and drops those below `scoreThreshold`.
 * @see https://arxiv.org/abs/1704.04503
 * @example
 * const boxes = tensor([[0, 0, 10, 10], [0, 0, 10, 5]]);
 * const scores = tensor([0.9, 0.8]);
 * softNms(boxes, scores, { method: 'linear' }).scores; // [0.9, 0.4]: IoU 0.5 halves the second
 */
export function softNms(boxes: Tensor, scores: Tensor, options: SoftNmsOptions = {}): SoftNmsResult {
  const { method, iouThreshold, sigma, scoreThreshold } = checkOptions(options);
  checkNmsInputs(boxes, scores, iouThreshold, 'softNms');
  const b = boxes.data();
  const s = Float64Array.from(scores.data());
  let left = Array.from({ length: s.length }, (_, i) => i).filter((i) => s[i]! >= scoreThreshold);
  const indices: number[] = [];
  const kept: number[] = [];
  while (left.length > 0) {
    const m = left.reduce((best, i) => (s[i]! > s[best]! ? i : best), left[0]!);
    indices.push(m);
    kept.push(s[m]!);
    left = left.filter((i) => i !== m);
    for (const i of left) {
      const iou = iouAt(b, m, i);
      if (method === 'gaussian') s[i]! *= Math.exp(-(iou * iou) / sigma);
      else if (iou >= iouThreshold) s[i]! *= 1 - iou;
    }
    left = left.filter((i) => s[i]! >= scoreThreshold);
  }
  return { indices: tensor(Int32Array.from(indices)), scores: tensor(Float64Array.from(kept)) };
}
