/**
 * The word-vector file formats other tools read and write:
 * - word2vec text: a header line "<count> <dim>", then one line per word, "word v1 v2 … v_dim";
 * - word2vec binary: the same header, then per word its UTF-8 bytes, a space, and dim
 *   little-endian float32s (the original tool ends each record with a newline; gensim does not;
 *   both are read);
 * - GloVe text: the word2vec text format without the header.
 * Files are read and written in chunks: memory holds the vectors and a small buffer.
 */
import { FileFormatError } from '../../index.js';
import { type AtomicWriter, ChunkReader, formatFloat32, writeAtomically } from './file-stream.js';
import { KeyedVectors } from './keyed-vectors.js';

/** Options of `readWord2vec`. */
export interface ReadWord2vecOptions {
  /** The binary format (default: when the file name ends in `.bin`). */
  binary?: boolean;
  /** Read only the first `limit` vectors (published files put the most frequent words first). */
  limit?: number;
}

/** Options of `writeWord2vec`. */
export interface WriteWord2vecOptions {
  /** The binary format (default: when the file name ends in `.bin`). */
  binary?: boolean;
}

/**
 * Reads a word2vec file, text or binary. Malformed input is a FileFormatError naming the file and
 * the line (text) or the record (binary).
 * @example
 * const kv = new KeyedVectors(['a', 'b'], new Float32Array([1, 2, 3, 4]));
 * writeWord2vec(kv, 'vectors.txt');
 * readWord2vec('vectors.txt').vector('b'); // => [3, 4]
 */
export function readWord2vec(file: string, options: ReadWord2vecOptions = {}): KeyedVectors {
  const binary = options.binary ?? file.endsWith('.bin');
  const reader = new ChunkReader(file);
  try {
    const header = reader.readLine();
    const parts = header?.trim().split(/\s+/) ?? [];
    const [count, dim] = parts.map(Number) as [number, number];
    if (parts.length !== 2 || !isCount(count) || !isCount(dim))
      throw new FileFormatError(
        file,
        `line 1: expected the header "<count> <dimensions>", got '${header ?? ''}'`,
      );
    const n = Math.min(count, options.limit ?? count);
    const table = new VectorTable(file, dim, n);
    if (binary) readBinaryRecords(reader, table, n, count);
    else readTextLines(reader, table, n, count);
    return table.done();
  } finally {
    reader.close();
  }
}

/**
 * Writes `kv` in the word2vec text or binary format (atomically: the file appears whole or not
 * at all). Text numbers are the shortest decimals that read back as the same float32.
 * @example
 * const kv = new KeyedVectors(['a', 'b'], new Float32Array([0.5, 1, -2, 0.25]));
 * writeWord2vec(kv, 'vectors.bin'); // binary, from the extension
 */
export function writeWord2vec(kv: KeyedVectors, file: string, options: WriteWord2vecOptions = {}): void {
  const binary = options.binary ?? file.endsWith('.bin');
  writeAtomically(file, (out) => {
    out.text(`${kv.count} ${kv.dim}\n`);
    for (let i = 0; i < kv.count; i++) {
      const row = kv.vectors.subarray(i * kv.dim, (i + 1) * kv.dim);
      if (binary) {
        checkWord(out, kv.words[i]!);
        out.text(`${kv.words[i]} `);
        const bytes = new Uint8Array(kv.dim * 4);
        const view = new DataView(bytes.buffer);
        for (let j = 0; j < kv.dim; j++) view.setFloat32(j * 4, row[j]!, true);
        out.bytes(bytes);
        out.text('\n');
      } else writeTextLine(out, kv.words[i]!, row);
    }
  });
}

/**
 * Reads a GloVe text file: "word v1 … v_dim" lines, no header; the first line sets dim.
 * @example
 * const kv = new KeyedVectors(['a', 'b'], new Float32Array([1, 2, 3, 4]));
 * writeGlove(kv, 'glove.txt');
 * readGlove('glove.txt').words; // => ['a', 'b']
 */
export function readGlove(file: string, options: { limit?: number } = {}): KeyedVectors {
  const reader = new ChunkReader(file);
  try {
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    let table: VectorTable | undefined;
    for (
      let line = reader.readLine();
      line !== undefined && (table?.size ?? 0) < limit;
      line = reader.readLine()
    ) {
      if (line.trim() === '') continue;
      const tokens = line.trimEnd().split(' ');
      table ??= new VectorTable(file, tokens.length - 1, 1024, true);
      table.addTokens(tokens, reader.line);
    }
    return (table ?? new VectorTable(file, 0, 0)).done();
  } finally {
    reader.close();
  }
}

/**
 * Writes `kv` in the GloVe text format (atomically).
 * @example
 * const kv = new KeyedVectors(['a'], new Float32Array([0.5, -1]));
 * writeGlove(kv, 'glove.txt'); // "a 0.5 -1\n"
 */
