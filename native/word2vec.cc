// word2vec's training loop over a range of sentences (word2vec.h), on one thread as the spec
// does, or hogwild on several.
//
// NOTE(word2vec-threads): with `threads` > 1 the sentences are cut into jobs of about 10,000
// words (gensim's batch) that the threads claim in turn, each with its own random stream, and
// they update the shared matrices without locks, as word2vec.c and gensim's workers do: two
// threads rarely touch the same row at once, and a lost update is one SGD step among millions.
// The learning rate stays a function of each sentence's place in the corpus. The result then
// depends on the threads' timing; with one thread it is the spec's, example for example.
#include <algorithm>
#include <atomic>
#include <cstring>
#include <vector>

#include "binding.h"
#include "thread-pool.h"
#include "word2vec-kernel.h"

namespace nabla {
namespace {

// Words per job when several threads share a pass (gensim's batch_words).
constexpr int64_t kJobWords = 10000;

struct Portable {
  // Eight partial sums, one per lane of whatever vector the compiler finds.
  static float dot(const float* a, const float* b, int64_t n) {
    float s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int64_t j = 0;
    for (; j + 8 <= n; j += 8)
      for (int k = 0; k < 8; ++k) s[k] += a[j + k] * b[j + k];
    float total = ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
    for (; j < n; ++j) total += a[j] * b[j];
    return total;
  }

