// word2vec's training loop (skip-gram and CBOW, negative sampling and hierarchical softmax) over
// a range of sentences: the native form of src/text/embeddings/word2vec-kernel.ts, which is its
// spec (NOTE(word2vec-kernel) there). word2vec.cc holds the entry and the threads,
// word2vec-kernel.h the loop, compiled once portable and once for AVX2 + FMA (word2vec-avx2.cc).
#pragma once

#include <cstddef>
#include <cstdint>

namespace nabla {

// The model's arrays and the settings of the pass; every array is read-only but the three
// weight matrices.
struct Word2vecModel {
  int64_t dim = 0;
  int64_t vocab = 0;
  float* syn0 = nullptr;     // input vectors [vocab, dim]
  float* syn1neg = nullptr;  // output vectors of negative sampling [vocab, dim]
  float* syn1 = nullptr;     // output vectors of the Huffman tree's inner nodes [vocab - 1, dim]
  const double* noise = nullptr;  // cumulative unigram^0.75 distribution [vocab]
  const double* keep = nullptr;   // subsampling keep probabilities [vocab]
  const uint8_t* codes = nullptr;   // Huffman paths, flat (word w's: offsets[w] .. offsets[w + 1])
  const int32_t* points = nullptr;
  const int32_t* offsets = nullptr;
  int64_t negative = 0;
  bool hs = false;
};

struct Word2vecPass {
  const int32_t* ids = nullptr;     // the corpus as word ids
  const int32_t* starts = nullptr;  // sentence s is ids[starts[s] .. starts[s + 1])
  int64_t window = 5;
  bool cbow = false;
  bool cbowMean = true;
  bool trackLoss = false;
  // The learning rate of sentence s: max(minAlpha, alpha - (alpha - minAlpha) * done_s / total),
  // done_s = done + starts[s] - starts[first] (the words trained before it).
  double alpha = 0.025;
  double minAlpha = 1e-4;
  double done = 0;
  double total = 1;
  int64_t first = 0;
};

// What one thread works with: its random stream (xoshiro128**, the state of
// src/tensor/random.ts's Generator) and its scratch.
struct Word2vecWorker {
  uint32_t rng[4] = {0, 0, 0, 0};
  float* neu1 = nullptr;     // [dim]
  float* neu1e = nullptr;    // [dim]
  int32_t* buffer = nullptr;  // the longest sentence after subsampling
  double loss = 0;
};

// Trains sentences [begin, end) in order; adds to worker.loss when the pass tracks it.
void word2vecSentencesPortable(const Word2vecModel& m, const Word2vecPass& p, Word2vecWorker& w, int64_t begin,
                               int64_t end);
void word2vecSentencesAvx2(const Word2vecModel& m, const Word2vecPass& p, Word2vecWorker& w, int64_t begin,
                           int64_t end);

}  // namespace nabla