export function writeGlove(kv: KeyedVectors, file: string): void {
  writeAtomically(file, (out) => {
    for (let i = 0; i < kv.count; i++)
      writeTextLine(out, kv.words[i]!, kv.vectors.subarray(i * kv.dim, (i + 1) * kv.dim));
  });
}

function checkWord(out: AtomicWriter, word: string): void {
  if (/\s/.test(word) || word === '')
    throw new FileFormatError(
      out.file,
      `the word '${word}' cannot be written: it is empty or holds whitespace`,
    );
}

function writeTextLine(out: AtomicWriter, word: string, row: Float32Array): void {
  checkWord(out, word);
  let line = word;
  for (let j = 0; j < row.length; j++) line += ` ${formatFloat32(row[j]!)}`;
  out.text(`${line}\n`);
}

function isCount(x: number): boolean {
  return Number.isSafeInteger(x) && x >= 0;
}

function readTextLines(reader: ChunkReader, table: VectorTable, n: number, count: number): void {
  while (table.size < n) {
    const line = reader.readLine();
    if (line === undefined)
      throw new FileFormatError(
        reader.file,
        `the header promises ${count} vectors, the file ends after ${table.size}`,
      );
    if (line.trim() === '') continue;
    table.addTokens(line.trimEnd().split(' '), reader.line);
  }
  if (n < count) return;
  for (let line = reader.readLine(); line !== undefined; line = reader.readLine())
    if (line.trim() !== '')
      throw new FileFormatError(reader.file, `line ${reader.line}: more vectors than the header's ${count}`);
}

function readBinaryRecords(reader: ChunkReader, table: VectorTable, n: number, count: number): void {
  const bytes = new Uint8Array(table.dim * 4);
  const view = new DataView(bytes.buffer);
  const values = new Float32Array(table.dim);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let i = 0; i < n; i++) {
    reader.skip(10);
    const wordBytes = reader.readUntil(32);
    if (wordBytes === undefined || !reader.readBytes(bytes))
      throw new FileFormatError(
        reader.file,
        `record ${i + 1}: the file ends inside it (the header promises ${count})`,
      );
    let word: string;
    try {
      word = decoder.decode(wordBytes);
    } catch {
      throw new FileFormatError(reader.file, `record ${i + 1}: the word is not valid UTF-8`);
    }
    for (let j = 0; j < table.dim; j++) values[j] = view.getFloat32(j * 4, true);
    table.add(word, values, `record ${i + 1}`);
  }
  reader.skip(10);
  if (n === count && reader.readUntil(32) !== undefined)
    throw new FileFormatError(reader.file, `record ${count + 1}: more vectors than the header's ${count}`);
}

/** The vectors read so far, in one array that grows by doubling when the count is unknown. */
class VectorTable {
  size = 0;
  private words: string[] = [];
  private seen = new Map<string, string>();
  private data: Float32Array;
  private readonly parsed: Float32Array;

  constructor(
    readonly file: string,
    readonly dim: number,
    capacity: number,
    private readonly growable = false,
  ) {
    if (growable && dim <= 0) throw new FileFormatError(file, 'line 1: expected a word followed by numbers');
    this.data = new Float32Array(capacity * dim);
    this.parsed = new Float32Array(dim);
  }

  /** Adds a text line's tokens: the word, then exactly dim numbers. */
  addTokens(tokens: string[], line: number): void {
    if (tokens.length !== this.dim + 1)
      throw new FileFormatError(
        this.file,
        `line ${line}: expected a word and ${this.dim} numbers, got ${tokens.length - 1} numbers`,
      );
    for (let j = 0; j < this.dim; j++) {
      const token = tokens[j + 1]!;
      const x = Number(token);
      if (token === '' || !Number.isFinite(x))
        throw new FileFormatError(this.file, `line ${line}: '${token}' is not a number`);
      this.parsed[j] = x;
    }
    this.add(tokens[0]!, this.parsed, `line ${line}`);
  }

  add(word: string, values: Float32Array, where: string): void {
    const first = this.seen.get(word);
    if (first !== undefined)
      throw new FileFormatError(this.file, `${where}: the word '${word}' already came on ${first}`);
    this.seen.set(word, where);
    if ((this.size + 1) * this.dim > this.data.length) {
      const bigger = new Float32Array(Math.max(this.data.length * 2, this.dim * 1024));
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data.set(values, this.size * this.dim);
    this.words.push(word);
    this.size++;
  }

  done(): KeyedVectors {
    const vectors = this.growable ? this.data.slice(0, this.size * this.dim) : this.data;
    return new KeyedVectors(this.words, vectors, this.dim);
  }
}
