/**
 * nabla's text floor: vocabularies and tokenizers, corpora, sampling, greedy and beam-search
 * decoding, BLEU and CTC decoding, word embeddings. It uses only what the public barrel exports.
 */
export {
  type BleuOptions,
  type BleuSmoothing,
  bleu,
  brevityPenalty,
  clippedCounts,
  closestRefLength,
  sentenceBleu,
} from './bleu.js';
export { charTokenize } from './char-tokenize.js';
export {
  type CharLanguageModelData,
  type CharLanguageModelOptions,
  charLanguageModelData,
  loadMobyDick,
} from './corpus.js';
export {
  type CtcBeam,
  type CtcBeamOptions,
  type CtcDecodeOptions,
  collapsePath,
  ctcGreedyDecode,
  ctcPrefixBeamSearch,
  type StepScores,
} from './ctc-decode.js';
export {
  type BeamSearchOptions,
  beamSearch,
  beamSearchErrorAnalysis,
  type DecodeOptions,
  type ErrorAnalysisInput,
  type ErrorAnalysisResult,
  greedyDecode,
  type Hypothesis,
  normalizedScore,
} from './decoding.js';
export * from './embeddings/index.js';
export {
  type GenerateOptions,
  generate,
  type Logits,
  type SamplingOptions,
  type StepFn,
  sampleNext,
  samplingProbabilities,
} from './sampling.js';
export {
  loadSpamAssassin,
  type MailWordsOptions,
  mailWords,
  type SpamAssassinGroup,
  type SpamAssassinMail,
} from './spam-assassin.js';
export { loadStateOfTheUnion, type StateOfTheUnionAddress } from './state-of-the-union.js';
export { DEFAULT_SPECIALS, Vocabulary, type VocabularyJSON, type VocabularyOptions } from './vocabulary.js';
export { type WordSentencesOptions, wordSentences } from './word-sentences.js';
export { type WordTokenizeOptions, wordTokenize } from './word-tokenize.js';
