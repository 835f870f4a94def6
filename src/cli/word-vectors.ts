import { FileFormatError } from '../index.js';
import type { KeyedVectors } from '../text/embeddings/keyed-vectors.js';
import { readGlove, readWord2vec } from '../text/embeddings/vector-files.js';
import { trainWord2vec } from '../text/embeddings/word2vec.js';

/** How a training command gets the vectors that initialise its embedding layer. */
export interface WordVectorOptions {
  /** A word2vec file (text, or binary when it ends in `.bin`) or a GloVe text file; else trained. */
  vectors?: string;
  /** The length of the trained vectors. */
  vectorSize: number;
  /** Words seen fewer times get no trained vector. */
  minCount: number;
  seed: number;
}

/**
 * The word vectors for a command: read from `options.vectors` (a word2vec file, or a GloVe
 * file: one without the "<count> <dim>" header), or trained by word2vec (CBOW, gensim's
 * defaults otherwise, 5 epochs) on `sentences`, the training part of the data only.
 * @example
 * const sentences = Array.from({ length: 20 }, () => ['free', 'money', 'now']);
 * wordVectors(sentences, { vectorSize: 4, minCount: 1, seed: 0 }).dim; // => 4
 */
export function wordVectors(
  sentences: readonly (readonly string[])[],
  options: WordVectorOptions,
): KeyedVectors {
  const file = options.vectors;
  if (file !== undefined) {
    const vectors = readVectorFile(file);
    console.log(
      `read ${vectors.count.toLocaleString('en-US')} vectors of ${vectors.dim} dimensions from ${file}`,
    );
    return vectors;
  }
  const { vectorSize, minCount, seed } = options;
  const result = trainWord2vec(sentences, { architecture: 'cbow', vectorSize, minCount, seed: seed + 1 });
  console.log(
    `word2vec (CBOW, ${vectorSize} dimensions) on the ${result.corpusTokens.toLocaleString('en-US')} training words: ${result.vectors.count.toLocaleString('en-US')} vectors in ${result.seconds.toFixed(1)} s`,
  );
  return result.vectors;
}

function readVectorFile(file: string): KeyedVectors {
  try {
    return readWord2vec(file);
  } catch (error) {
    // A GloVe file is a word2vec text file without its header line.
    if (
      error instanceof FileFormatError &&
      /line 1: expected the header/.test(error.message) &&
      !file.endsWith('.bin')
    )
      return readGlove(file);
    throw error;
  }
}
