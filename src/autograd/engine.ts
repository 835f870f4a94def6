import { kernels, memory } from '../backends/registry.js';
import { ShapeError, ValueError } from '../errors.js';
import { allocateUninitialized } from '../tensor/dtype.js';
import { formatShape, shapesEqual } from '../tensor/shape.js';
import { type GradNode, type MultiOutputNode, Tensor, viewOf } from '../tensor/tensor.js';
import { setGradEnabled } from './grad-mode.js';
import { GradientLedger } from './gradient-ledger.js';
import { record } from './record.js';

export interface BackwardOptions {
  /** Keep the graph so backward can run through it again (default false: it is released). */
  retainGraph?: boolean;
  /** Record the backward pass itself, for higher-order derivatives (default false). */
  createGraph?: boolean;
}

/**
 * a + b for two gradients of one shape, recorded only when building a graph of the backward. The sum
 * overwrites its whole array, so the array is not zeroed first (that memset was ~2% of a ResNet-20 step).
 */
export function addGradients(a: Tensor, b: Tensor): Tensor {
  const out = allocateUninitialized(a.dtype, a.size);
  kernels().binary('add', viewOf(a), viewOf(b), a.shape, out);
  const sum = new Tensor(out, a.shape, a.dtype);
  return record('add', sum, [a, b], (dy) => [dy, dy]);
}

/** Every tensor reachable from `roots` through recorded ops, inputs before the tensors made from them. */
function topologicalOrder(roots: readonly Tensor[]): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  const stack: [Tensor, number][] = [];
  for (const root of roots) {
    if (seen.has(root)) continue;
    seen.add(root);
    stack.push([root, 0]);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const [t, i] = top;
      const inputs = t.gradFn?.inputs ?? [];
      if (i < inputs.length) {
        top[1] = i + 1;
        const next = inputs[i]!;
        if (next.requiresGrad && !seen.has(next)) {
          seen.add(next);
          stack.push([next, 0]);
        }
      } else {
        stack.pop();
        order.push(t);
      }
    }
  }
  return order;
}

/**
 * Back-propagates `seeds` (the gradients of `roots`) through the recorded graph and returns the
 * gradient of every tensor in `keep` that received one. Leaves' `.grad` is not touched here.
 */
export function runBackward(
  roots: readonly Tensor[],
  seeds: readonly Tensor[],
  keep: (t: Tensor) => boolean,
  options: BackwardOptions = {},
): Map<Tensor, Tensor> {
  const pass = new BackwardPass(options);
  return pass.run(() => {
    roots.forEach((root, i) => {
      pass.add(root, seeds[i]!);
    });
    const order = topologicalOrder(roots);
    const pending = pendingOutputs(order);
    // Reverse topological order: every gradient of a tensor has arrived before it is propagated.
    for (let n = order.length - 1; n >= 0; n--) {
      const t = order[n]!;
      const g = pass.take(t, keep);
      const node = t.gradFn;
      if (node?.multi) pass.throughMultiOutput(node, g, pending.get(node.multi)!);
      else if (g && node) pass.through(node, g);
      else if (g) pass.done(g);
    }
    return pass.kept;
  });
}

/** The state of one backward pass: pending gradients, the kept ones, and storage bookkeeping. */
class BackwardPass {
  readonly kept = new Map<Tensor, Tensor>();
  private readonly grads = new Map<Tensor, Tensor>();
  private readonly createGraph: boolean;
  private readonly retainGraph: boolean;
  private readonly memory = memory();
  private readonly ledger: GradientLedger;

  constructor(options: BackwardOptions) {
    this.createGraph = options.createGraph ?? false;
    this.retainGraph = options.retainGraph ?? this.createGraph;
    // A recorded backward (createGraph) keeps its intermediate gradients alive in the new graph.
    this.ledger = new GradientLedger(this.memory, !this.createGraph);
  }

