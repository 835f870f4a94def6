// F(2×2, 3×3)'s kernel, input and output transforms (conv-winograd.h) in AVX2, compiled with
// -mavx2 -mfma: GCC vector extensions on 8 tiles (or input channels) side by side. As in
// gemm-kernel.h (NOTE(isa-odr)) everything but the three entry points has internal linkage, and
// the only header with inline functions is <immintrin.h>, whose intrinsics are always inlined.
#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>

#include <cstring>

#include "conv-winograd.h"

namespace nabla {

namespace {

constexpr int L = 8;
typedef float Vec __attribute__((vector_size(4 * L)));
typedef float VecU __attribute__((vector_size(4 * L), aligned(4)));

inline Vec load(const float* p) { return *reinterpret_cast<const VecU*>(p); }
inline void store(float* p, Vec v) { *reinterpret_cast<VecU*>(p) = v; }

// The 2L outputs of a tile row's output row from its L tiles' left (a) and right (b) columns.
inline void interleave(Vec a, Vec b, Vec* lo, Vec* hi) {
  *lo = __builtin_shufflevector(a, b, 0, 8, 1, 9, 2, 10, 3, 11);
  *hi = __builtin_shufflevector(a, b, 4, 12, 5, 13, 6, 14, 7, 15);
}

// One output row: `count` (≤ 2L) of the 2L values lo, hi at y.
inline void storeRow(float* y, Vec lo, Vec hi, int64_t count) {
  if (count == 2 * L) {
    store(y, lo);
    store(y + L, hi);
    return;
  }
  float row[2 * L];
  store(row, lo);
  store(row + L, hi);
  std::memcpy(y, row, count * sizeof(float));
}

// G g Gᵀ with G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1]: each of g's columns (a, b, c) becomes (a,
// ½(a + b + c), ½(a − b + c), c), then each row of the result the same way. T is a float or a Vec
// of L kernels' same entries.
template <typename T>
inline void transformKernel(const T (&g)[9], T (&u)[16]) {
  T t[4][3];
  for (int j = 0; j < 3; ++j) {
    const T a = g[j], b = g[3 + j], c = g[6 + j];
    t[0][j] = a;
    t[1][j] = 0.5f * (a + b + c);
    t[2][j] = 0.5f * (a - b + c);
    t[3][j] = c;
  }
  for (int i = 0; i < 4; ++i) {
    const T a = t[i][0], b = t[i][1], c = t[i][2];
    u[i * 4 + 0] = a;
    u[i * 4 + 1] = 0.5f * (a + b + c);
    u[i * 4 + 2] = 0.5f * (a - b + c);
    u[i * 4 + 3] = c;
  }
}

}  // namespace

// L input channels at a time: their nine entries gathered into nine vectors (9 floats apart),
// then transformed together. (Transposed through an array on the stack instead, each vector
// load waited for the eight scalar stores before it: a quarter of the transform's time.)
void winogradFilterAvx2(const float* w, int64_t cIn, int64_t co0, int64_t co1, int64_t matrix, float* u) {
  const __m256i apart = _mm256_setr_epi32(0, 9, 18, 27, 36, 45, 54, 63);
  for (int64_t co = co0; co < co1; ++co) {
    const float* wc = w + co * cIn * 9;
    float* uc = u + co * cIn;
    int64_t ci = 0;
    for (; ci + L <= cIn; ci += L) {
      Vec g[9], out[16];
      for (int k = 0; k < 9; ++k) g[k] = Vec(_mm256_i32gather_ps(wc + ci * 9 + k, apart, 4));
      transformKernel(g, out);
      for (int x = 0; x < 16; ++x) store(uc + x * matrix + ci, out[x]);
    }
    for (; ci < cIn; ++ci) {
      float g[9], out[16];
      for (int k = 0; k < 9; ++k) g[k] = wc[ci * 9 + k];
      transformKernel(g, out);
      for (int x = 0; x < 16; ++x) uc[x * matrix + ci] = out[x];
    }
  }
}

// Bᵀ d B with Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1]: each input row's four columns
// (x0 − x2, x1 + x2, x2 − x1, x1 − x3), then the same across the four rows.
void winogradInputAvx2(const WinogradTiles& t, const float* pad, int64_t channels, float* v) {
  for (int64_t c = 0; c < channels; ++c) {
    const float* plane = pad + c * t.plane;
    float* vc = v + c * t.ldv;
    for (int64_t ty = 0; ty < t.tileRows; ++ty) {
      for (int64_t tx = 0; tx < t.tilesW; tx += L) {
        Vec rows[4][4];
        for (int i = 0; i < 4; ++i) {
          const float* e = plane + (2 * ty + i) * t.width + tx;
          const Vec e0 = load(e), o0 = load(e + t.odd), e1 = load(e + 1), o1 = load(e + t.odd + 1);
          rows[i][0] = e0 - e1;
          rows[i][1] = o0 + e1;
          rows[i][2] = e1 - o0;
          rows[i][3] = o0 - o1;
        }
        float* out = vc + ty * t.tilesW + tx;
        for (int j = 0; j < 4; ++j) {
          store(out + (0 * 4 + j) * t.matrix, rows[0][j] - rows[2][j]);
          store(out + (1 * 4 + j) * t.matrix, rows[1][j] + rows[2][j]);
          store(out + (2 * 4 + j) * t.matrix, rows[2][j] - rows[1][j]);
          store(out + (3 * 4 + j) * t.matrix, rows[1][j] - rows[3][j]);
        }
      }
    }
  }
}

// Aᵀ M A with Aᵀ = [1 1 1 0; 0 1 −1 −1], plus the bias.
void winogradOutputAvx2(const WinogradOutput& o, const float* m, float bias, float* y) {
  const Vec b = Vec{} + bias;
  for (int64_t ty = 0; ty < o.tileRows; ++ty) {
    for (int64_t tx = 0; tx < o.tilesW; tx += L) {
      const float* at = m + ty * o.tilesW + tx;
      Vec s[2][4];
      for (int j = 0; j < 4; ++j) {
        const Vec m0 = load(at + (0 * 4 + j) * o.matrix), m1 = load(at + (1 * 4 + j) * o.matrix);
        const Vec m2 = load(at + (2 * 4 + j) * o.matrix), m3 = load(at + (3 * 4 + j) * o.matrix);
        s[0][j] = m0 + m1 + m2;
        s[1][j] = m1 - m2 - m3;
      }
      const int64_t count = o.outW - 2 * tx < 2 * L ? o.outW - 2 * tx : 2 * L;
      for (int i = 0; i < 2 && 2 * ty + i < o.outRows; ++i) {
        const Vec left = s[i][0] + s[i][1] + s[i][2] + b, right = s[i][1] - s[i][2] - s[i][3] + b;
        Vec lo, hi;
        interleave(left, right, &lo, &hi);
        storeRow(y + (2 * ty + i) * o.outW + 2 * tx, lo, hi, count);
      }
    }
  }
}

}  // namespace nabla
#endif
