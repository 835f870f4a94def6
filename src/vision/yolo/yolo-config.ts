import { ValueError } from '../../index.js';

/** The geometry of a YOLO (v2-style) head. */
export interface YoloConfig {
  /** The side of the square input image in pixels. */
  imageSize: number;
  /** S: the image is divided into S×S cells. */
  gridSize: number;
  /** The B anchor shapes as [width, height] in pixels (e.g. from kmeansAnchors). */
  anchors: readonly (readonly [number, number])[];
  numClasses: number;
}

/** What the head predicts per anchor: tx, ty, tw, th, the objectness logit, then one logit per class. */
export const BOX_FIELDS = 5;

/**
 * Checks a YOLO configuration and returns the cell size in pixels.
 * @example
 * checkYoloConfig({ imageSize: 96, gridSize: 6, anchors: [[24, 24]], numClasses: 10 }, 'yoloLoss'); // 16
 */
export function checkYoloConfig(config: YoloConfig, op: string): number {
  const { imageSize, gridSize, anchors, numClasses } = config;
  if (![imageSize, gridSize, numClasses].every((v) => Number.isSafeInteger(v) && v > 0))
    throw new ValueError(
      `${op}: imageSize, gridSize and numClasses must be positive integers, got ${imageSize}, ${gridSize}, ${numClasses}`,
    );
  if (!Array.isArray(anchors) || anchors.length === 0 || anchors.some((a) => !(a[0] > 0 && a[1] > 0)))
    throw new ValueError(
      `${op}: anchors must be a non-empty list of positive [width, height], got ${JSON.stringify(anchors)}`,
    );
  return imageSize / gridSize;
}
