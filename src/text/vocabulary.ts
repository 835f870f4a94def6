import { oneHot, type Tensor, tensor, ValueError } from '../index.js';

/** Options of `Vocabulary.fromTokens`. */
export interface VocabularyOptions {
  /** Tokens seen fewer times than this are left out (they encode as `<UNK>`). Default 1. */
  minFrequency?: number;
  /** The largest vocabulary, specials included; the rarest tokens are dropped first. */
  maxSize?: number;
  /** Tokens that get the first ids, in this order. Default `['<PAD>', '<UNK>', '<BOS>', '<EOS>']`. */
  specials?: readonly string[];
  /** The token unknown tokens map to; it must be among the specials. Default `'<UNK>'`. */
  unkToken?: string;
}

/** The JSON form of a vocabulary: its tokens in id order and its unknown token. */
export interface VocabularyJSON {
  tokens: string[];
  unkToken: string | null;
}

/** The specials every vocabulary gets unless told otherwise. */
export const DEFAULT_SPECIALS: readonly string[] = ['<PAD>', '<UNK>', '<BOS>', '<EOS>'];

/**
 * A two-way map between tokens and integer ids. Built from a token list by frequency (most
 * frequent first, ties broken by first appearance, so the same text always gives the same ids).
 * @example
 * const vocab = Vocabulary.fromTokens(['a', 'b', 'a']);
 * vocab.idOf('a'); // => 4
 * vocab.decode(vocab.encodeIds(['a', 'z'])); // => ['a', '<UNK>']
 */
export class Vocabulary {
  private readonly tokens: readonly string[];
  private readonly ids: ReadonlyMap<string, number>;
  /** The id unknown tokens encode to, or undefined when the vocabulary has no unknown token. */
  readonly unkId: number | undefined;

  private constructor(tokens: readonly string[], unkToken: string | null) {
    const ids = new Map<string, number>();
    tokens.forEach((t, i) => {
      if (ids.has(t))
        throw new ValueError(`Vocabulary: token '${t}' appears twice (ids ${ids.get(t)} and ${i})`);
      ids.set(t, i);
    });
    if (unkToken !== null && !ids.has(unkToken))
      throw new ValueError(`Vocabulary: unkToken '${unkToken}' is not one of the tokens`);
    this.tokens = tokens;
    this.ids = ids;
    this.unkId = unkToken === null ? undefined : ids.get(unkToken);
  }

  /**
   * Counts `tokens` and keeps the specials, then the tokens seen at least `minFrequency` times,
   * most frequent first, up to `maxSize` in all.
   * @example
   * Vocabulary.fromTokens([...'hello'], { specials: ['<UNK>'] }).size; // => 5
   */
  static fromTokens(tokens: Iterable<string>, options: VocabularyOptions = {}): Vocabulary {
    const { minFrequency = 1, maxSize = Number.POSITIVE_INFINITY, specials = DEFAULT_SPECIALS } = options;
    const unkToken = options.unkToken ?? '<UNK>';
    if (!(minFrequency >= 1))
      throw new ValueError(`Vocabulary.fromTokens: minFrequency must be ≥ 1, got ${minFrequency}`);
    if (!(maxSize >= specials.length))
      throw new ValueError(
        `Vocabulary.fromTokens: maxSize (${maxSize}) must hold the ${specials.length} specials`,
      );
    if (options.unkToken !== undefined && !specials.includes(unkToken))
      throw new ValueError(`Vocabulary.fromTokens: unkToken '${unkToken}' must be one of the specials`);
    // A Map keeps first-appearance order, and Array.prototype.sort is stable: ties stay in it.
    const counts = new Map<string, number>();
    for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
    const reserved = new Set(specials);
    const ranked = [...counts]
      .filter(([t, n]) => n >= minFrequency && !reserved.has(t))
      .sort((a, b) => b[1] - a[1])
      .slice(0, maxSize - specials.length)
      .map(([t]) => t);
    return new Vocabulary([...specials, ...ranked], specials.includes(unkToken) ? unkToken : null);
  }