  static void step(float* __restrict neu1e, float* __restrict out, const float* __restrict h, float g, int64_t n) {
    for (int64_t j = 0; j < n; ++j) {
      const float o = out[j];
      neu1e[j] += g * o;
      out[j] = o + g * h[j];
    }
  }
};

bool hasAvx2() {
#if defined(__x86_64__) || defined(__i386__)
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return false;
#endif
}

void sentences(const Word2vecModel& m, const Word2vecPass& p, Word2vecWorker& w, int64_t begin, int64_t end) {
#if defined(__x86_64__)
  static const bool avx2 = hasAvx2();
  if (avx2) return word2vecSentencesAvx2(m, p, w, begin, end);
#endif
  word2vecSentencesPortable(m, p, w, begin, end);
}

// Sentence boundaries of jobs of about kJobWords words over [first, last).
std::vector<int64_t> jobBounds(const int32_t* starts, int64_t first, int64_t last) {
  std::vector<int64_t> bounds{first};
  for (int64_t s = first + 1; s < last; ++s)
    if (starts[s] - starts[bounds.back()] >= kJobWords) bounds.push_back(s);
  bounds.push_back(last);
  return bounds;
}

// The whole pass: one worker on the caller's stream, or `threads` workers claiming jobs, each
// seeded from the caller's stream (NOTE(word2vec-threads)). Returns the summed loss.
double train(const Word2vecModel& m, const Word2vecPass& p, uint32_t* rng, int64_t last, int64_t threads,
             int64_t longest) {
  std::vector<Word2vecWorker> workers(static_cast<size_t>(threads));
  std::vector<float> scratch(static_cast<size_t>(2 * m.dim * threads));
  std::vector<int32_t> buffers(static_cast<size_t>(longest * threads));
  Xoshiro128 main(rng);
  for (int64_t t = 0; t < threads; ++t) {
    Word2vecWorker& w = workers[t];
    w.neu1 = scratch.data() + 2 * m.dim * t;
    w.neu1e = w.neu1 + m.dim;
    w.buffer = buffers.data() + longest * t;
    if (threads == 1) std::memcpy(w.rng, rng, sizeof w.rng);
    else
      for (uint32_t& s : w.rng) s = main.next();
    if ((w.rng[0] | w.rng[1] | w.rng[2] | w.rng[3]) == 0) w.rng[0] = 1;  // xoshiro's one bad state
  }
  if (threads == 1) {
    sentences(m, p, workers[0], p.first, last);
    std::memcpy(rng, workers[0].rng, sizeof workers[0].rng);
    return workers[0].loss;
  }
  const std::vector<int64_t> bounds = jobBounds(p.starts, p.first, last);
  std::atomic<int64_t> next{0};
  const int64_t jobs = static_cast<int64_t>(bounds.size()) - 1;
  ThreadPool::instance().run([&](int t) {
    if (t >= threads) return;
    for (int64_t j = next++; j < jobs; j = next++) sentences(m, p, workers[t], bounds[j], bounds[j + 1]);
  });
  double loss = 0;
  for (const Word2vecWorker& w : workers) loss += w.loss;
  return loss;
}

// Float64Array contents passed as an Int32Array view of their bytes (binding.h has no float64
// kind): copied out, which also aligns them.
std::vector<double> doubles(const I32& bits) {
  std::vector<double> out(static_cast<size_t>(bits.length / 2));
  std::memcpy(out.data(), bits.data, out.size() * sizeof(double));
  return out;
}

// Every id, path node and sentence bound in range: a bad one would write outside the matrices.
bool valid(const I32& ids, const I32& starts, int64_t first, int64_t last, const I32& points, const I32& offsets,
           int64_t vocab, bool hs) {
  if (!check(first <= last && last < starts.length, "sentence range outside starts")) return false;
  for (int64_t s = first; s < last; ++s)
    if (!check(starts.data[s] >= 0 && starts.data[s] <= starts.data[s + 1], "starts not ascending")) return false;
  if (!fits(starts.data[last], ids.length, "ids")) return false;
  for (int64_t i = starts.data[first]; i < starts.data[last]; ++i)
    if (!check(ids.data[i] >= 0 && ids.data[i] < vocab, "id outside the vocabulary")) return false;
  if (!hs) return true;
  if (!fits(offsets.data[vocab], points.length, "points")) return false;
  for (int64_t w = 0; w < vocab; ++w)
    if (!check(offsets.data[w] >= 0 && offsets.data[w] <= offsets.data[w + 1], "offsets not ascending")) return false;
  for (int64_t d = 0; d < offsets.data[vocab]; ++d)
    if (!check(points.data[d] >= 0 && points.data[d] < vocab - 1, "tree node outside syn1")) return false;
  return true;
}

}  // namespace

void word2vecSentencesPortable(const Word2vecModel& m, const Word2vecPass& p, Word2vecWorker& w, int64_t begin,
                               int64_t end) {
  Word2vecLoop<Portable>(m, p, w).sentences(begin, end);
}

// Entry point (see binding.h): trains sentences [first, last) of the corpus `ids`/`starts`;
// keep and noise are Float64Arrays seen as Int32Arrays, rng the 4 words of the generator's
// state (read and advanced). Returns the loss summed over the examples (0 unless trackLoss).
double word2vecTrainEntry(I32 ids, I32 starts, Size first, Size last, I32 keep, I32 noise, U8 codes, I32 points,
                          I32 offsets, F32 syn0, F32 syn1neg, F32 syn1, I32 rng, Size dim, Size window,
                          Size negative, bool hs, bool cbow, bool cbowMean, bool trackLoss, double alpha,
                          double minAlpha, double done, double total, Size threads) {
  const int64_t vocab = offsets.length - 1;
  if (!check(vocab >= 1, "offsets must hold vocab + 1 entries") || !check(window >= 1, "window must be ≥ 1") ||
      !check(threads >= 1, "threads must be ≥ 1") || !check(negative > 0 || hs, "needs negative > 0 or hs") ||
      !fits(2 * vocab, keep.length, "keep") || !fits(2 * vocab, noise.length, "noise") ||
      !fits(4, rng.length, "rng") || !fits(vocab * dim, syn0.length, "syn0") ||
      !fits(negative > 0 ? vocab * dim : 0, syn1neg.length, "syn1neg") ||
      !fits(hs ? (vocab - 1) * dim : 0, syn1.length, "syn1") ||
      !fits(hs ? offsets.data[vocab] : 0, codes.length, "codes") ||
      !valid(ids, starts, first, last, points, offsets, vocab, hs)) {
    return 0;
  }
  const std::vector<double> keepProbabilities = doubles(keep), noiseTable = doubles(noise);
  Word2vecModel m;
  m.dim = dim;
  m.vocab = vocab;
  m.syn0 = syn0.data;
  m.syn1neg = syn1neg.data;
  m.syn1 = syn1.data;
  m.noise = noiseTable.data();
  m.keep = keepProbabilities.data();
  m.codes = codes.data;
  m.points = points.data;
  m.offsets = offsets.data;
  m.negative = negative;
  m.hs = hs;
  Word2vecPass p{ids.data, starts.data, window, cbow, cbowMean, trackLoss, alpha, minAlpha, done, total, first};
  int64_t longest = 1;
  for (int64_t s = first; s < last; ++s) longest = std::max<int64_t>(longest, starts.data[s + 1] - starts.data[s]);
  const int64_t workers = std::min<int64_t>(threads, ThreadPool::instance().size());
  return train(m, p, reinterpret_cast<uint32_t*>(rng.data), last, std::max<int64_t>(workers, 1), longest);
}
NABLA_EXPORT(word2vecTrain, word2vecTrainEntry);

}  // namespace nabla
