/**
 * Buffered reading and writing of large vector files in bounded memory: a few megabytes of buffer
 * whatever the file's size. Only the vectors themselves are kept.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FileFormatError } from '../../index.js';

const CHUNK = 1 << 20;
const NEWLINE = 10;
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Reads a file forward in chunks, as lines (text formats) or as raw bytes (binary records). */
export class ChunkReader {
  /** The 1-based number of the line `readLine` returned last. */
  line = 0;
  private buffer = new Uint8Array(CHUNK);
  private start = 0;
  private end = 0;
  private eof = false;
  private readonly fd: number;

  constructor(readonly file: string) {
    try {
      this.fd = openSync(file, 'r');
    } catch (e) {
      throw new FileFormatError(file, `cannot be read (${(e as Error).message})`);
    }
  }

  close(): void {
    closeSync(this.fd);
  }

  /** The next line without its `\n` (and `\r`), or undefined at the end of the file. */
  readLine(): string | undefined {
    // `seen` counts the unread bytes already searched, so a long line is scanned once.
    for (let seen = 0; ; ) {
      const at = this.buffer.subarray(this.start + seen, this.end).indexOf(NEWLINE);
      if (at >= 0) return this.takeLine(this.start + seen + at, this.start + seen + at + 1);
      seen = this.end - this.start;
      if (!this.fill()) return this.start === this.end ? undefined : this.takeLine(this.end, this.end);
    }
  }

  /** The bytes up to (not including) the next `stop` byte, which is consumed; undefined at the end. */
  readUntil(stop: number): Uint8Array | undefined {
    for (;;) {
      const at = this.buffer.subarray(this.start, this.end).indexOf(stop);
      if (at >= 0) {
        const bytes = this.buffer.slice(this.start, this.start + at);
        this.start += at + 1;
        return bytes;
      }
      if (!this.fill()) return undefined;
    }
  }

  /** Skips bytes equal to `byte` (the newlines between binary records). */
  skip(byte: number): void {
    for (;;) {
      while (this.start < this.end && this.buffer[this.start] === byte) this.start++;
      if (this.start < this.end || !this.fill()) return;
    }
  }

  /** Copies the next `out.byteLength` bytes into `out`; false if the file ends first. */
  readBytes(out: Uint8Array): boolean {
    let filled = 0;
    while (filled < out.length) {
      if (this.start === this.end && !this.fill()) return false;
      const n = Math.min(out.length - filled, this.end - this.start);
      out.set(this.buffer.subarray(this.start, this.start + n), filled);
      this.start += n;
      filled += n;
    }
    return true;
  }

  private takeLine(lineEnd: number, next: number): string {
    let stop = lineEnd;
    if (stop > this.start && this.buffer[stop - 1] === 13) stop--;
    this.line++;
    let text: string;
    try {
      text = decoder.decode(this.buffer.subarray(this.start, stop));
    } catch {
      throw new FileFormatError(this.file, `line ${this.line}: not valid UTF-8`);
    }
    this.start = next;
    return text;
  }

  /** Reads more of the file behind the unread bytes; false at the end of the file. */
  private fill(): boolean {
    if (this.eof) return false;
    const unread = this.end - this.start;
    if (this.start > 0) this.buffer.copyWithin(0, this.start, this.end);
    else if (unread === this.buffer.length) {
      // A line longer than the buffer: grow it (a 300-number line is a few kilobytes).
      const bigger = new Uint8Array(this.buffer.length * 2);
      bigger.set(this.buffer);
      this.buffer = bigger;
    }
    this.start = 0;
    this.end = unread;
    const n = readSync(this.fd, this.buffer, this.end, this.buffer.length - this.end, null);
    if (n === 0) this.eof = true;
    this.end += n;
    return n > 0;
  }
}

/**
 * Writes a file through a buffer into a temporary file beside it, renamed over `file` only when
 * everything is written and flushed, so a failed write never leaves half a file.
 */
export class AtomicWriter {
  private readonly temp: string;
  private readonly fd: number;
  private buffer = new Uint8Array(CHUNK);
  private used = 0;
  private readonly encoder = new TextEncoder();

  constructor(readonly file: string) {
    this.temp = join(
      dirname(file),
      `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
    );
    this.fd = openSync(this.temp, 'wx', 0o644);
  }

  text(s: string): void {
    this.bytes(this.encoder.encode(s));
  }

  bytes(data: Uint8Array): void {
    if (this.used + data.length > this.buffer.length) this.flush();
    if (data.length > this.buffer.length) this.writeAll(data);
    else {
      this.buffer.set(data, this.used);
      this.used += data.length;
    }
  }

  /** Flushes, syncs and renames the file into place. */
  finish(): void {
    try {
      this.flush();
      fsyncSync(this.fd);
    } finally {
      closeSync(this.fd);
    }
    renameSync(this.temp, this.file);
  }

  /** Closes and removes the temporary file after a failure. */
  abort(): void {
    try {
      closeSync(this.fd);
    } catch {}
    try {
      unlinkSync(this.temp);
    } catch {}
  }

  private flush(): void {
    this.writeAll(this.buffer.subarray(0, this.used));
    this.used = 0;
  }

  private writeAll(data: Uint8Array): void {
    let written = 0;
    while (written < data.length) written += writeSync(this.fd, data, written, data.length - written);
  }
}

/** Runs `write` on an AtomicWriter for `file`, removing the temporary file if it throws. */
export function writeAtomically(file: string, write: (out: AtomicWriter) => void): void {
  const out = new AtomicWriter(file);
  try {
    write(out);
  } catch (e) {
    out.abort();
    throw e;
  }
  out.finish();
}

/** The shortest decimal that reads back as the same float32 (e.g. 0.1, not 0.10000000149). */
export function formatFloat32(x: number): string {
  for (let digits = 1; digits < 9; digits++) {
    const s = x.toPrecision(digits);
    if (Math.fround(Number(s)) === x) return String(Number(s));
  }
  return String(Number(x.toPrecision(9)));
}
