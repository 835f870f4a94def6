/**
 * Peak resident memory of one step. Linux keeps each process's peak RSS (`VmHWM` in
 * /proc/self/status) and resets it to the current RSS when "5" is written to
 * /proc/self/clear_refs (Linux ≥ 4.0). So: reset, run one step, read the peak. The PyTorch peer
 * does the same, so both numbers are the whole process (runtime, library, model, optimizer
 * state, and the step's activations and gradients), measured the same way.
 *
 * @example
 * ```ts
 * const m = stepMemory(step); // after the timed steps
 * if (m) console.log(`peak ${m.peakRssMb} MB (${m.rssBeforeMb} MB before the step)`);
 * ```
 */
import { readFileSync, writeFileSync } from 'node:fs';

export interface StepMemory {
  /** The process's peak RSS while the step ran, MB (10⁶ bytes). */
  peakRssMb: number;
  /** Its RSS just before the step, MB. */
  rssBeforeMb: number;
}

/** A field of /proc/self/status in kB (`VmRSS`, `VmHWM`), or undefined where there is none. */
function statusKb(field: string): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s*(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs `step` once and returns the peak RSS it reached, or undefined where the peak cannot be
 * reset (not Linux, or /proc/self/clear_refs not writable): the step still runs.
 */
export function stepMemory(step: () => unknown): StepMemory | undefined {
  let resettable = true;
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    resettable = false;
  }
  const before = statusKb('VmRSS');
  step();
  const peak = statusKb('VmHWM');
  if (!resettable || before === undefined || peak === undefined) return undefined;
  return { peakRssMb: round1(peak * 1.024e-3), rssBeforeMb: round1(before * 1.024e-3) };
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
