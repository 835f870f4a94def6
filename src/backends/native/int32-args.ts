// NOTE(on-heap-args): V8 keeps a typed array of at most 64 bytes inside its JavaScript object and
// gives it memory of its own (an ArrayBuffer) only when something asks for that memory, as every
// addon call does for its array arguments. That late allocation goes through the same check as
// `new ArrayBuffer`: once the young generation's ArrayBuffers hold ≥ 32 MB (a training step's
// activations always do), each such allocation starts a scavenge. A few shape arrays per call were
// ~4 scavenges a step on ResNet-20. So the small integer arrays the kernels pass (shapes, strides,
// window geometry) are a handful of reused arrays that got their memory once, and the CPU
// allocator serves even tiny tensors from the addon's blocks (`BLOCK_MIN_BYTES`).
const slots: Int32Array[][] = [];

/**
 * An Int32Array holding `values` for one addon call: the array kept for `slot` and this length,
 * overwritten by the next call with the same slot, so a kernel wrapper uses one slot per argument.
 * @example
 * int32Arg(0, [2, 3]); // => [2, 3]
 * int32Arg(0, [4, 5]) === int32Arg(0, [6, 7]); // => true
 */
export function int32Arg(slot: number, values: readonly number[]): Int32Array {
  const bySize = slots[slot] ?? [];
  slots[slot] = bySize;
  let array = bySize[values.length];
  if (array === undefined) {
    // An ArrayBuffer of its own from the start (a plain 1-element Int32Array would be on-heap).
    array = new Int32Array(new ArrayBuffer(Math.max(values.length * 4, 128)), 0, values.length);
    bySize[values.length] = array;
  }
  array.set(values);
  return array;
}
