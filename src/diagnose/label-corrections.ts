import { Tensor, TensorDataset, ValueError } from '../index.js';

/** One label fixed by a person: the example `index` of the `set` should be `label`. */
export interface LabelCorrection {
  set: 'dev' | 'test';
  index: number;
  label: number;
}

/**
 * Corrections from a CSV with the header `set,index,label` (set is `dev` or `test`).
 * @example
 * parseCorrectionsCsv('set,index,label\ndev,12,7\ntest,3,1\n'); // [{ set: 'dev', index: 12, label: 7 }, …]
 */
export function parseCorrectionsCsv(text: string): LabelCorrection[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const [s, i, l] = ['set', 'index', 'label'].map((name) => header.indexOf(name));
  if (s! < 0 || i! < 0 || l! < 0)
    throw new ValueError(
      `parseCorrectionsCsv: the header must name set, index and label, got '${lines[0] ?? ''}'`,
    );
  return lines.slice(1).map((line, row) => {
    const cells = line.split(',').map((c) => c.trim());
    const set = cells[s!];
    const index = Number(cells[i!]);
    const label = Number(cells[l!]);
    if (
      (set !== 'dev' && set !== 'test') ||
      !Number.isSafeInteger(index) ||
      index < 0 ||
      !Number.isSafeInteger(label)
    )
      throw new ValueError(
        `parseCorrectionsCsv: row ${row + 2} ('${line}') needs set dev or test and whole index and label`,
      );
    return { set, index, label };
  });
}

/**
 * Fixes mislabelled examples in the dev and test sets together, as the course insists (both, so
 * they stay one distribution; and from reviewing right answers as well as wrong ones). The labels
 * are each set's last tensor; returns new datasets and how many labels each correction changed.
 * @example
 * const dev = new TensorDataset(tensor([[0.1], [0.2]]), tensor([1, 1], { dtype: 'int32' }));
 * const test = new TensorDataset(tensor([[0.3]]), tensor([2], { dtype: 'int32' }));
 * const fixed = applyLabelCorrections({ dev, test }, [{ set: 'dev', index: 0, label: 3 }]);
 * fixed.changed; // { dev: 1, test: 0 }
 */
export function applyLabelCorrections(
  sets: { dev: TensorDataset; test: TensorDataset },
  corrections: readonly LabelCorrection[],
): { dev: TensorDataset; test: TensorDataset; changed: { dev: number; test: number } } {
  const changed = { dev: 0, test: 0 };
  const fix = (name: 'dev' | 'test'): TensorDataset => {
    const ds = sets[name];
    const labels = ds.tensors[ds.tensors.length - 1]!;
    const values = labels.data().slice();
    for (const c of corrections.filter((c) => c.set === name)) {
      if (c.index >= ds.length)
        throw new ValueError(
          `applyLabelCorrections: ${name} index ${c.index} is out of range for ${ds.length} examples`,
        );
      if (values[c.index] !== c.label) changed[name]++;
      values[c.index] = c.label;
    }
    return new TensorDataset(...ds.tensors.slice(0, -1), new Tensor(values, labels.shape, labels.dtype));
  };
  return { dev: fix('dev'), test: fix('test'), changed };
}
