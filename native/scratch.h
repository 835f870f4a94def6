// A buffer grown on demand and kept between calls, 64-byte aligned (the GEMM's packed panels need
// it); declared thread_local at its use, so each thread of the pool has its own.
#pragma once

#include <cstdint>
#include <cstdlib>

namespace nabla {

struct Scratch {
  float* data = nullptr;
  int64_t size = 0;
  Scratch() = default;
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  ~Scratch() { std::free(data); }
  // At least `floats` floats; the contents are not kept when it grows.
  float* get(int64_t floats) {
    if (size < floats) {
      std::free(data);
      data = static_cast<float*>(std::aligned_alloc(64, (floats * sizeof(float) + 63) / 64 * 64));
      size = floats;
    }
    return data;
  }
};

}  // namespace nabla