  /**
   * Rebuilds a vocabulary from `toJSON()`'s output (an object or its JSON text).
   * @example
   * const vocab = Vocabulary.fromTokens(['a', 'b', 'a']);
   * Vocabulary.fromJSON(JSON.stringify(vocab)).size === vocab.size; // => true
   */
  static fromJSON(json: VocabularyJSON | string): Vocabulary {
    const value: unknown = typeof json === 'string' ? JSON.parse(json) : json;
    const v = value as Partial<VocabularyJSON> | null;
    if (
      typeof v !== 'object' ||
      v === null ||
      !Array.isArray(v.tokens) ||
      !v.tokens.every((t) => typeof t === 'string') ||
      !(v.unkToken === null || typeof v.unkToken === 'string')
    )
      throw new ValueError('Vocabulary.fromJSON: expected { tokens: string[], unkToken: string | null }');
    return new Vocabulary([...v.tokens], v.unkToken);
  }

  /** The number of tokens, specials included. */
  get size(): number {
    return this.tokens.length;
  }

  /** Whether `token` has an id of its own. */
  has(token: string): boolean {
    return this.ids.has(token);
  }

  /**
   * The id of `token`; an unknown token gets `unkId` (an error if there is none).
   * @example
   * const vocab = Vocabulary.fromTokens(['a', 'b', 'a']);
   * vocab.idOf('<PAD>'); // => 0
   */
  idOf(token: string): number {
    const id = this.ids.get(token) ?? this.unkId;
    if (id === undefined)
      throw new ValueError(
        `Vocabulary.idOf: token '${token}' is unknown and the vocabulary has no unknown token`,
      );
    return id;
  }

  /**
   * The token with id `id`.
   * @example
   * const vocab = Vocabulary.fromTokens(['a', 'b', 'a']);
   * vocab.tokenOf(1); // => '<UNK>'
   */
  tokenOf(id: number): string {
    const token = Number.isInteger(id) ? this.tokens[id] : undefined;
    if (token === undefined)
      throw new ValueError(
        `Vocabulary.tokenOf: id ${id} is out of range for a vocabulary of ${this.size} tokens`,
      );
    return token;
  }

  /**
   * The ids of `tokens` as numbers.
   * @example
   * const vocab = Vocabulary.fromTokens(['a', 'b', 'a']);
   * vocab.encodeIds(['a', 'a']); // => [4, 4]
   */
  encodeIds(tokens: readonly string[]): number[] {
    return tokens.map((t) => this.idOf(t));
  }

  /**
   * The ids of `tokens` as an int32 tensor `[tokens.length]`.
   * @example
   * const vocab = Vocabulary.fromTokens(['a', 'b', 'a']);
   * vocab.encode(['a', 'b']); // => [4, 5]
   */
  encode(tokens: readonly string[]): Tensor {
    return tensor(Int32Array.from(this.encodeIds(tokens)));
  }

  /**
   * The tokens of `ids` (a number list or an int tensor of any shape, read in row-major order).
   * @example
   * const vocab = Vocabulary.fromTokens(['a', 'b', 'a']);
   * vocab.decode([4, 5]); // => ['a', 'b']
   */
  decode(ids: readonly number[] | Tensor): string[] {
    const list = Array.isArray(ids) ? ids : Array.from((ids as Tensor).data());
    return list.map((id) => this.tokenOf(id));
  }

  /**
   * One-hot rows `[tokens.length, size]` (float32) for `tokens`, or for an int32 tensor of ids.
   * @example
   * const vocab = Vocabulary.fromTokens(['a', 'b', 'a']);
   * vocab.oneHot(['a']).shape; // => [1, 6]
   */
  oneHot(tokens: readonly string[] | Tensor): Tensor {
    return oneHot(Array.isArray(tokens) ? this.encode(tokens) : (tokens as Tensor), this.size);
  }

  /** The tokens in id order and the unknown token, for `JSON.stringify`. */
  toJSON(): VocabularyJSON {
    return { tokens: [...this.tokens], unkToken: this.unkId === undefined ? null : this.tokens[this.unkId]! };
  }
}
