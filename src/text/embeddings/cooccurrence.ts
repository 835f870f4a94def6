/**
 * Word–word co-occurrence counts for GloVe: two words d positions apart within a window (and
 * within one sentence) add 1/d to X_ij and to X_ji, as the GloVe paper weights them.
 */
import { ValueError } from '../../index.js';

/** The non-zero entries of a symmetric co-occurrence matrix X, each pair once with i ≤ j. */
export interface Cooccurrences {
  rows: Int32Array;
  cols: Int32Array;
  values: Float32Array;
}

const EMPTY = 0xffffffff;
// A key i·V + j must stay below EMPTY in a Uint32: V ≤ 65535.
const MAX_VOCAB = 65535;

/**
 * Counts co-occurrences in sentences given as word ids (`ids`, with sentence s at
 * [starts[s], starts[s + 1])). Only pairs with i ≤ j are stored: the matrix is symmetric.
 * Memory: 8 bytes per hash slot (a Uint32 key and a Float32 value), at most 4/3 of the pairs.
 * @example
 * // one sentence "a b a" (ids 0 1 0), window 2: X_01 = 1 + 1 (two neighbours), X_00 = 2 · 1/2
 * cooccurrenceCounts(Int32Array.from([0, 1, 0]), Int32Array.from([0, 3]), 2, 2);
 * // rows [0, 0], cols [1, 0], values [2, 1] (order not fixed)
 */
export function cooccurrenceCounts(
  ids: Int32Array,
  starts: Int32Array,
  vocabSize: number,
  window: number,
): Cooccurrences {
  if (!Number.isSafeInteger(window) || window < 1)
    throw new ValueError(`cooccurrenceCounts: window must be an integer ≥ 1, got ${window}`);
  if (!Number.isSafeInteger(vocabSize) || vocabSize < 1 || vocabSize > MAX_VOCAB)
    throw new ValueError(
      `cooccurrenceCounts: vocabSize must be an integer in [1, ${MAX_VOCAB}], got ${vocabSize}`,
    );
  const table = new CountTable();
  for (let s = 0; s + 1 < starts.length; s++) {
    const end = starts[s + 1]!;
    for (let p = starts[s]!; p < end; p++) {
      const a = ids[p]!;
      const stop = Math.min(end, p + window + 1);
      for (let q = p + 1; q < stop; q++) {
        const b = ids[q]!;
        // A word next to itself counts from both sides, as X_ii += 1/d twice in GloVe's cooccur.
        table.add(a < b ? a * vocabSize + b : b * vocabSize + a, (a === b ? 2 : 1) / (q - p));
      }
    }
  }
  return table.entries(vocabSize);
}

/** An open-addressing hash table from Uint32 keys to Float32 sums (linear probing). */
class CountTable {
  private keys = new Uint32Array(1 << 16).fill(EMPTY);
  private values = new Float32Array(1 << 16);
  private size = 0;
  // Fibonacci hashing: the top bits of key × 2³²/φ pick the slot.
  private shift = 16;

  add(key: number, value: number): void {
    const mask = this.keys.length - 1;
    let slot = Math.imul(key, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const k = this.keys[slot]!;
      if (k === key) {
        this.values[slot]! += value;
        return;
      }
      if (k === EMPTY) break;
      slot = (slot + 1) & mask;
    }
    this.keys[slot] = key;
    this.values[slot] = value;
    if (++this.size * 4 > this.keys.length * 3) this.grow();
  }

  entries(vocabSize: number): Cooccurrences {
    const rows = new Int32Array(this.size);
    const cols = new Int32Array(this.size);
    const values = new Float32Array(this.size);
    let n = 0;
    this.keys.forEach((key, slot) => {
      if (key === EMPTY) return;
      rows[n] = Math.floor(key / vocabSize);
      cols[n] = key % vocabSize;
      values[n++] = this.values[slot]!;
    });
    return { rows, cols, values };
  }

  private grow(): void {
    const { keys, values } = this;
    this.keys = new Uint32Array(keys.length * 2).fill(EMPTY);
    this.values = new Float32Array(keys.length * 2);
    this.size = 0;
    this.shift--;
    keys.forEach((key, slot) => {
      if (key !== EMPTY) this.add(key, values[slot]!);
    });
  }
}
