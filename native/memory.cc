#include "binding.h"
#include "memory.h"

#include <v8.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>


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
constexpr size_t kCacheLimit = size_t{512} << 20;

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

// NOTE(gc-pressure): V8 counts every new ArrayBuffer's bytes as external memory and collects
// garbage each time that count has grown by 64 MB. A recycled block adds nothing to the process's
// memory, yet a training step that allocates ~0.5 GB of activations from recycled blocks paid ~8
// collections for it (~15% of a transformer step on one thread, plus background threads that a
// second compute thread then competes with). So a buffer on a recycled block is left out of the
// count (its bytes subtracted again as it is created), up to kUncountedLimit bytes of such buffers
// alive at once, which bounds the garbage a collection may find beyond V8's own allowance. V8
// still subtracts the bytes when it frees the buffer (on a sweeper thread): the deleter notes them
// as owed, and the next block made on the JavaScript thread adds them back. The limit trades
// memory for collections: 128 MB → 256 MB (and the free list 256 → 512 MB) took ResNet-20's
// training step at one thread from 270 to 251 ms (fewer collections, and fewer background GC
// threads taking a core from the pool at two threads) for ~110 MB more resident memory; 512 MB
// gained 3% more for another ~270 MB (bench/NOTES.md, session 10).
constexpr int64_t kUncountedLimit = int64_t{256} << 20;
std::atomic<int64_t> uncounted{0};  // bytes of live buffers left out of V8's count
std::atomic<int64_t> owed{0};       // bytes V8 subtracted for them once freed, to add back

// The deleter's data: the block's capacity (a multiple of kGranule), its low bit set when the
// buffer was left out of V8's count.
void returnBlock(void* data, size_t bytes, void* tag) {
  const size_t word = reinterpret_cast<size_t>(tag);
  if ((word & 1) != 0) {
    uncounted.fetch_sub(static_cast<int64_t>(bytes));
    owed.fetch_add(static_cast<int64_t>(bytes));
  }
  cache().give(data, word & ~size_t{1});
}

}  // namespace

Block allocateBlock(Size bytes, bool zero) {
  size_t size = static_cast<size_t>(bytes.value);
  const size_t granule = size < kGranule ? kAlignment : kGranule;
  size_t capacity = (size + granule - 1) / granule * granule;
  if (capacity == 0) capacity = kAlignment;
  void* data = cache().take(capacity);
  const bool recycled = data != nullptr;
  if (data == nullptr) data = std::aligned_alloc(kAlignment, capacity);
  if (!check(data != nullptr, "could not allocate memory")) return {};
  if (zero) std::memset(data, 0, size);
  return {data, size, capacity, recycled};
}
NABLA_EXPORT(allocateBlock, allocateBlock);

int64_t cachedBlockBytes() { return static_cast<int64_t>(cache().cached()); }
NABLA_EXPORT(cachedBlockBytes, cachedBlockBytes);

int64_t releaseBlocks() { return static_cast<int64_t>(cache().release()); }
NABLA_EXPORT(releaseBlocks, releaseBlocks);

// V8's external-memory count, whose growth starts collections (NOTE(gc-pressure)).
int64_t externalMemoryCount() { return v8::Isolate::GetCurrent()->AdjustAmountOfExternalAllocatedMemory(0); }
NABLA_EXPORT(externalMemoryCount, externalMemoryCount);

// NOTE(young-bytes): V8 starts a scavenge whenever it allocates an ArrayBuffer itself while the
// young generation's ArrayBuffers hold ≥ 32 MB, which a training step's activations always do.
// The CPU allocator (src/backends/cpu/memory.ts) avoids that by making even small arrays on blocks
// then, but only then: blocks never start a scavenge, and a small workload that made all its
// arrays on blocks collected its garbage in fewer, later and slower full collections (LeNet's
// step had slow phases of +40%). To tell when, it counts the bytes it made since the
// collections this callback counts, in an array it owns and hands over once.
int32_t* collections = nullptr;

void countCollection(v8::Isolate*, v8::GCType, v8::GCCallbackFlags) {
  if (collections != nullptr) collections[0] += 1;
}

void countCollections(I32 counter) {
  if (!check(counter.length >= 1, "counter must hold one element")) return;
  if (collections == nullptr) v8::Isolate::GetCurrent()->AddGCEpilogueCallback(countCollection);
  collections = counter.data;
}
NABLA_EXPORT(countCollections, countCollections);

namespace binding {

// The block becomes an ArrayBuffer through V8 itself: N-API's external buffers run their
// finalizer on a later turn of the event loop, so a synchronous loop would never get its blocks
// back; V8's deleter runs as the collector frees the buffer. (An N-API value is a V8 handle.)
napi_value write(napi_env, const Block& block) {
  if (block.data == nullptr) return nullptr;
  v8::Isolate* isolate = v8::Isolate::GetCurrent();
  if (const int64_t back = owed.exchange(0); back != 0) isolate->AdjustAmountOfExternalAllocatedMemory(back);
  const int64_t bytes = static_cast<int64_t>(block.bytes);
  const bool uncount = block.recycled && bytes > 0 && uncounted.fetch_add(bytes) + bytes <= kUncountedLimit;
  if (block.recycled && bytes > 0 && !uncount) uncounted.fetch_sub(bytes);
  std::unique_ptr<v8::BackingStore> store = v8::ArrayBuffer::NewBackingStore(
      block.data, block.bytes, returnBlock, reinterpret_cast<void*>(block.capacity | (uncount ? 1 : 0)));
  v8::Local<v8::Value> buffer = v8::ArrayBuffer::New(isolate, std::move(store));
  if (uncount) isolate->AdjustAmountOfExternalAllocatedMemory(-bytes);
  napi_value result;
  static_assert(sizeof(result) == sizeof(buffer), "an N-API value is a V8 handle");
  std::memcpy(static_cast<void*>(&result), static_cast<const void*>(&buffer), sizeof(result));
  return result;
}

}  // namespace binding

}  // namespace nabla
