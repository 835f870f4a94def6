let enabled = true;

/**
 * Whether ops record the graph for backward (false inside {@link noGrad}).
 * @example
 * isGradEnabled(); // => true
 * noGrad(() => isGradEnabled()); // => false
 */
export function isGradEnabled(): boolean {
  return enabled;
}

function withMode<T>(mode: boolean, fn: () => T): T {
  const previous = enabled;
  enabled = mode;
  try {
    return fn();
  } finally {
    enabled = previous;
  }
}

/**
 * Runs `fn` without recording a graph: for evaluation and for in-place parameter updates.
 *
 * Synchronous only: recording is switched off while `fn` runs and back on when it returns. An
 * `async fn` returns at its first `await`, so the ops after that `await` run with recording ON
 * and build a graph (memory that is kept until the result is dropped). Wrap each synchronous
 * stretch instead: `const y = noGrad(() => model.forward(x)); await save(y);`. (Making it follow
 * awaits would need async context tracking on every op, which the browser build lacks.)
 * @example
 * const model = new nn.Linear(3, 2);
 * const y = noGrad(() => model.forward(randn([4, 3])));
 * y.requiresGrad; // => false
 */
export function noGrad<T>(fn: () => T): T {
  return withMode(false, fn);
}

/**
 * Runs `fn` with recording on, even inside {@link noGrad}.
 * @example
 * const x = randn([3], { requiresGrad: true });
 * noGrad(() => enableGrad(() => x.mul(2))).requiresGrad; // => true
 */
export function enableGrad<T>(fn: () => T): T {
  return withMode(true, fn);
}

/** Runs `fn` with recording set to `mode`. */
export function setGradEnabled<T>(mode: boolean, fn: () => T): T {
  return withMode(mode, fn);
}
