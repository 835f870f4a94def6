import { noGrad, type Tensor, tensor, ValueError } from '../../index.js';
import { batchedNms } from '../boxes/nms.js';
import type { Detections } from '../detection/mean-average-precision.js';
import { BOX_FIELDS, type YoloConfig } from './yolo-config.js';
import { yoloPredictions } from './yolo-loss.js';

export interface DecodeYoloOptions {
  /** Keep boxes whose score σ(objectness)·P(class) reaches this (default 0.25). */
  scoreThreshold?: number;
  /** Per-class NMS threshold (default 0.45). */
  iouThreshold?: number;
}

const sigmoidOf = (v: number) => 1 / (1 + Math.exp(-v));

/**
 * Turns a YOLO head's output [N, B·(5 + C), S, S] into detections per image: each anchor's box
 * (x, y) = ((column, row) + σ(tx, ty))·cell, (w, h) = anchor·e^(tw, th), clipped to the image;
 * its class the most likely one and its score σ(objectness)·softmax(class); boxes below the score
 * threshold dropped, then non-maximum suppression per class.
 * @example
 * const config = { imageSize: 32, gridSize: 2, anchors: [[8, 8]] as [number, number][], numClasses: 3 };
 * const found = decodeYolo(zeros([1, 8, 2, 2]), config, { scoreThreshold: 0.1 });
 * found[0].boxes.shape; // [4, 4]: one 8×8 box centred in each cell, score σ(0)/3
 */
export function decodeYolo(
  output: Tensor,
  config: YoloConfig,
  options: DecodeYoloOptions = {},
): Detections[] {
  const { scoreThreshold = 0.25, iouThreshold = 0.45 } = options;
  if (!(scoreThreshold >= 0 && scoreThreshold <= 1))
    throw new ValueError(`decodeYolo: scoreThreshold must be in [0, 1], got ${scoreThreshold}`);
  const p = noGrad(() => yoloPredictions(output, config, 'decodeYolo').contiguous());
  const data = p.data();
  const { gridSize: s, anchors, numClasses: c, imageSize } = config;
  const cell = imageSize / s;
  const fields = BOX_FIELDS + c;
  const b = anchors.length;
  return Array.from({ length: output.shape[0]! }, (_, n) => {
    const boxes: number[] = [];
    const scores: number[] = [];
    const labels: number[] = [];
    for (let i = 0; i < s; i++)
      for (let j = 0; j < s; j++)
        for (let a = 0; a < b; a++) {
          const at = (((n * s + i) * s + j) * b + a) * fields;
          const logits = Array.from(data.subarray(at + BOX_FIELDS, at + fields));
          const top = Math.max(...logits);
          const total = logits.reduce((acc, v) => acc + Math.exp(v - top), 0);
          const best = logits.indexOf(top);
          const score = sigmoidOf(data[at + 4]!) / total;
          if (score < scoreThreshold) continue;
          const cx = (j + sigmoidOf(data[at]!)) * cell;
          const cy = (i + sigmoidOf(data[at + 1]!)) * cell;
          const w = anchors[a]![0] * Math.exp(Math.min(data[at + 2]!, 10));
          const h = anchors[a]![1] * Math.exp(Math.min(data[at + 3]!, 10));
          const clip = (v: number) => Math.min(imageSize, Math.max(0, v));
          boxes.push(clip(cx - w / 2), clip(cy - h / 2), clip(cx + w / 2), clip(cy + h / 2));
          scores.push(score);
          labels.push(best);
        }
    const all = {
      boxes: tensor(Float32Array.from(boxes), { shape: [scores.length, 4] }),
      scores: tensor(Float32Array.from(scores)),
      labels: tensor(Int32Array.from(labels)),
    };
    const keep = batchedNms(all.boxes, all.scores, all.labels, iouThreshold);
    return {
      boxes: all.boxes.indexSelect(0, keep),
      scores: all.scores.indexSelect(0, keep),
      labels: all.labels.indexSelect(0, keep),
    };
  });
}
