/**
 * A Keras-style progress bar for training loops:
 *
 * ```
 * 234/469 [==============>...............] - ETA: 12s - loss: 0.2345 - accuracy: 0.9312
 * 469/469 [==============================] - 14s 30ms/step - loss: 0.1234 - accuracy: 0.9650
 * ```
 *
 * On a terminal it redraws one line in place; in a log file (not a TTY) it writes only the final
 * line, so logs are not flooded with a thousand partial bars.
 */
import { ValueError } from '../errors.js';

/** Where the bar writes: `process.stdout` or anything with a `write(text)`. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface ProgressBarOptions {
  /** Steps in the epoch. */
  total: number;
  stream?: ProgressStream;
  /** Characters between the brackets. */
  width?: number;
  /** Redraw in place; defaults to `stream.isTTY`. */
  isTTY?: boolean;
  /** Clock in milliseconds, injectable for tests. */
  now?: () => number;
}

// Redrawing a terminal line costs far more than a small training step; 10 frames a second is smooth.
const MIN_REDRAW_MS = 100;

/**
 * @example
 * const bar = new ProgressBar({ total: 469 });
 * for (let step = 1; step <= 469; step++) bar.update(step, { loss: 0.25 });
 * bar.done({ loss: 0.25, accuracy: 0.93 });
 */
export class ProgressBar {
  readonly total: number;
  readonly width: number;
  private readonly stream: ProgressStream;
  private readonly isTTY: boolean;
  private readonly now: () => number;
  private readonly start: number;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private lastLength = 0;
  private finished = false;

  constructor({
    total,
    stream = process.stdout,
    width = 30,
    isTTY,
    now = () => performance.now(),
  }: ProgressBarOptions) {
    if (!Number.isSafeInteger(total) || total < 1)
      throw new ValueError(`ProgressBar: total must be a positive integer, got ${total}`);
    if (!Number.isSafeInteger(width) || width < 1)
      throw new ValueError(`ProgressBar: width must be a positive integer, got ${width}`);
    this.total = total;
    this.width = width;
    this.stream = stream;
    this.isTTY = isTTY ?? stream.isTTY === true;
    this.now = now;
    this.start = now();
  }

  /** Shows `step` of `total` steps done (redrawn at most ~10 times a second, the last step always). */
  update(step: number, values: Record<string, number> = {}): void {
    if (!Number.isSafeInteger(step) || step < 0 || step > this.total) {
      throw new ValueError(`ProgressBar.update: step must be an integer in [0, ${this.total}], got ${step}`);
    }
    if (!this.isTTY || this.finished) return;
    const time = this.now();
    if (step < this.total && time - this.lastDraw < MIN_REDRAW_MS) return;
    this.lastDraw = time;
    this.draw(this.line(step, time, values));
  }

  /** Ends the bar with the total time, the time per step and the final `values`. */
  done(values: Record<string, number> = {}): void {
    if (this.finished) return;
    this.finished = true;
    const line = this.line(this.total, this.now(), values);
    if (this.isTTY) {
      this.draw(line);
      this.stream.write('\n');
    } else {
      this.stream.write(`${line}\n`);
    }
  }

  private line(step: number, time: number, values: Record<string, number>): string {
    const seconds = (time - this.start) / 1000;
    const counter = `${String(step).padStart(String(this.total).length)}/${this.total}`;
    let timing = '';
    if (step === this.total) timing = ` - ${formatDuration(seconds)} ${formatStepTime(seconds / step)}`;
    else if (step > 0) timing = ` - ETA: ${formatDuration((seconds / step) * (this.total - step))}`;
    const shown = Object.entries(values).map(([name, value]) => ` - ${name}: ${formatValue(value)}`);
    return `${counter} [${this.bar(step)}]${timing}${shown.join('')}`;
  }

  private bar(step: number): string {
    if (step === this.total) return '='.repeat(this.width);
    // Rounded, but never a full bar before the end: the head '>' marks a running epoch.
    const filled = Math.min(Math.round((this.width * step) / this.total), this.width - 1);
    return `${'='.repeat(Math.max(filled - 1, 0))}>${'.'.repeat(this.width - Math.max(filled, 1))}`;
  }

  private draw(line: string): void {
    // Spaces wipe the tail of a longer previous line (values can shrink, e.g. 10.0000 -> 9.0000).
    this.stream.write(`\r${line}${' '.repeat(Math.max(this.lastLength - line.length, 0))}`);
    this.lastLength = line.length;
  }
}

/**
 * A short human duration: `'1h02m'`, `'3m05s'`, `'14s'`, `'250ms'`.
 *
 * @example
 * formatDuration(185); // => '3m05s'
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(seconds, 0);
  // Each branch rounds to its own unit first, so 59.7 s reads '1m00s', never '60s'.
  if (Math.round(s * 1000) < 1000) return `${Math.round(s * 1000)}ms`;
  if (Math.round(s) < 60) return `${Math.round(s)}s`;
  if (Math.round(s) < 3600) return `${Math.floor(Math.round(s) / 60)}m${pad2(Math.round(s) % 60)}s`;
  const minutes = Math.round(s / 60);
  return `${Math.floor(minutes / 60)}h${pad2(minutes % 60)}m`;
}

function formatStepTime(seconds: number): string {
  const micros = Math.round(seconds * 1e6);
  if (micros < 1000) return `${micros}us/step`;
  const millis = Math.round(seconds * 1e3);
  if (millis < 1000) return `${millis}ms/step`;
  return `${Math.round(seconds)}s/step`;
}

// Four decimals, as Keras shows them; exponent notation where fixed would show 0.0000 or a long number.
function formatValue(value: number): string {
  const magnitude = Math.abs(value);
  if (value === 0 || !Number.isFinite(value) || (magnitude >= 1e-3 && magnitude < 1e6))
    return value.toFixed(4);
  return value.toExponential(4);
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
