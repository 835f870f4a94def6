import { type Tensor, tensor, ValueError } from '../../index.js';
import type { GroundTruth } from '../detection/mean-average-precision.js';
import { checkYoloConfig, type YoloConfig } from './yolo-config.js';

/** The fields of an encoded target, in order along its last axis. */
export const TARGET_FIELDS = ['objectness', 'sx', 'sy', 'tw', 'th', 'class'] as const;

/** The IoU of two shapes placed on the same centre. */
function shapeIou(w1: number, h1: number, w2: number, h2: number): number {
  const inter = Math.min(w1, w2) * Math.min(h1, h2);
  return inter / (w1 * h1 + w2 * h2 - inter);
}

/**
 * Encodes ground-truth boxes for a YOLO (v2) head as the course teaches: each object belongs to
 * the cell holding its centre and, in that cell, to the anchor whose shape has the highest IoU
 * with it. Returns [N, S, S, B, 6] holding, per (cell, anchor): objectness (1 or 0), the centre's
 * offset within the cell sx, sy ∈ [0, 1), tw = ln(w / anchor w), th = ln(h / anchor h), and the
 * class (−1 where there is no object). When two objects claim one slot, the first keeps it.
 * @see https://arxiv.org/abs/1612.08242
 * @example
 * const config = { imageSize: 96, gridSize: 6, anchors: [[20, 20], [40, 40]] as [number, number][], numClasses: 10 };
 * const truth = { boxes: tensor([[10, 10, 50, 50]]), labels: tensor([7], { dtype: 'int32' }) };
 * encodeYoloTargets([truth], config).shape; // [1, 6, 6, 2, 6]; slot [0, 1, 1, 1] = [1, 0.875, 0.875, 0, 0, 7]
 */
export function encodeYoloTargets(targets: readonly GroundTruth[], config: YoloConfig): Tensor {
  const cell = checkYoloConfig(config, 'encodeYoloTargets');
  const { gridSize: s, anchors } = config;
  const b = anchors.length;
  const out = new Float32Array(targets.length * s * s * b * 6);
  targets.forEach((t, n) => {
    const boxes = t.boxes.data();
    const labels = t.labels.data();
    for (let k = 0; k < labels.length; k++) {
      const [x0, y0, x1, y1] = [boxes[4 * k]!, boxes[4 * k + 1]!, boxes[4 * k + 2]!, boxes[4 * k + 3]!];
      const [w, h] = [x1 - x0, y1 - y0];
      if (!(w > 0 && h > 0)) throw new ValueError(`encodeYoloTargets: targets[${n}] box ${k} has no area`);
      const label = labels[k]!;
      if (!Number.isInteger(label) || label < 0 || label >= config.numClasses)
        throw new ValueError(
          `encodeYoloTargets: targets[${n}] label ${label} is outside [0, ${config.numClasses})`,
        );
      const [cx, cy] = [(x0 + x1) / 2 / cell, (y0 + y1) / 2 / cell];
      const [j, i] = [
        Math.min(s - 1, Math.max(0, Math.floor(cx))),
        Math.min(s - 1, Math.max(0, Math.floor(cy))),
      ];
      let a = 0;
      anchors.forEach(([aw, ah], q) => {
        if (shapeIou(w, h, aw, ah) > shapeIou(w, h, anchors[a]![0], anchors[a]![1])) a = q;
      });
      const at = (((n * s + i) * s + j) * b + a) * 6;
      if (out[at] === 1) continue;
      out.set([1, cx - j, cy - i, Math.log(w / anchors[a]![0]), Math.log(h / anchors[a]![1]), label], at);
    }
  });
  // Slots without an object get class −1.
  for (let at = 0; at < out.length; at += 6) if (out[at] === 0) out[at + 5] = -1;
  return tensor(out, { shape: [targets.length, s, s, b, 6] });
}
