// A quiet reporter for node:test: one line per test file as it finishes, every failure in full, and a last line
// `N passed, N failed, N skipped` that CI reads.
const failures = [];
let passed = 0;
let failed = 0;
let skipped = 0;

function isLeaf(data) {
  // Suites (describe) and the per-file wrapper tests report their own pass/fail; count leaves only.
  return data.details?.type !== 'suite' && !(data.nesting === 0 && data.name === data.file);
}

function describeError(error) {
  const cause = error?.cause ?? error;
  if (cause instanceof Error) return cause.stack ?? String(cause);
  return String(cause);
}

export default async function* reporter(source) {
  const started = new Map();
  for await (const event of source) {
    const { type, data } = event;
    if (type === 'test:pass' || type === 'test:fail') {
      if (!isLeaf(data)) {
        if (type === 'test:fail' && data.nesting === 0 && data.name === data.file && data.details?.error) {
          // A file that failed outside any test (a syntax error, an import that throws).
          const error = data.details.error;
          if (error.failureType !== 'subtestsFailed') {
            failed += 1;
            failures.push({ name: data.file, file: data.file, error: describeError(error) });
          }
        }
        continue;
      }
      const file = data.file ?? '?';
      if (data.skip || data.todo) {
        skipped += 1;
      } else if (type === 'test:pass') {
        passed += 1;
      } else {
        failed += 1;
        failures.push({ name: data.name, file, error: describeError(data.details?.error) });
      }
    } else if (type === 'test:dequeue' && data.nesting === 0 && data.name === data.file) {
      started.set(data.file, Date.now());
    } else if (type === 'test:complete' && data.nesting === 0 && data.name === data.file) {
      // A file finished: say so now, so a run that stalls shows where it stalled. (Its tests'
      // pass/fail events may still be on their way when files run side by side: counts are totals.)
      const mark = data.details?.passed === false ? 'FAIL' : 'ok  ';
      const ms = Date.now() - (started.get(data.file) ?? Date.now());
      yield `${mark} ${data.file.replace(`${process.cwd()}/`, '')} (${ms} ms)\n`;
    } else if (type === 'test:stderr' || type === 'test:stdout') {
      if (data.message?.trim()) yield data.message;
    }
  }
  const cwd = process.cwd();
  for (const f of failures) {
    yield `\n✖ ${f.file?.replace(`${cwd}/`, '')} › ${f.name}\n${f.error}\n`;
  }
  yield `\n${passed} passed, ${failed} failed, ${skipped} skipped\n`;
}
