// Products of one row (m = 1): y = a · op(B), the shape of a linear layer at batch 1. The GEMM
// would pack op(B) into panels, a copy of the whole matrix that each element then serves once;
// here B is read once, in its own layout: rows of op(B) contiguous (csb = 1) are added up scaled
// by a's elements, columns contiguous (rsb = 1, a transposed weight) are dot products with a.
#include <algorithm>
#include <cstring>

#include "sgemm.h"
#include "thread-pool.h"

namespace nabla {

namespace {

// Columns per task, and per pass of the row sums (their partial sums stay in L1).
constexpr long kColumns = 256;
// Below this many elements of B a product stays on one thread (reading them is the cost).
constexpr long kParallelElements = 1 << 17;

typedef float V8 __attribute__((vector_size(32)));
typedef float V8u __attribute__((vector_size(32), aligned(4)));

inline V8 load8(const float* p) { return *reinterpret_cast<const V8u*>(p); }

// Σ over lanes of v, in a fixed order.
inline float lanes(V8 v) { return ((v[0] + v[4]) + (v[1] + v[5])) + ((v[2] + v[6]) + (v[3] + v[7])); }

// c[j] (+)= Σ_kk a[kk] · b[kk·rsb + j] for j in [j0, j1): B's rows contiguous.
void rowSums(const GemmProblem& p, long j0, long j1) {
  float sums[kColumns];
  for (long jb = j0; jb < j1; jb += kColumns) {
    const long n = std::min(kColumns, j1 - jb);
    std::memset(sums, 0, n * sizeof(float));
    for (long kk = 0; kk < p.k; ++kk) {
      const float ak = p.a[kk * p.csa];
      const float* row = p.b + kk * p.rsb + jb;
      for (long j = 0; j < n; ++j) sums[j] += ak * row[j];
    }
    if (p.bias != nullptr)
      for (long j = 0; j < n; ++j) sums[j] += p.bias[jb + j];
    for (long j = 0; j < n; ++j) p.c[jb + j] = p.accumulate ? p.c[jb + j] + sums[j] : sums[j];
  }
}

// c[j] (+)= Σ_kk a[kk] · b[kk + j·csb] for j in [j0, j1): B's columns contiguous (a must be too).
void dotProducts(const GemmProblem& p, long j0, long j1) {
  const long k8 = p.k / 8 * 8;
  for (long j = j0; j < j1; ++j) {
    const float* col = p.b + j * p.csb;
    V8 acc0{}, acc1{};
    long kk = 0;
    for (; kk + 16 <= k8; kk += 16) {
      acc0 += load8(p.a + kk) * load8(col + kk);
      acc1 += load8(p.a + kk + 8) * load8(col + kk + 8);
    }
    if (kk < k8) acc0 += load8(p.a + kk) * load8(col + kk);
    float sum = lanes(acc0 + acc1);
    for (kk = k8; kk < p.k; ++kk) sum += p.a[kk] * col[kk];
    if (p.bias != nullptr) sum += p.bias[j];
    p.c[j] = p.accumulate ? p.c[j] + sum : sum;
  }
}

}  // namespace

bool sgemvRows(const BatchedGemm& g) {
  const GemmProblem& p0 = g.problem;
  const bool rows = p0.csb == 1, columns = p0.rsb == 1 && p0.csa == 1;
  if (p0.m != 1 || p0.packedB != nullptr || !(rows || columns)) return false;
  const long tasksPerItem = (p0.n + kColumns - 1) / kColumns;
  const bool parallel = g.batch * p0.k * p0.n >= kParallelElements;
  claimRanges(g.batch * tasksPerItem, parallel, [&](int64_t t0, int64_t t1) {
    for (int64_t t = t0; t < t1; ++t) {
      const long b = t / tasksPerItem, j0 = t % tasksPerItem * kColumns, j1 = std::min(p0.n, j0 + kColumns);
      GemmProblem p = p0;
      p.a += b * g.strideA;
      p.b += b * g.strideB;
      p.c += b * g.strideC;
      if (rows) {
        rowSums(p, j0, j1);
      } else {
        dotProducts(p, j0, j1);
      }
    }
  });
  return true;
}

}  // namespace nabla
