import '../autograd/backward.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { ne } from './compare.js';
import { checkPaddingIdx } from './core/check-padding-idx.js';
import { expectFloat, expectTensor } from './core/convert.js';
import { indexSelect } from './index-select.js';
import { reshape } from './reshape.js';
import { unsqueeze } from './squeeze.js';
import { where } from './where.js';

/** Options of {@link embedding}. */
export interface EmbeddingOpOptions {
  /**
   * A row that gets no gradient (negative counts from the end), as PyTorch's `padding_idx`: its
   * lookups still read the row's value, so padding tokens stay neutral while the row stays zero.
   */
  paddingIdx?: number;
}

/**
 * A table lookup, as PyTorch's `F.embedding`: int32 `indices` of any shape `[...]` pick rows of
 * `weight [numEmbeddings, embeddingDim]`, giving `[..., embeddingDim]`. The gradient of each row
 * is the sum of the output gradients of the lookups that read it (none for `paddingIdx`).
 * @example
 * const weight = tensor([[0, 0], [1, 2], [3, 4]]);
 * embedding(tensor([[2, 1, 0]], { dtype: 'int32' }), weight, { paddingIdx: 0 }); // => [[[3, 4], [1, 2], [0, 0]]]
 */
export function embedding(indices: Tensor, weight: Tensor, options: EmbeddingOpOptions = {}): Tensor {
  expectTensor(indices, 'embedding', 'indices');
  expectTensor(weight, 'embedding', 'weight');
  if (indices.dtype !== 'int32')
    throw new DTypeError(`embedding: indices must be an int32 tensor, got ${indices.dtype}`);
  expectFloat(weight, 'embedding', 'weight');
  if (weight.ndim !== 2)
    throw new ShapeError(
      `embedding: weight must have rank 2 [numEmbeddings, embeddingDim], got shape ${formatShape(weight.shape)}`,
    );
  const [rowCount, dim] = weight.shape as [number, number];
  const paddingIdx = checkPaddingIdx(options.paddingIdx, rowCount);
  const flat = reshape(indices, [indices.size]);
  for (const i of flat.data()) {
    if (i < 0 || i >= rowCount)
      throw new ValueError(`embedding: index ${i} is out of range for a weight of ${rowCount} rows`);
  }
  let rows = indexSelect(weight, 0, flat);
  if (paddingIdx !== undefined) {
    // The padding rows read the weight's value but through a detached copy: no gradient.
    const keep = unsqueeze(ne(flat, paddingIdx), 1);
    rows = where(keep, rows, indexSelect(weight.detach(), 0, flat));
  }
  return reshape(rows, [...indices.shape, dim]);
}
