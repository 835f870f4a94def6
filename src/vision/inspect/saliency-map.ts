import { abs, grad, max, type nn, ShapeError, type Tensor, tensor, ValueError } from '../../index.js';

/**
 * The gradient saliency map of Simonyan et al.: for images x [N, C, H, W], |∂score/∂x| of the
 * class score (the model's output before softmax, column `classIndex`, one index for all images
 * or one per image), max over channels: [N, H, W]. Bright pixels are those whose change moves
 * the score most. Put the model in eval mode first; write the map with
 * `saveGrid(path, map.unsqueeze(1), { normalize: true, scaleEach: true })`.
 * @see https://arxiv.org/abs/1312.6034
 * @example
 * const model = new nn.Sequential(new nn.Flatten(), new nn.Linear(4, 2));
 * saliencyMap(model, rand([3, 1, 2, 2]), 1).shape; // => [3, 2, 2]
 */
export function saliencyMap(model: nn.Module, x: Tensor, classIndex: number | readonly number[]): Tensor {
  if (x?.ndim !== 4)
    throw new ShapeError(`saliencyMap: x must be [N, C, H, W], got [${x?.shape?.join(', ')}]`);
  const n = x.shape[0]!;
  const indices = typeof classIndex === 'number' ? Array(n).fill(classIndex) : [...classIndex];
  if (indices.length !== n)
    throw new ValueError(`saliencyMap: classIndex has ${indices.length} entries for ${n} images`);
  const gradient = grad((input: Tensor) => {
    const scores = model.forward(input);
    const classes = scores.shape[1]!;
    if (scores.ndim !== 2 || indices.some((c) => !Number.isSafeInteger(c) || c < 0 || c >= classes))
      throw new ValueError(
        `saliencyMap: classIndex ${JSON.stringify(classIndex)} must pick columns of the scores [${scores.shape.join(', ')}]`,
      );
    // Σ over images of the chosen score: each image's gradient is its own score's.
    const pick = new Float32Array(n * classes);
    indices.forEach((c, i) => {
      pick[i * classes + c] = 1;
    });
    return scores.mul(tensor(pick, { shape: [n, classes], dtype: scores.dtype })).sum();
  })(x);
  return max(abs(gradient), 1);
}
