import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValueError } from '../errors.js';
import { formatDuration, ProgressBar, type ProgressBarOptions } from './progress-bar.js';

// A stream that keeps what is written, and a clock the test moves by hand (milliseconds).
function setup(options: Partial<ProgressBarOptions> & { total: number; tty?: boolean }) {
  const chunks: string[] = [];
  const clock = { time: 0 };
  // Wide enough that no line here is fitted (the tests of fitting give their own columns).
  const stream = { isTTY: options.tty ?? true, columns: 200, write: (text: string) => chunks.push(text) };
  const bar = new ProgressBar({ stream, now: () => clock.time, ...options });
  return { bar, chunks, clock };
}

test('formatDuration picks the unit', () => {
  assert.equal(formatDuration(3725), '1h02m');
  assert.equal(formatDuration(185), '3m05s');
  assert.equal(formatDuration(14), '14s');
  assert.equal(formatDuration(14.4), '14s');
  assert.equal(formatDuration(0.25), '250ms');
  assert.equal(formatDuration(0), '0ms');
  assert.equal(formatDuration(Number.NaN), '?');
});

test('formatDuration rounds without showing 60 of a unit', () => {
  assert.equal(formatDuration(0.9996), '1s');
  assert.equal(formatDuration(59.7), '1m00s');
  assert.equal(formatDuration(3599.7), '1h00m');
  assert.equal(formatDuration(7199.9), '2h00m');
});

test('the bar fills at 0%, 50% and 100%', () => {
  const { bar, chunks, clock } = setup({ total: 10, width: 10 });
  bar.update(0);
  clock.time = 1000;
  bar.update(5);
  clock.time = 2000;
  bar.update(10);
  assert.deepEqual(chunks, [
    '\r 0/10 [>.........]',
    '\r 5/10 [====>.....] - ETA: 1s',
    '\r10/10 [==========] - 2s 200ms/step',
  ]);
});

test('the line from the Keras example, then done', () => {
  const { bar, chunks, clock } = setup({ total: 469 });
  // 11.949 s for 234 steps: 235 steps to go at 51.06 ms each = 12.0 s
  clock.time = 11949;
  bar.update(234, { loss: 0.2345, accuracy: 0.9312 });
  assert.deepEqual(chunks, [
    '\r234/469 [==============>...............] - ETA: 12s - loss: 0.2345 - accuracy: 0.9312',
  ]);
  clock.time = 14070; // 14.07 s / 469 steps = 30 ms per step
  bar.done({ loss: 0.1234, accuracy: 0.965 });
  assert.deepEqual(chunks.slice(1), [
    '\r469/469 [==============================] - 14s 30ms/step - loss: 0.1234 - accuracy: 0.9650',
    '\n',
  ]);
});

test('ETA in minutes and hours', () => {
  const { bar, chunks, clock } = setup({ total: 1000, width: 4 });
  clock.time = 1000; // 1 s per step, 999 to go
  bar.update(1);
  assert.equal(chunks[0], '\r   1/1000 [>...] - ETA: 16m39s');
  const slow = setup({ total: 10, width: 4 });
  slow.clock.time = 3_600_000; // an hour per step, 9 to go
  slow.bar.update(1);
  assert.equal(slow.chunks[0], '\r 1/10 [>...] - ETA: 9h00m');
});

test('values show 4 decimals, exponents for tiny and huge ones', () => {
  const { bar, chunks } = setup({ total: 2, width: 2 });
  bar.update(1, { a: 0, b: 1e-5, c: -0.5, d: 1234567, e: Number.NaN, f: 12.3456789 });
  assert.equal(
    chunks[0],
    '\r1/2 [>.] - ETA: 0ms - a: 0.0000 - b: 1.0000e-5 - c: -0.5000 - d: 1.2346e+6 - e: NaN - f: 12.3457',
  );
});

test('redraws are throttled to ~10 per second, except the last step', () => {
  const { bar, chunks, clock } = setup({ total: 100, width: 4 });
  const drawnAt: number[] = [];
  for (const [time, step] of [
    [0, 1],
    [50, 2],
    [99, 3],
    [100, 4],
    [150, 5],
    [250, 6],
    [260, 100],
  ] as const) {
    clock.time = time;
    const before = chunks.length;
    bar.update(step);
    if (chunks.length > before) drawnAt.push(step);
  }
  assert.deepEqual(drawnAt, [1, 4, 6, 100]);
});

test('a shorter line wipes the tail of the previous one', () => {
  const { bar, chunks, clock } = setup({ total: 2, width: 2 });
  bar.update(0, { loss: 10 });
  clock.time = 500;
  bar.update(1, { loss: 9 });
  assert.equal(chunks[0], '\r0/2 [>.] - loss: 10.0000');
  assert.equal(chunks[1], '\r1/2 [>.] - ETA: 500ms - loss: 9.0000');
  clock.time = 1000;
  bar.update(2);
  // 36 characters before, 24 now: 12 spaces.
  assert.equal(chunks[2], `\r2/2 [==] - 1s 500ms/step${' '.repeat(12)}`);
});

