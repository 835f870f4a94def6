/** Word embeddings: vectors by word, analogies, vector files, debiasing, word2vec and GloVe. */
export {
  type AnalogyEvaluation,
  type AnalogyQuestion,
  type AnalogyScore,
  type AnalogySection,
  type EvaluateAnalogiesOptions,
  evaluateAnalogies,
  parseAnalogies,
} from './analogies.js';
export { type Cooccurrences, cooccurrenceCounts } from './cooccurrence.js';
export {
  type BiasDirectionMethod,
  biasDirection,
  equalize,
  type HardDebiasOptions,
  hardDebias,
  neutralize,
} from './debias.js';
export { type EmbeddingMatrix, type EmbeddingMatrixOptions, embeddingMatrix } from './embedding-matrix.js';
export { type GloveOptions, type GloveResult, type GloveState, gloveStep, trainGlove } from './glove.js';
export {
  type AnalogyMethod,
  type AnalogyOptions,
  KeyedVectors,
  type MostSimilarOptions,
  type ScoredWord,
} from './keyed-vectors.js';
export { type PcaResult, pca } from './pca.js';
export { type ScatterPlotOptions, scatterPlot, writeScatterPlot } from './scatter-plot.js';
export { type TsneOptions, tsne, tsneGradient } from './tsne.js';
export { type SparseAffinities, tsneAffinities, tsneSparseAffinities } from './tsne-affinities.js';
export { tsneGradientBarnesHut } from './tsne-barnes-hut.js';
export {
  type ReadWord2vecOptions,
  readGlove,
  readWord2vec,
  type WriteWord2vecOptions,
  writeGlove,
  writeWord2vec,
} from './vector-files.js';
export { trainWord2vec, type Word2vecOptions, type Word2vecResult } from './word2vec.js';
export {
  countWords,
  type EncodedSentences,
  encodeSentences,
  type HuffmanTree,
  huffmanTree,
  keepProbabilities,
  noiseDistribution,
  type WordCounts,
} from './word2vec-vocabulary.js';
