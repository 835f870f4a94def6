import { Generator, type Tensor, tensor, ValueError } from '../../index.js';
import { checkBoxes } from '../boxes/check-boxes.js';

export interface KmeansAnchorsOptions {
  /** Seed of the generator that picks the first centres (default 0). */
  seed?: number;
  /** The most assignment–update rounds (default 100); stops earlier once nothing moves. */
  iterations?: number;
}

export interface KmeansAnchors {
  /** The k anchors as [width, height] rows, [k, 2], by ascending area. */
  anchors: Tensor;
  /** The mean over the boxes of their best IoU with an anchor (boxes and anchors share a centre). */
  meanIou: number;
}

/** IoU of two boxes given as width and height, placed on the same centre. */
function shapeIou(w1: number, h1: number, w2: number, h2: number): number {
  const inter = Math.min(w1, w2) * Math.min(h1, h2);
  return inter / (w1 * h1 + w2 * h2 - inter);
}

function nearest(w: number, h: number, centres: readonly number[][]): [number, number] {
  let best = 0;
  let bestIou = -1;
  centres.forEach(([cw, ch], j) => {
    const iou = shapeIou(w, h, cw!, ch!);
    if (iou > bestIou) [best, bestIou] = [j, iou];
  });
  return [best, bestIou];
}

/**
 * Chooses k anchor shapes for a detector by k-means over the widths and heights of training
 * boxes with the distance 1 − IoU (boxes compared on a common centre), as YOLOv2 does: unlike
 * Euclidean distance it does not let large boxes dominate. Starts from k distinct boxes drawn
 * with the seed, then alternates assignment to the nearest centre and the mean of each cluster.
 * @see https://arxiv.org/abs/1612.08242
 * @example
 * const boxes = tensor([[0, 0, 10, 10], [0, 0, 11, 9], [0, 0, 40, 20], [0, 0, 38, 22]]);
 * kmeansAnchors(boxes, 2).anchors; // [[10.5, 9.5], [39, 21]]
 */
export function kmeansAnchors(boxes: Tensor, k: number, options: KmeansAnchorsOptions = {}): KmeansAnchors {
  checkBoxes(boxes, 'kmeansAnchors');
  const { seed = 0, iterations = 100 } = options;
  const b = boxes.data();
  const n = boxes.shape[0]!;
  const wh = Array.from({ length: n }, (_, i) => [b[4 * i + 2]! - b[4 * i]!, b[4 * i + 3]! - b[4 * i + 1]!]);
  if (wh.some(([w, h]) => !(w! > 0 && h! > 0)))
    throw new ValueError('kmeansAnchors: every box needs a positive width and height');
  const distinct = [...new Set(wh.map(([w, h]) => `${w},${h}`))];
  if (!Number.isSafeInteger(k) || k < 1 || k > distinct.length)
    throw new ValueError(
      `kmeansAnchors: k must be an integer in [1, ${distinct.length}] (distinct box shapes), got ${k}`,
    );
  const generator = new Generator(seed);
  const pool = [...distinct];
  let centres = Array.from({ length: k }, () =>
    pool.splice(generator.below(pool.length), 1)[0]!.split(',').map(Number),
  );
  let assignment = new Int32Array(n).fill(-1);
  for (let round = 0; round < iterations; round++) {
    const next = Int32Array.from(wh, ([w, h]) => nearest(w!, h!, centres)[0]);
    if (next.every((c, i) => c === assignment[i])) break;
    assignment = next;
    centres = centres.map((centre, j) => {
      const members = wh.filter((_, i) => assignment[i] === j);
      if (members.length === 0) return centre;
      return [0, 1].map((d) => members.reduce((s, m) => s + m[d]!, 0) / members.length);
    });
  }
  centres.sort((p, q) => p[0]! * p[1]! - q[0]! * q[1]!);
  const meanIou = wh.reduce((s, [w, h]) => s + nearest(w!, h!, centres)[1], 0) / n;
  return { anchors: tensor(centres, { dtype: 'float64' }), meanIou };
}
