import { abs, nn, sub, type Tensor } from '../../index.js';

/**
 * The course's alternative to the triplet loss: verification as binary classification. A
 * logistic unit over |f(x1) − f(x2)| gives the logit that two encodings [N, D] show the same
 * identity (train it with binaryCrossEntropyWithLogits; σ(logit) is the probability).
 * @see https://www.cs.toronto.edu/~ranzato/publications/taigman_cvpr14.pdf
 * @example
 * const head = new SimilarityHead(4);
 * head.forward(randn([2, 4]), randn([2, 4])).shape; // [2]
 */
export class SimilarityHead extends nn.Module {
  linear: nn.Linear;

  constructor(readonly features: number) {
    super();
    this.linear = new nn.Linear(features, 1);
  }

  forward(encoding1: Tensor, encoding2: Tensor): Tensor {
    return this.linear.forward(abs(sub(encoding1, encoding2))).squeeze(-1);
  }
}
