// A quiet reporter for node:test: one line per test file, every failure in full, and a last line
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
  const perFile = new Map();
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
      const counts = perFile.get(file) ?? { passed: 0, failed: 0, skipped: 0, ms: 0 };
      if (data.skip || data.todo) {
        skipped += 1;
        counts.skipped += 1;
      } else if (type === 'test:pass') {
        passed += 1;
        counts.passed += 1;
      } else {
        failed += 1;
        counts.failed += 1;
        failures.push({ name: data.name, file, error: describeError(data.details?.error) });
      }
      counts.ms += data.details?.duration_ms ?? 0;
      perFile.set(file, counts);
    } else if (type === 'test:stderr' || type === 'test:stdout') {
      if (data.message?.trim()) yield data.message;
    }
  }
  const cwd = process.cwd();
  for (const [file, c] of perFile) {
    const mark = c.failed > 0 ? 'FAIL' : 'ok  ';
    yield `${mark} ${file.replace(`${cwd}/`, '')} (${c.passed} passed${c.failed ? `, ${c.failed} failed` : ''}${c.skipped ? `, ${c.skipped} skipped` : ''}, ${Math.round(c.ms)} ms)\n`;
  }
  for (const f of failures) {
    yield `\n✖ ${f.file?.replace(`${cwd}/`, '')} › ${f.name}\n${f.error}\n`;
  }
  yield `\n${passed} passed, ${failed} failed, ${skipped} skipped\n`;
}
