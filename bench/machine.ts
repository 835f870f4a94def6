/**
 * What the benchmark harness needs to know about the machine it runs on: whether the CPU has
 * AVX-512, and whether something else is keeping the cores busy (a build, a test run), which
 * would make every number low. Linux only (`/proc`); elsewhere the answers are "no" and "unknown".
 */

import { readFileSync } from 'node:fs';

/** True when the CPU reports AVX-512F (read from /proc/cpuinfo; false where it does not exist). */
export function hasAvx512(): boolean {
  try {
    return /\bavx512f\b/.test(readFileSync('/proc/cpuinfo', 'utf8'));
  } catch {
    return false;
  }
}

/** Blocks the thread for `ms` (run.ts has nothing else to do meanwhile). */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The share of all cores busy over `ms` (from /proc/stat), or undefined where that is unknown. */
export function cpuBusy(ms: number): number | undefined {
  const sample = (): number[] | undefined => {
    try {
      const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
      return line.trim().split(/\s+/).slice(1).map(Number);
    } catch {
      return undefined;
    }
  };
  const a = sample();
  sleep(ms);
  const b = sample();
  if (!a || !b) return undefined;
  const delta = b.map((x, i) => x - (a[i] ?? 0));
  const total = delta.reduce((x, y) => x + y, 0);
  const idle = (delta[3] ?? 0) + (delta[4] ?? 0); // idle + iowait
  return total > 0 ? 1 - idle / total : undefined;
}

/**
 * Waits up to `maxWaitS` for the machine to be quiet (< 10% busy), so that a benchmark does not
 * share the cores with a build or a test run. Returns the last busy share measured.
 */
export function waitForQuiet(maxWaitS: number): number | undefined {
  const deadline = Date.now() + maxWaitS * 1000;
  let busy = cpuBusy(500);
  let warned = false;
  while (busy !== undefined && busy > 0.1 && Date.now() < deadline) {
    if (!warned)
      console.error(`  machine busy (${Math.round(busy * 100)}% CPU): waiting up to ${maxWaitS} s`);
    warned = true;
    sleep(2000);
    busy = cpuBusy(500);
  }
  if (busy !== undefined && busy > 0.1) {
    console.error(`  still busy (${Math.round(busy * 100)}% CPU): running anyway, numbers may be low`);
  }
  return busy;
}
