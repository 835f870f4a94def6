#include "binding.h"
#include "memory.h"

#include <v8.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace nabla {
namespace {

// NOTE(blocks): V8 frees an ArrayBuffer's memory when the garbage collector finds it dead, in
// batches (a scavenge frees megabytes of matmul outputs at once). Given back to glibc, such a
// batch shrinks the heap top and the next arrays arrive as fresh pages that fault on first write:
// ~12 faults per 64 KB output of a 128³ matmul in a training process, which halved its speed.
// So the addon serves large arrays from its own blocks: V8 calls `returnBlock` when it collects
// the array (on whichever thread sweeps), the block goes to a free list by size, and the next
// array of that size reuses it. The list keeps at most kCacheLimit bytes; `releaseBlocks` empties it.
constexpr size_t kAlignment = 64;
constexpr size_t kGranule = 4096;
constexpr size_t kCacheLimit = size_t{256} << 20;

class BlockCache {
 public:
  void* take(size_t capacity) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = free_.find(capacity);
    if (it == free_.end() || it->second.empty()) return nullptr;
    void* block = it->second.back();
    it->second.pop_back();
    cached_ -= capacity;
    return block;
  }

  void give(void* block, size_t capacity) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (cached_ + capacity <= kCacheLimit) {
        free_[capacity].push_back(block);
        cached_ += capacity;
        return;
      }
    }
    std::free(block);
  }

  size_t cached() {
    std::lock_guard<std::mutex> lock(mutex_);
    return cached_;
  }

  size_t release() {
    std::unordered_map<size_t, std::vector<void*>> blocks;
    size_t bytes = 0;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      blocks.swap(free_);
      bytes = cached_;
      cached_ = 0;
    }
    for (auto& [capacity, list] : blocks) {
      for (void* block : list) std::free(block);
    }
    return bytes;
  }

 private:
  std::mutex mutex_;
  std::unordered_map<size_t, std::vector<void*>> free_;
  size_t cached_ = 0;
};

// Never destroyed: V8 may still return blocks while the process exits.
BlockCache& cache() {
  static BlockCache* instance = new BlockCache();
  return *instance;
}

void returnBlock(void* data, size_t, void* capacity) { cache().give(data, reinterpret_cast<size_t>(capacity)); }

}  // namespace

Block allocateBlock(Size bytes, bool zero) {
  size_t size = static_cast<size_t>(bytes.value);
  size_t capacity = (size + kGranule - 1) / kGranule * kGranule;
  if (capacity == 0) capacity = kGranule;
  void* data = cache().take(capacity);
  if (data == nullptr) data = std::aligned_alloc(kAlignment, capacity);
  if (!check(data != nullptr, "could not allocate memory")) return {};
  if (zero) std::memset(data, 0, size);
  return {data, size, capacity};
}
NABLA_EXPORT(allocateBlock, allocateBlock);

int64_t cachedBlockBytes() { return static_cast<int64_t>(cache().cached()); }
NABLA_EXPORT(cachedBlockBytes, cachedBlockBytes);

int64_t releaseBlocks() { return static_cast<int64_t>(cache().release()); }
NABLA_EXPORT(releaseBlocks, releaseBlocks);

namespace binding {

// The block becomes an ArrayBuffer through V8 itself: N-API's external buffers run their
// finalizer on a later turn of the event loop, so a synchronous loop would never get its blocks
// back; V8's deleter runs as the collector frees the buffer. (An N-API value is a V8 handle.)
napi_value write(napi_env, const Block& block) {
  if (block.data == nullptr) return nullptr;
  std::unique_ptr<v8::BackingStore> store = v8::ArrayBuffer::NewBackingStore(
      block.data, block.bytes, returnBlock, reinterpret_cast<void*>(block.capacity));
  v8::Local<v8::Value> buffer = v8::ArrayBuffer::New(v8::Isolate::GetCurrent(), std::move(store));
  napi_value result;
  static_assert(sizeof(result) == sizeof(buffer), "an N-API value is a V8 handle");
  std::memcpy(static_cast<void*>(&result), static_cast<const void*>(&buffer), sizeof(result));
  return result;
}

}  // namespace binding

// NOTE(malloc): every tensor's storage is a JavaScript typed array, which Node allocates with
// calloc and frees when V8 collects it. glibc's defaults hand large freed blocks straight back to
// the system (munmap, or trimming the heap top beyond 128 KB), so the next array of that size
// arrives as fresh pages and pays a page fault per 4 KB on first write: here (a VM) ~40 µs for a
// 64 KB matmul output against 30 µs for the product itself, and about 1 ms per 1.6 MB weight
// gradient. Keeping freed memory in the heap (a high trim threshold, some top padding, and large
// blocks served from the heap rather than mmap) removes those faults; the cost is that a process
// keeps the memory it has used at its peak, as PyTorch's caching allocators do. It changes malloc
// for the whole host process, so it is opt-in: NABLA_MALLOC_TUNING=1 or tuneMalloc() in JavaScript.
bool keepFreedMemory() {
#if defined(__GLIBC__)
  bool ok = mallopt(M_MMAP_THRESHOLD, 32 << 20) == 1;  // the largest glibc accepts on 64-bit
  ok = mallopt(M_TRIM_THRESHOLD, 1 << 30) == 1 && ok;
  ok = mallopt(M_TOP_PAD, 64 << 20) == 1 && ok;
  return ok;
#else
  return false;
#endif
}

// Entry point (see binding.h): whether the settings were applied.
bool keepFreedMemoryEntry() { return keepFreedMemory(); }
NABLA_EXPORT(keepFreedMemory, keepFreedMemoryEntry);

}  // namespace nabla
