// A new Int32Array per call is an allocation V8 makes itself: past 64 bytes (a window geometry's
// 18 integers) each one started a scavenge while a training step's activations were young, and a
// smaller one is read by copy in the addon (NOTE(on-heap-args) in native/binding.cc). So the
// integer arguments the kernel wrappers pass are a handful of arrays made once and reused.
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
