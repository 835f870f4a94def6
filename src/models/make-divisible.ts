/**
 * The channel count nearest to `value` that is a multiple of `divisor` (at least `divisor`), never
 * more than 10% below `value`: the rounding rule of MobileNetV2 and EfficientNet, which keeps
 * channel counts friendly to vectorized kernels.
 * @see https://arxiv.org/abs/1801.04381
 * @example
 * makeDivisible(32 * 0.75); // => 24
 * makeDivisible(1280 * 1.1); // => 1408
 */
export function makeDivisible(value: number, divisor = 8): number {
  const rounded = Math.max(divisor, Math.floor((value + divisor / 2) / divisor) * divisor);
  return rounded < 0.9 * value ? rounded + divisor : rounded;
}
