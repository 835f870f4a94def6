import {
  add,
  binaryCrossEntropyWithLogits,
  clamp,
  gather,
  logSoftmax,
  mul,
  neg,
  ShapeError,
  sigmoid,
  square,
  sub,
  sum,
  type Tensor,
  ValueError,
} from '../../index.js';
import { BOX_FIELDS, checkYoloConfig, type YoloConfig } from './yolo-config.js';

export interface YoloLossOptions {
  /** Weight of the box terms (default 5, as YOLO). */
  lambdaCoord?: number;
  /** Weight of the objectness term of slots without an object (default 0.5, as YOLO). */
  lambdaNoobj?: number;
}

/** The head's output [N, B·(5 + C), S, S] as [N, S, S, B, 5 + C]. */
export function yoloPredictions(output: Tensor, config: YoloConfig, op: string): Tensor {
  checkYoloConfig(config, op);
  const { gridSize: s, anchors, numClasses } = config;
  const b = anchors.length;
  const fields = BOX_FIELDS + numClasses;
  if (output.ndim !== 4 || output.shape[1] !== b * fields || output.shape[2] !== s || output.shape[3] !== s)
    throw new ShapeError(
      `${op}: output must be [N, ${b * fields}, ${s}, ${s}] (B·(5 + C), S, S), got [${output.shape.join(', ')}]`,
    );
  return output.reshape([output.shape[0]!, b, fields, s, s]).permute([0, 3, 4, 1, 2]);
}

/**
 * The YOLO (v2-style) loss of a head's output [N, B·(5 + C), S, S] against encoded targets
 * [N, S, S, B, 6] ({@link encodeYoloTargets}), summed over slots and averaged over images:
 * λcoord · Σ_obj [(σ(tx) − sx)² + (σ(ty) − sy)² + (tw − tw*)² + (th − th*)²]
 * + Σ_obj BCE(objectness, 1) + λnoobj · Σ_noobj BCE(objectness, 0)
 * + Σ_obj cross-entropy(class logits, class).
 * Per anchor the output holds tx, ty, tw, th, the objectness logit and the class logits.
 * @see https://arxiv.org/abs/1506.02640
 * @example
 * const config = { imageSize: 32, gridSize: 2, anchors: [[8, 8]] as [number, number][], numClasses: 3 };
 * const target = encodeYoloTargets([{ boxes: tensor([[0, 0, 8, 8]]), labels: tensor([1], { dtype: 'int32' }) }], config);
 * yoloLoss(zeros([1, 8, 2, 2]), target, config).item(); // 5·2·0.25² + ln 3 + ln 2 + 0.5·3·ln 2 ≈ 3.456
 */
export function yoloLoss(
  output: Tensor,
  target: Tensor,
  config: YoloConfig,
  options: YoloLossOptions = {},
): Tensor {
  const { lambdaCoord = 5, lambdaNoobj = 0.5 } = options;
  if (!(lambdaCoord >= 0 && lambdaNoobj >= 0))
    throw new ValueError(
      `yoloLoss: lambdaCoord and lambdaNoobj must be non-negative, got ${lambdaCoord}, ${lambdaNoobj}`,
    );
  const p = yoloPredictions(output, config, 'yoloLoss');
  const n = output.shape[0]!;
  if (target.shape.join() !== [...p.shape.slice(0, 4), 6].join())
    throw new ShapeError(
      `yoloLoss: target must be [${[...p.shape.slice(0, 4), 6].join(', ')}], got [${target.shape.join(', ')}]`,
    );
  const field = (t: Tensor, k: number) => t.select(4, k);
  const obj = field(target, 0).cast(p.dtype);
  const noobj = sub(1, obj);
  const boxError = [0, 1, 2, 3]
    .map((k) => {
      const guess = k < 2 ? sigmoid(field(p, k)) : field(p, k);
      return square(sub(guess, field(target, k + 1).cast(p.dtype)));
    })
    .reduce((a, b) => add(a, b));
  const objectness = binaryCrossEntropyWithLogits(field(p, 4), obj, { reduction: 'none' });
  const logits = p.narrow(4, BOX_FIELDS, config.numClasses);
  const classes = clamp(field(target, 5), 0).cast('int32').unsqueeze(4);
  const classLoss = neg(gather(logSoftmax(logits, -1), 4, classes).squeeze(4));
  const perSlot = add(
    add(mul(mul(boxError, obj), lambdaCoord), mul(classLoss, obj)),
    add(mul(objectness, obj), mul(mul(objectness, noobj), lambdaNoobj)),
  );
  return sum(perSlot).div(Math.max(1, n));
}