  /** Runs `fn` with the storages allocated meanwhile tracked, so dead gradients can be reclaimed. */
  run<T>(fn: () => T): T {
    return this.memory.trackAllocations(this.ledger.fresh, fn);
  }

  /** Adds `g` to the gradient pending for `t`. */
  add(t: Tensor, g: Tensor): void {
    const previous = this.grads.get(t);
    const sum = previous ? addGradients(previous, g) : g;
    this.grads.set(t, sum);
    this.ledger.hold(sum);
    if (previous) {
      this.ledger.drop(previous);
      this.ledger.discard(g);
    }
  }

  /** Removes t's pending gradient (keeping it as a result when `keep` says so) and returns it. */
  take(t: Tensor, keep: (t: Tensor) => boolean): Tensor | undefined {
    const g = this.grads.get(t);
    this.grads.delete(t);
    if (g && keep(t)) {
      this.kept.set(t, g);
      this.ledger.handOut(g);
    }
    return g;
  }

  /** Runs one op's backward on `g` and passes the results to its inputs. */
  through(node: GradNode, g: Tensor): void {
    const backward = node.backward;
    if (!backward) throw released(node.op);
    this.toInputs(
      node,
      setGradEnabled(this.createGraph, () => backward(g)),
    );
    this.done(g);
    if (!this.retainGraph) {
      node.backward = null;
      node.inputs = [];
    }
  }

  /**
   * Collects the gradient of one output of a multi-output op; once every reached output has its
   * gradient, runs the op's backward once with all of them.
   */
  throughMultiOutput(node: GradNode, g: Tensor | undefined, slot: PendingOutputs): void {
    slot.dys[node.index!] = g ?? null;
    slot.remaining -= 1;
    if (slot.remaining > 0 || slot.dys.every((d) => d === null)) return;
    const multi = node.multi!;
    const backward = multi.backward;
    if (!backward) throw released(node.op);
    this.toInputs(
      node,
      setGradEnabled(this.createGraph, () => backward(slot.dys)),
    );
    for (const d of slot.dys) if (d) this.done(d);
    if (!this.retainGraph) {
      multi.backward = null;
      for (const output of multi.outputs) if (output.gradFn) output.gradFn.inputs = [];
    }
  }

  /** The pass is finished with `g`: its storage may be reclaimed once nothing else holds it. */
  done(g: Tensor): void {
    this.ledger.drop(g);
  }

  private toInputs(node: GradNode, inputGrads: readonly (Tensor | null | undefined)[]): void {
    node.inputs.forEach((input, i) => {
      const gi = inputGrads[i];
      if (!gi) return;
      if (!input.requiresGrad) {
        this.ledger.discard(gi);
        return;
      }
      if (!shapesEqual(gi.shape, input.shape)) {
        throw new ShapeError(
          `backward of '${node.op}': gradient for input ${i} has shape ${formatShape(gi.shape)}, expected ${formatShape(input.shape)} (a bug in the op)`,
        );
      }
      this.add(input, gi);
    });
  }
}

function released(op: string): ValueError {
  return new ValueError(
    `backward: the graph through '${op}' was already released; pass { retainGraph: true } to the first backward() to run it again`,
  );
}

/** A multi-output op's outputs still to be reached by the walk, and the gradients gathered. */
interface PendingOutputs {
  remaining: number;
  dys: (Tensor | null)[];
}

/** For each multi-output op in `order`: how many of its outputs the walk will reach. */
function pendingOutputs(order: readonly Tensor[]): Map<MultiOutputNode, PendingOutputs> {
  const pending = new Map<MultiOutputNode, PendingOutputs>();
  for (const t of order) {
    const multi = t.gradFn?.multi;
    if (!multi) continue;
    const slot = pending.get(multi) ?? { remaining: 0, dys: multi.outputs.map(() => null) };
    slot.remaining += 1;
    pending.set(multi, slot);
  }
  return pending;
}
