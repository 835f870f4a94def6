import { ValueError } from '../errors.js';
import { indexSelect } from '../ops/index-select.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';

export interface GroupAverage {
  /** The metric on each group's samples, by group name in first-seen order. */
  byGroup: Record<string, number>;
  /** The unweighted mean over groups: each group (region, device, ...) counts the same. */
  mean: number;
}

/**
 * A metric computed on each group of samples and averaged over the groups: the course's cat
 * classifier scored on the US, China, India and other regions, then one number to decide by.
 * `groups` names each sample's group.
 * @example
 * const pred = tensor([1, 0, 1, 1], { dtype: 'int32' });
 * const target = tensor([1, 1, 1, 0], { dtype: 'int32' });
 * groupAverage(accuracy, pred, target, ['us', 'us', 'china', 'china']); // { byGroup: { us: 0.5, china: 0.5 }, mean: 0.5 }
 */
export function groupAverage(
  metric: (pred: Tensor, target: Tensor) => number,
  pred: Tensor,
  target: Tensor,
  groups: readonly (string | number)[],
): GroupAverage {
  const n = target.shape[0] ?? 1;
  if (groups.length !== n || pred.shape[0] !== n)
    throw new ValueError(
      `groupAverage: groups (${groups.length}), pred (${pred.shape[0]}) and target (${n}) must have one entry per sample`,
    );
  const members = new Map<string, number[]>();
  groups.forEach((g, i) => {
    const key = String(g);
    const list = members.get(key);
    if (list) list.push(i);
    else members.set(key, [i]);
  });
  if (members.size === 0) throw new ValueError('groupAverage: there are no samples');
  const byGroup: Record<string, number> = {};
  for (const [key, indices] of members) {
    const index = tensor(Int32Array.from(indices));
    byGroup[key] = metric(indexSelect(pred, 0, index), indexSelect(target, 0, index));
  }
  const values = Object.values(byGroup);
  return { byGroup, mean: values.reduce((a, b) => a + b, 0) / values.length };
}
