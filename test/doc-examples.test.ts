// Every `@example` in a JSDoc comment under src/ runs here as its own test, named file:line;
// doc-example-runner.ts says what an example sees and how `// => value` comments are checked.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { getBackend } from '../src/index.js';
import { type Example, extractExamples, runExample, sourceFiles } from './doc-example-runner.js';

const root = new URL('..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'nabla-doc-examples-'));
// Not an after() hook: the awaited suite below would end the root's hooks early.
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

const examples = sourceFiles(join(root, 'src')).flatMap((path) =>
  extractExamples(relative(root, path), readFileSync(path, 'utf8')),
);

test('doc examples are found', () => {
  // A guard against the extractor silently finding nothing.
  assert.ok(examples.length > 400, `only ${examples.length} @example blocks found`);
});

test('the extractor strips comment markers and fences, one block per tag, lines from 1', () => {
  const source = [
    'const a = 1;',
    '/**',
    ' * Doubles.',
    ' * @example',
    ' * ```ts',
    ' * double(2); // => 4',
    ' * ```',
    ' * @see elsewhere',
    ' */',
    '/** @example double(1); */',
  ].join('\n');
  assert.deepEqual(extractExamples('src/x.ts', source), [
    { file: 'src/x.ts', line: 4, code: 'double(2); // => 4' },
    { file: 'src/x.ts', line: 10, code: 'double(1);' },
  ]);
});

// Synthetic examples run as if they were in src/index.ts: they see the public barrel.
const run = (code: string) =>
  runExample({ file: 'src/index.ts', line: 1, code }, mkdtempSync(join(work, 't-')));

test("an example's '// =>' values and throws are checked, a tensor through toArray(), numbers to 1e-4", async () => {
  await run('tensor([1, 2]).mul(2); // => [2, 4]\nMath.PI; // => 3.14159');
  await assert.rejects(
    run('tensor([1, 2]).mul(2); // => [2, 5]'),
    /gave \[ 2, 4 \], the comment says \[2, 5\]/,
  );
  await assert.rejects(run('const y = 1; // => 2'), /follow something other than an expression statement/);
  await run('reshape(zeros([6]), [4]); // => throws ShapeError');
  await assert.rejects(run('reshape(zeros([6]), [3, 2]); // => throws ShapeError'), /did not throw/);
  await assert.rejects(run('reshape(zeros([6]), [4]); // => throws DTypeError'), /threw ShapeError/);
});

test('an example may await and import nabla entries; an error in it fails the test', async () => {
  await run(
    "import { Vocabulary } from 'nabla/text';\nconst v = await Promise.resolve(Vocabulary.fromTokens(['a']));\nv.size; // => 5",
  );
  await assert.rejects(run('randn([2, 3]).reshape([4]);'), /reshape/);
  await assert.rejects(run('undeclared.forward();'), /undeclared is not defined/);
  await assert.rejects(run("writePng('/tmp/x.png', image);"), /relative paths/);
});

test('an example runs in its own temp dir and cannot leave the backend switched', async () => {
  const backend = getBackend().name;
  await run(
    "import { writeFileSync } from 'node:fs';\nwriteFileSync('out.txt', 'x');\nsetBackend('reference');",
  );
  assert.equal(existsSync(join(root, 'out.txt')), false);
  assert.equal(getBackend().name, backend);
});

// An example of a test harness (checkLayer) registers tests itself. A test's subtests must end
// with it, so such an example runs in a suite instead, awaited before the others start, and its
// own failure is reported by a test in that suite.
const registersTests = (example: Example): boolean => /\bcheck(Layer|Op)\(/.test(example.code);

for (const example of examples.filter(registersTests)) {
  await describe(`${example.file}:${example.line}`, async () => {
    const failure = await runExample(example, mkdtempSync(join(work, 'ex-'))).then(
      () => undefined,
      (error: unknown) => error,
    );
    test('the example runs', () => {
      if (failure !== undefined) throw failure;
    });
  });
}

for (const example of examples.filter((e) => !registersTests(e))) {
  test(`${example.file}:${example.line}`, { timeout: 20_000 }, async () => {
    if (example.code.trim() === '') throw new Error('empty @example');
    await runExample(example, mkdtempSync(join(work, 'ex-')));
  });
}
