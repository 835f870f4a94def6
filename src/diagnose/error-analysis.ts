import {
  DataLoader,
  type Dataset,
  noGrad,
  softmax,
  type Tensor,
  type TrainableModel,
  ValueError,
} from '../index.js';

/** A misclassified example: where it is, what it is, what the model said and how sure it was. */
export interface MisclassifiedExample {
  index: number;
  label: number;
  predicted: number;
  /** The softmax probability of the predicted class. */
  confidence: number;
  tags: string[];
}

/** One row of the course's error-analysis sheet. */
export interface CategoryRow {
  category: string;
  /** Errors with this tag (an error may carry several). */
  count: number;
  /** count / errors: the share of the errors this category explains. */
  shareOfErrors: number;
  /** The error rate if every error of this category were fixed: the ceiling on what working on it can gain. */
  errorIfSolved: number;
}

export interface ErrorAnalysis {
  examples: number;
  errorRate: number;
  errors: MisclassifiedExample[];
  /** Largest share first. */
  categories: CategoryRow[];
}

/** Says whether an example belongs to a category, from its input and labels. */
export type CategoryPredicate = (input: Tensor, label: number, predicted: number) => boolean;

export interface ErrorAnalysisOptions {
  /** Categories decided by code (blurry, off-centre, ...). */
  categories?: Record<string, CategoryPredicate>;
  /** Tags a person gave, by example index (from {@link parseTagsCsv}). */
  tags?: Map<number, string[]>;
  batchSize?: number;
}

/**
 * Error analysis (Ng): runs the model over `dataset` (`[input, label]` samples), keeps the
 * misclassified examples, tags each by the predicates and/or a person's tags, and tabulates the
 * categories with their share of the errors and the error rate if the category were solved: the
 * ceiling that tells which idea is worth working on.
 * @example
 * const data = new TensorDataset(tensor([[1, 0], [0, 1], [1, 0]]), tensor([0, 0, 1], { dtype: 'int32' }));
 * const identity = { forward: (x: Tensor) => x, parameters: () => [], train() {}, eval() {}, stateDict: () => ({}), loadStateDict() {} };
 * errorAnalysis(identity, data, { categories: { firstFeature: (x) => x.data()[0] === 1 } }).categories;
 * // [{ category: 'firstFeature', count: 1, shareOfErrors: 0.5, errorIfSolved: 1/3 }]
 */
export function errorAnalysis(
  model: TrainableModel,
  dataset: Dataset<Tensor[]>,
  { categories = {}, tags, batchSize = 256 }: ErrorAnalysisOptions = {},
): ErrorAnalysis {
  if (dataset.length === 0) throw new ValueError('errorAnalysis: the dataset is empty');
  const errors: MisclassifiedExample[] = [];
  const wasTraining = model.training ?? true;
  model.eval();
  try {
    noGrad(() => {
      let offset = 0;
      for (const [x, y] of new DataLoader(dataset, { batchSize })) {
        const probs = softmax(model.forward(x!), -1);
        const c = probs.shape[probs.ndim - 1]!;
        const p = probs.data();
        const labels = Array.from(y!.data(), Number);
        labels.forEach((label, i) => {
          let predicted = 0;
          for (let j = 1; j < c; j++) if (p[i * c + j]! > p[i * c + predicted]!) predicted = j;
          const index = offset + i;
          if (predicted === label) return;
          const input = dataset.get(index)[0]!;
          const own = Object.entries(categories)
            .filter(([, is]) => is(input, label, predicted))
            .map(([name]) => name);
          const given = tags?.get(index) ?? [];
          errors.push({
            index,
            label,
            predicted,
            confidence: p[i * c + predicted]!,
            tags: [...new Set([...own, ...given])],
          });
        });
        offset += labels.length;
      }
    });
  } finally {
    if (wasTraining) model.train();
  }
  const errorRate = errors.length / dataset.length;
  return {
    examples: dataset.length,
    errorRate,
    errors,
    categories: categoryTable(errors, dataset.length, Object.keys(categories)),
  };
}

function categoryTable(errors: MisclassifiedExample[], examples: number, names: string[]): CategoryRow[] {
  const counts = new Map<string, number>(names.map((n) => [n, 0]));
  for (const e of errors) for (const t of e.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts.entries()]
    .map(([category, count]) => ({
      category,
      count,
      shareOfErrors: errors.length === 0 ? 0 : count / errors.length,
      errorIfSolved: (errors.length - count) / examples,
    }))
    .sort((a, b) => b.count - a.count);
}

/**
 * The category table as text: count, % of errors, and the error rate if solved.
 * @example
 * const data = new TensorDataset(tensor([[2, 0], [0, 2]]), tensor([1, 1], { dtype: 'int32' }));
 * const identity = { forward: (x: Tensor) => x, parameters: () => [], train() {}, eval() {}, stateDict: () => ({}), loadStateDict() {} };
 * const analysis = errorAnalysis(identity, data, { categories: { left: (x) => x.data()[0] > 0 } });
 * console.log(formatErrorAnalysis(analysis)); // 1 error in 2 examples, all of it 'left'
 */
export function formatErrorAnalysis(a: ErrorAnalysis): string {
  const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
  const width = Math.max(8, ...a.categories.map((c) => c.category.length));
  const lines = [
    `${a.errors.length} errors in ${a.examples} examples (error ${pct(a.errorRate)})`,
    `${'category'.padEnd(width)}  errors  % of errors  error if solved`,
    ...a.categories.map(
      (c) =>
        `${c.category.padEnd(width)}  ${String(c.count).padStart(6)}  ${pct(c.shareOfErrors).padStart(11)}  ${pct(c.errorIfSolved).padStart(15)}`,
    ),
  ];
  return lines.join('\n');
}
