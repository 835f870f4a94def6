import type { Memory, TypedArray } from '../backends/types.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * Which storages the engine's pending gradients use, so that a gradient's storage goes back to
 * the buffer pool the moment its last holder is done with it: the backend's allocator takes it back. Only storages allocated during
 * this backward pass (`fresh`) are ever recycled: a forward activation, a user's seed or any
 * tensor made before the pass may still be read by someone. Storages of gradients handed out
 * (leaves' `.grad`, retained ones) are never recycled.
 */
export class GradientLedger {
  readonly fresh = new Set<TypedArray>();
  private readonly holders = new Map<TypedArray, number>();
  private readonly handedOut = new Set<TypedArray>();

  constructor(
    private readonly memory: Memory,
    private readonly enabled: boolean,
  ) {}

  /** A pending gradient starts using `g`'s storage. */
  hold(g: Tensor): void {
    if (!this.enabled || !this.fresh.has(g.storage)) return;
    this.holders.set(g.storage, (this.holders.get(g.storage) ?? 0) + 1);
  }

  /** `g` leaves the engine as a result: its storage must outlive the pass. */
  handOut(g: Tensor): void {
    this.handedOut.add(g.storage);
  }

  /** A holder of `g` is done with it; the storage is recycled when nothing else holds it. */
  drop(g: Tensor): void {
    this.release(g, true);
  }

  /** `g` was made and consumed without ever being held (e.g. a summand folded into a sum). */
  discard(g: Tensor): void {
    this.release(g, false);
  }

  private release(g: Tensor, held: boolean): void {
    const s = g.storage;
    if (!this.enabled || !this.fresh.has(s) || this.handedOut.has(s)) return;
    const left = (this.holders.get(s) ?? 0) - (held ? 1 : 0);
    if (left > 0) {
      this.holders.set(s, left);
      return;
    }
    this.holders.delete(s);
    this.fresh.delete(s);
    this.memory.reclaim(s);
  }
}