test('not a TTY: nothing on update, one line on done', () => {
  const { bar, chunks, clock } = setup({ total: 3, width: 3, tty: false });
  for (let step = 0; step <= 3; step++) {
    clock.time = step * 1000;
    bar.update(step, { loss: 1 });
  }
  assert.deepEqual(chunks, []);
  bar.done({ loss: 0.5 });
  assert.deepEqual(chunks, ['3/3 [===] - 3s 1s/step - loss: 0.5000\n']);
});

test('isTTY defaults to the stream, and can be forced', () => {
  const forced = setup({ total: 1, tty: true, isTTY: false });
  forced.bar.update(0);
  assert.deepEqual(forced.chunks, []);
  const fromStream = setup({ total: 1, tty: true });
  fromStream.bar.update(0);
  assert.equal(fromStream.chunks.length, 1);
});

test('per-step time in microseconds for fast steps', () => {
  const { bar, chunks, clock } = setup({ total: 1000, width: 1, tty: false });
  clock.time = 250; // 250 µs per step
  bar.done();
  assert.deepEqual(chunks, ['1000/1000 [=] - 250ms 250us/step\n']);
});

test('done writes once; updates after done are ignored', () => {
  const { bar, chunks } = setup({ total: 1, width: 1 });
  bar.done();
  bar.done();
  bar.update(1);
  assert.equal(chunks.join(''), '\r1/1 [=] - 0ms 0us/step\n');
});

test('bad arguments throw ValueError', () => {
  assert.throws(() => setup({ total: 0 }), ValueError);
  assert.throws(() => setup({ total: 1.5 }), ValueError);
  assert.throws(() => setup({ total: 5, width: 0 }), ValueError);
  const { bar } = setup({ total: 5 });
  assert.throws(() => bar.update(6), /step must be an integer in \[0, 5\], got 6/);
  assert.throws(() => bar.update(-1), ValueError);
});

// A TTY of `columns` characters that keeps what is written.
function terminal(columns: number | undefined) {
  const chunks: string[] = [];
  const clock = { time: 0 };
  const stream = { isTTY: true, columns, write: (text: string) => chunks.push(text) };
  return { stream, chunks, clock, now: () => clock.time };
}

test('on a narrow terminal the bar shrinks so the line fits in columns - 1', () => {
  const t = terminal(40);
  const bar = new ProgressBar({ total: 10, stream: t.stream, now: t.now });
  t.clock.time = 1000;
  bar.update(5, { loss: 0.5 });
  // ' 5/10 [' + bar + '] - ETA: 1s - loss: 0.5000' is 33 characters + the bar; 39 fit: a bar of 6.
  assert.equal(t.chunks[0], '\r 5/10 [==>...] - ETA: 1s - loss: 0.5000');
  assert.equal(t.chunks[0]!.length - 1, 39);
});

test('when even a 5-wide bar does not fit, the line is cut at columns - 1', () => {
  const t = terminal(20);
  const bar = new ProgressBar({ total: 10, stream: t.stream, now: t.now });
  t.clock.time = 1000;
  bar.update(5, { loss: 0.5, accuracy: 0.9 });
  assert.equal(t.chunks[0], '\r 5/10 [==>..] - ETA');
  bar.done({ loss: 0.5 });
  for (const chunk of t.chunks.filter((c) => c !== '\n')) assert.ok(chunk.length - 1 <= 19, chunk);
});

test('a stream without columns is taken as 80 wide; a wide terminal keeps the full bar', () => {
  for (const columns of [undefined, 200]) {
    const t = terminal(columns);
    const bar = new ProgressBar({ total: 4, stream: t.stream, now: t.now });
    t.clock.time = 1000;
    bar.update(4, { loss: 1 });
    assert.equal(t.chunks[0], `\r4/4 [${'='.repeat(30)}] - 1s 250ms/step - loss: 1.0000`);
  }
  const t = terminal(undefined);
  const bar = new ProgressBar({ total: 4, stream: t.stream, now: t.now });
  bar.update(4, { a: 1, b: 2, c: 3, d: 4, e: 5 });
  assert.equal(t.chunks[0]!.length - 1, 79);
});

test('redraws stay on one line (carriage returns, no newline until done)', () => {
  const t = terminal(60);
  const bar = new ProgressBar({ total: 3, stream: t.stream, now: t.now });
  for (let step = 1; step <= 3; step++) {
    t.clock.time = step * 1000;
    bar.update(step, { loss: 1 / step });
  }
  bar.done({ loss: 0.3 });
  const text = t.chunks.join('');
  assert.equal(text.split('\n').length, 2); // one line, then the final newline
  assert.ok(t.chunks.slice(0, -1).every((c) => c.startsWith('\r') && !c.includes('\n')));
});

test('piped (not a TTY): one full-width line per epoch, whatever columns says', () => {
  const chunks: string[] = [];
  const stream = { isTTY: false, columns: 20, write: (text: string) => chunks.push(text) };
  const bar = new ProgressBar({ total: 2, stream, now: () => 0 });
  bar.update(1);
  bar.done({ loss: 0.25, accuracy: 0.5 });
  assert.deepEqual(chunks, [`2/2 [${'='.repeat(30)}] - 0ms 0us/step - loss: 0.2500 - accuracy: 0.5000\n`]);
});
