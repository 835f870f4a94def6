import { Generator, type Tensor, tensor, ValueError } from '../../index.js';
import type { Vocabulary } from '../vocabulary.js';
import type { KeyedVectors } from './keyed-vectors.js';

/** Options of `embeddingMatrix`. */
export interface EmbeddingMatrixOptions {
  /** Tokens whose rows stay zero, such as the padding token (default `['<PAD>']`). */
  zeroTokens?: readonly string[];
  /** Draws the rows of tokens without a vector (default `new Generator(0)`). */
  generator?: Generator;
}

/** What `embeddingMatrix` returns. */
export interface EmbeddingMatrix {
  /** `[vocabulary.size, vectors.dim]` float32, row i for token i. */
  weight: Tensor;
  /** How many tokens (zero tokens aside) took their row from the vectors. */
  found: number;
  /** How many drew a random row because the vectors have no entry for them. */
  missing: number;
}

/**
 * The weight of an embedding layer for `vocabulary`, initialised from trained word vectors: the
 * row of each token the vectors know is its vector; a token they do not know draws a row from
 * N(0, σ²), σ the standard deviation of the known vectors' entries, so that it starts on the
 * same scale; the padding token's row is zero. Copy it into `nn.Embedding`'s weight, and freeze
 * the layer (`requiresGrad_(false)`) or let training fine-tune it.
 * @example
 * import { Vocabulary } from 'nabla/text';
 * const vectors = new KeyedVectors(['good', 'bad'], new Float32Array([1, 0, 0, 1]));
 * const vocabulary = Vocabulary.fromTokens(['good', 'bad', 'ugly'], { specials: ['<PAD>', '<UNK>'] });
 * const { weight, found, missing } = embeddingMatrix(vectors, vocabulary);
 * found; // => 2
 * missing; // => 2
 * weight.shape; // => [5, 2]
 */
export function embeddingMatrix(
  vectors: KeyedVectors,
  vocabulary: Vocabulary,
  options: EmbeddingMatrixOptions = {},
): EmbeddingMatrix {
  const { zeroTokens = ['<PAD>'], generator = new Generator(0) } = options;
  const { dim } = vectors;
  if (dim < 1) throw new ValueError('embeddingMatrix: the vectors are empty (dimension 0)');
  const tokens = vocabulary.decode(Array.from({ length: vocabulary.size }, (_, i) => i));
  const rows = new Float32Array(tokens.length * dim);
  const unknown: number[] = [];
  let found = 0;
  let sum = 0;
  let sumSquares = 0;
  tokens.forEach((token, i) => {
    if (zeroTokens.includes(token)) return;
    if (!vectors.has(token)) {
      unknown.push(i);
      return;
    }
    const v = vectors.vector(token);
    rows.set(v, i * dim);
    for (const x of v) {
      sum += x;
      sumSquares += x * x;
    }
    found++;
  });
  const n = found * dim;
  // With no known vector to take a scale from, the unknown rows get N(0, 1) like nn.Embedding.
  const sigma = n === 0 ? 1 : Math.sqrt(Math.max(sumSquares / n - (sum / n) ** 2, 0));
  for (const i of unknown) for (let j = 0; j < dim; j++) rows[i * dim + j] = sigma * generator.normal();
  return { weight: tensor(rows, { shape: [tokens.length, dim] }), found, missing: unknown.length };
}
