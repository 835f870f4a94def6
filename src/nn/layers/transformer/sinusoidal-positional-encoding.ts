import { ValueError } from '../../../errors.js';
import { tensor } from '../../../tensor/creation.js';
import type { DType } from '../../../tensor/dtype.js';
import type { Tensor } from '../../../tensor/tensor.js';

/**
 * The Transformer paper's fixed positional encoding, a `[maxLen, dModel]` table:
 * PE(pos, 2i) = sin(pos / 10000^(2i/dModel)) and PE(pos, 2i+1) = cos(pos / 10000^(2i/dModel)).
 * Each pair of dimensions is a sinusoid of its own wavelength (2π to 10000·2π), so a fixed
 * offset is a linear map of the encoding and positions beyond the training lengths still work.
 * @see https://arxiv.org/abs/1706.03762
 * @example
 * sinusoidalPositionalEncoding(2, 4).toArray(); // => [[0, 1, 0, 1], [0.8415, 0.5403, 0.01, 1]]
 */
export function sinusoidalPositionalEncoding(
  maxLen: number,
  dModel: number,
  { dtype = 'float32' }: { dtype?: DType } = {},
): Tensor {
  for (const [name, n] of [
    ['maxLen', maxLen],
    ['dModel', dModel],
  ] as const) {
    if (!Number.isSafeInteger(n) || n < 1)
      throw new ValueError(`sinusoidalPositionalEncoding: ${name} must be a positive integer, got ${n}`);
  }
  const data = new Float64Array(maxLen * dModel);
  for (let pos = 0; pos < maxLen; pos++) {
    for (let d = 0; d < dModel; d++) {
      // Dimensions 2i and 2i+1 share the frequency 1/10000^(2i/dModel).
      const angle = pos / 10000 ** ((d - (d % 2)) / dModel);
      data[pos * dModel + d] = d % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return tensor(data, { shape: [maxLen, dModel], dtype });
}
