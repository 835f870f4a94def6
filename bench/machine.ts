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

/** CPU time counters, in clock ticks, for telling our benchmark's CPU use from everyone else's. */
export interface CpuSnapshot {
  /** Busy time summed over all cores (everything in /proc/stat's `cpu` line but idle and iowait). */
  busy: number;
  total: number;
  /** CPU time of this process's finished (waited-for) child processes: /proc/self/stat cutime + cstime. */
  children: number;
}

export function cpuSnapshot(): CpuSnapshot | undefined {
  try {
    const ticks = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const total = ticks.reduce((x, y) => x + y, 0);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0); // idle + iowait
    // Fields after the ')' that ends the command name; cutime and cstime are fields 16 and 17.
    const self = readFileSync('/proc/self/stat', 'utf8');
    const fields = self.slice(self.lastIndexOf(')') + 2).split(' ');
    const children = Number(fields[13]) + Number(fields[14]);
    return { busy: total - idle, total, children };
  } catch {
    return undefined;
  }
}

/**
 * The share of all cores that processes other than our children kept busy between two snapshots
 * (0.5 means one of two cores was taken by someone else), or undefined where that is unknown.
 */
export function othersBusy(a: CpuSnapshot | undefined, b: CpuSnapshot | undefined): number | undefined {
  if (!a || !b || b.total <= a.total) return undefined;
  const others = b.busy - a.busy - (b.children - a.children);
  return Math.min(1, Math.max(0, others / (b.total - a.total)));
}

/** The share of all cores busy over the next `ms` (run.ts itself sleeps meanwhile). */
export function cpuBusy(ms: number): number | undefined {
  const a = cpuSnapshot();
  sleep(ms);
  return othersBusy(a, cpuSnapshot());
}

/**
 * Waits up to `maxWaitS` for the machine to be quiet (< 10% busy), so that a benchmark does not
 * share the cores with a build or a test run. Returns the last busy share measured.
 */
export function waitForQuiet(maxWaitS: number, quiet = 0.1): number | undefined {
  const deadline = Date.now() + maxWaitS * 1000;
  let busy = cpuBusy(500);
  let warned = false;
  while (busy !== undefined && busy > quiet && Date.now() < deadline) {
    if (!warned)
      console.error(`  machine busy (${Math.round(busy * 100)}% CPU): waiting up to ${maxWaitS} s`);
    warned = true;
    sleep(2000);
    busy = cpuBusy(500);
  }
  if (busy !== undefined && busy > quiet) {
    console.error(`  still busy (${Math.round(busy * 100)}% CPU): running anyway, numbers may be low`);
  }
  return busy;
}
