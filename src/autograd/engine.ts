import { kernels, memory } from '../backends/registry.js';
import { ShapeError, ValueError } from '../errors.js';
import { allocate } from '../tensor/dtype.js';
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

/** a + b for two gradients of one shape, recorded only when building a graph of the backward. */
export function addGradients(a: Tensor, b: Tensor): Tensor {
  const out = allocate(a.dtype, a.size);
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
  const createGraph = options.createGraph ?? false;
  const retainGraph = options.retainGraph ?? createGraph;
  // A recorded backward (createGraph) keeps its intermediate gradients alive in the new graph.
  const mem = memory();
  const ledger = new GradientLedger(mem, !createGraph);
  return mem.trackAllocations(ledger.fresh, () => {
    const grads = new Map<Tensor, Tensor>();
    const put = (t: Tensor, g: Tensor): void => {
      const previous = grads.get(t);
      const sum = previous ? addGradients(previous, g) : g;
      grads.set(t, sum);
      ledger.hold(sum);
      if (previous) {
        ledger.drop(previous);
        ledger.discard(g);
      }
    };
    roots.forEach((root, i) => {
      put(root, seeds[i]!);
    });
    const kept = new Map<Tensor, Tensor>();
    const order = topologicalOrder(roots);
    const pending = pendingOutputs(order);
    const accumulate = (node: GradNode, inputGrads: readonly (Tensor | null | undefined)[]): void => {
      node.inputs.forEach((input, i) => {
        const gi = inputGrads[i];
        if (!gi) return;
        if (!input.requiresGrad) {
          ledger.discard(gi);
          return;
        }
        if (!shapesEqual(gi.shape, input.shape)) {
          throw new ShapeError(
            `backward of '${node.op}': gradient for input ${i} has shape ${formatShape(gi.shape)}, expected ${formatShape(input.shape)} (a bug in the op)`,
          );
        }
        put(input, gi);
      });
    };
    for (let n = order.length - 1; n >= 0; n--) {
      const t = order[n]!;
      const g = grads.get(t);
      if (g && keep(t)) {
        kept.set(t, g);
        ledger.handOut(g);
      }
      grads.delete(t);
      const node = t.gradFn;
      if (node?.multi) {
        // Wait until every reached output of the op has its gradient, then run its backward once.
        const slot = pending.get(node.multi)!;
        slot.dys[node.index!] = g ?? null;
        slot.remaining -= 1;
        if (slot.remaining > 0 || slot.dys.every((d) => d === null)) continue;
        const backward = node.multi.backward;
        if (!backward) throw released(node.op);
        accumulate(
          node,
          setGradEnabled(createGraph, () => backward(slot.dys)),
        );
        for (const d of slot.dys) if (d) ledger.drop(d);
        if (!retainGraph) {
          node.multi.backward = null;
          for (const output of node.multi.outputs) if (output.gradFn) output.gradFn.inputs = [];
        }
        continue;
      }
      if (!g) continue;
      if (!node) {
        ledger.drop(g);
        continue;
      }
      const backward = node.backward;
      if (!backward) throw released(node.op);
      accumulate(
        node,
        setGradEnabled(createGraph, () => backward(g)),
      );
      ledger.drop(g);
      if (!retainGraph) {
        node.backward = null;
        node.inputs = [];
      }
    }
    return kept;
  });
}

function released(op: string): ValueError {
  return new ValueError(
    `backward: the graph through '${op}' was already released; pass { retainGraph: true } to the first backward() to run it again`,
  );
}

/** For each multi-output op in `order`: how many of its outputs the walk will reach. */
function pendingOutputs(
  order: readonly Tensor[],
): Map<MultiOutputNode, { remaining: number; dys: (Tensor | null)[] }> {
  const pending = new Map<MultiOutputNode, { remaining: number; dys: (Tensor | null)[] }>();
  for (const t of order) {
    const multi = t.gradFn?.multi;
    if (!multi) continue;
    const slot = pending.get(multi) ?? { remaining: 0, dys: multi.outputs.map(() => null) };
    slot.remaining += 1;
    pending.set(multi, slot);
  }
  return pending;
}
