import { ValueError } from '../index.js';

/** The error rates on each set, all in one unit (fractions or percentages). */
export interface ErrorRates {
  /** Human-level error, the proxy for Bayes error (default 0: the Bayes error of a clear image task). */
  humanError?: number;
  trainError: number;
  /** Error on a held-out slice of the training distribution. */
  trainDevError?: number;
  devError?: number;
  testError?: number;
}

/** The four gaps of "Structuring Machine Learning Projects", in the course's order. */
export type Problem = 'avoidable bias' | 'variance' | 'data mismatch' | 'dev-set overfitting';

export interface Diagnosis {
  /** Each gap that the given errors define: train − human, train-dev − train, dev − train-dev, test − dev. */
  gaps: Partial<Record<Problem, number>>;
  /** The largest positive gap, or undefined when none is positive. */
  biggest: Problem | undefined;
  /** The course's tactics for the biggest gap. */
  tactics: readonly string[];
  /** Remarks the numbers call for (training beyond human level, a dev set easier than train-dev). */
  notes: string[];
}

/** The course's remedies, one list per gap. */
export const tacticsFor: Readonly<Record<Problem, readonly string[]>> = {
  'avoidable bias': [
    'train a bigger model',
    'train longer, or with a better optimization algorithm (momentum, RMSprop, Adam)',
    'search the architecture and hyperparameters',
  ],
  variance: [
    'get more training data',
    'regularize: L2, dropout, data augmentation',
    'search the architecture and hyperparameters',
  ],
  'data mismatch': [
    'do manual error analysis to see how the training data differs from dev/test',
    'make the training data more like dev/test: artificial data synthesis, or collect more data like dev/test',
  ],
  'dev-set overfitting': ['get a bigger dev set'],
};

/**
 * Bias/variance analysis with human-level error as the proxy for Bayes error (Ng, "Structuring
 * Machine Learning Projects"): avoidable bias = train − human, variance = train-dev − train
 * (dev − train when there is no train-dev set), data mismatch = dev − train-dev, overfitting to
 * the dev set = test − dev. Names the biggest gap and the course's tactics for it.
 * @example
 * const d = diagnose({ humanError: 1, trainError: 8, devError: 10 });
 * d.biggest; // 'avoidable bias' (7 points, against 2 of variance)
 */
export function diagnose(errors: ErrorRates): Diagnosis {
  for (const [name, value] of Object.entries(errors)) {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0))
      throw new ValueError(`diagnose: ${name} must be a finite error rate ≥ 0, got ${value}`);
  }
  const { humanError = 0, trainError, trainDevError, devError, testError } = errors;
  if (trainError === undefined) throw new ValueError('diagnose: trainError is required');
  const gaps: Partial<Record<Problem, number>> = { 'avoidable bias': trainError - humanError };
  const notes: string[] = [];
  if (trainDevError !== undefined) {
    gaps.variance = trainDevError - trainError;
    if (devError !== undefined) gaps['data mismatch'] = devError - trainDevError;
  } else if (devError !== undefined) gaps.variance = devError - trainError;
  if (testError !== undefined && devError !== undefined) gaps['dev-set overfitting'] = testError - devError;
  if (trainError < humanError)
    notes.push(
      'training error is below human level: the human proxy for Bayes error no longer tells how much bias is avoidable',
    );
  if ((gaps['data mismatch'] ?? 0) < 0)
    notes.push('the dev set is easier than the training distribution (negative data mismatch)');
  let biggest: Problem | undefined;
  for (const [problem, gap] of Object.entries(gaps) as [Problem, number][]) {
    if (gap > 0 && (biggest === undefined || gap > gaps[biggest]!)) biggest = problem;
  }
  return { gaps, biggest, tactics: biggest ? tacticsFor[biggest] : [], notes };
}

/**
 * The diagnosis as lines of text: the errors, each gap, then what to do.
 * @example
 * console.log(formatDiagnosis(diagnose({ humanError: 7.5, trainError: 8, devError: 10 })));
 */
export function formatDiagnosis(d: Diagnosis): string {
  const round = (v: number) => Number(v.toPrecision(6));
  const lines = Object.entries(d.gaps).map(
    ([problem, gap]) => `${problem.padEnd(20)} ${String(round(gap)).padStart(10)}`,
  );
  if (d.biggest) {
    lines.push(`biggest: ${d.biggest}; try:`);
    for (const t of d.tactics) lines.push(`  - ${t}`);
  } else lines.push('no gap is positive: the model is at the human-level proxy on every set');
  for (const n of d.notes) lines.push(`note: ${n}`);
  return lines.join('\n');
}
