/**
 * An ArrayBuffer of `byteLength` bytes whose contents are unspecified, for arrays a kernel
 * overwrites completely: Node's `Buffer.allocUnsafeSlow` skips the zero-fill that `new
 * ArrayBuffer` pays (a memset of every byte); elsewhere it is a plain, zeroed ArrayBuffer.
 * @example
 * new Float32Array(uninitializedBuffer(16)); // 4 floats of whatever the memory held
 */
export function uninitializedBuffer(byteLength: number): ArrayBuffer {
  const nodeBuffer = (
    globalThis as {
      Buffer?: { allocUnsafeSlow(size: number): { buffer: ArrayBufferLike; byteLength: number } };
    }
  ).Buffer;
  if (nodeBuffer) {
    const b = nodeBuffer.allocUnsafeSlow(byteLength);
    // A slow (unpooled) Buffer owns its whole ArrayBuffer.
    if (b.buffer instanceof ArrayBuffer && b.buffer.byteLength === byteLength) return b.buffer;
  }
  return new ArrayBuffer(byteLength);
}
