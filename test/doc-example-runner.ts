// Runs the `@example` blocks of JSDoc comments (doc-examples.test.ts makes one test of each).
//
// An example sees, without importing them, nabla's public exports (src/index.ts), the entry of
// its own floor when the package has one (src/models is `nabla/models`, and so on), and the
// exports of its own file (so it can call the function it documents). It may import the
// package's entries ('nabla', 'nabla/models', ...), node built-ins and, for an internal helper,
// paths relative to its file. Top-level await works. It runs seeded (manualSeed(0)) in a fresh
// temp dir as the working directory, so it writes relative paths and never into the repository;
// what it prints is shown only when it fails; the backend and thread count it may switch are
// restored after it. A statement followed by `// => value` is checked (see withChecks).
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { inspect } from 'node:util';
import ts from 'typescript';
import packageJson from '../package.json' with { type: 'json' };
import { getBackend, getNumThreads, manualSeed, setBackend, setNumThreads, Tensor } from '../src/index.js';

const root = new URL('..', import.meta.url).pathname;
const nodeRequire = createRequire(import.meta.url);
/** The package's entries ('nabla', 'nabla/models', ...) and the sources they are built from. */
const barrels: Record<string, string> = Object.fromEntries(
  Object.entries(packageJson.exports as Record<string, unknown>).flatMap(([key, value]) => {
    const { import: esm, default: fallback } = (value ?? {}) as { import?: string; default?: string };
    const built = esm ?? fallback;
    if (typeof built !== 'string' || !built.startsWith('./dist/')) return [];
    return [[`nabla${key.slice(1)}`, built.replace('./dist/', 'src/').replace(/\.js$/, '.ts')]];
  }),
);

export interface Example {
  file: string; // relative to the repository root
  line: number; // 1-based line of the `@example` tag
  code: string;
}

export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return sourceFiles(path);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
    });
}

/** The `@example` blocks of one file: comment markers and ``` fences removed. */
export function extractExamples(file: string, text: string): Example[] {
  const examples: Example[] = [];
  for (const comment of text.matchAll(/\/\*\*([\s\S]*?)\*\//g)) {
    const firstLine = text.slice(0, comment.index).split('\n').length;
    const lines = comment[1]!.split('\n').map((l) => l.replace(/^\s*\* ?/, ''));
    for (let i = 0; i < lines.length; i++) {
      const tag = /^\s*@example\b(.*)$/.exec(lines[i]!);
      if (!tag) continue;
      const body: string[] = tag[1]!.trim() ? [tag[1]!] : [];
      let j = i + 1;
      while (j < lines.length && !/^\s*@\w/.test(lines[j]!)) body.push(lines[j++]!);
      const code = body
        .filter((l) => !/^\s*```/.test(l))
        .join('\n')
        .trim();
      examples.push({ file, line: firstLine + i, code });
      i = j - 1;
    }
  }
  return examples;
}

/** The module namespaces an example in `file` sees: barrel, then its floor's barrel, then its own file. */
async function scopeFor(file: string): Promise<Record<string, unknown>> {
  const floor = barrels[`nabla/${/^src\/([^/]+)\//.exec(file)?.[1]}`];
  const modules = [barrels.nabla!, ...(floor ? [floor] : []), file];
  const scope: Record<string, unknown> = {};
  for (const path of modules) Object.assign(scope, await import(join(root, path)));
  return scope;
}

/** Loads what the example imports, so the transpiled `require` calls can be answered synchronously. */
async function importsOf(js: string, file: string): Promise<Map<string, unknown>> {
  const loaded = new Map<string, unknown>();
  for (const [, specifier] of js.matchAll(/require\("([^"]+)"\)/g)) {
    if (loaded.has(specifier!)) continue;
    const barrel = barrels[specifier!];
    if (barrel) loaded.set(specifier!, await import(join(root, barrel)));
    else if (specifier!.startsWith('.'))
      loaded.set(specifier!, await import(join(root, dirname(file), specifier!)));
    else if (specifier!.startsWith('node:')) loaded.set(specifier!, nodeRequire(specifier!));
    else
      throw new Error(
        `doc example imports '${specifier}': only nabla entries, node: built-ins and (for internals) relative paths`,
      );
  }
  return loaded;
}

/** Whether `name` can be a parameter name: an export named `var` cannot be handed to an example. */
function isBindable(name: string): boolean {
  try {
    new Function(name, '');
    return true;
  } catch {
    return false;
  }
}

/**
 * The `expr; // => value` convention: such a statement becomes a check that `expr` (a tensor
 * read with toArray(), a typed array as an array) equals `value`, an expression of constants
 * (`[1, 2]`, `{ loss: 1.25 }`, `2 / 3`, `Math.LN2`), numbers to 1e-4 relative; and
 * `expr; // => throws ValueError` checks that evaluating `expr` throws an error of that name.
 * Prose belongs in other comments, which are not checked.
 */
function withChecks(code: string): string {
  const file = ts.createSourceFile('example.ts', code, ts.ScriptTarget.ES2022, true);
  const edits: { start: number; end: number; text: string }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isExpressionStatement(node)) {
      const comment = ts.getTrailingCommentRanges(code, node.end)?.[0];
      const expected = comment && /^\/\/ => (.+)$/.exec(code.slice(comment.pos, comment.end))?.[1];
      if (expected) {
        const [actual, statement] = [node.expression.getText(), JSON.stringify(node.getText())];
        const thrown = /^throws (\w+)$/.exec(expected.trim())?.[1];
        const text = thrown
          ? `__expectThrows(() => (${actual}), ${JSON.stringify(thrown)}, ${statement});`
          : `__expectDoc(${actual}, ${JSON.stringify(expected.trim())}, ${statement});`;
        edits.push({ start: node.getStart(), end: node.end, text });
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  const marked = code.match(/\/\/ => /g)?.length ?? 0;
  if (marked !== edits.length)
    throw new Error(
      `${marked - edits.length} '// =>' comment(s) follow something other than an expression statement`,
    );
  let out = code;
  for (const { start, end, text } of edits.reverse()) out = out.slice(0, start) + text + out.slice(end);
  return out;
}

/** What a value is compared as: a tensor as its nested array, a typed array as an array. */
function plain(value: unknown): unknown {
  if (value instanceof Tensor) return value.toArray();
  if (ArrayBuffer.isView(value) && !(value instanceof DataView))
    return Array.from(value as unknown as number[]);
  return value;
}

/** Deep equality, numbers to 1e-4 relative (examples show values rounded to about 4 digits). */
function matches(actual: unknown, expected: unknown): boolean {
  actual = plain(actual);
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') return false;
    if (Number.isNaN(expected)) return Number.isNaN(actual);
    return actual === expected || Math.abs(actual - expected) <= 1e-4 * Math.max(1, Math.abs(expected));
  }
  if (Array.isArray(expected))
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((e, i) => matches(actual[i], e))
    );
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') return false;
    const [a, e] = [actual as Record<string, unknown>, expected as Record<string, unknown>];
    const keys = Object.keys(e);
    return keys.length === Object.keys(a).length && keys.every((k) => matches(a[k], e[k]));
  }
  return actual === expected;
}

function expectDoc(actual: unknown, expectedText: string, statement: string): void {
  let expected: unknown;
  try {
    expected = new Function(`return (${expectedText});`)();
  } catch (error) {
    throw new Error(`\`${statement} // => ${expectedText}\`: the value after => is not a literal (${error})`);
  }
  if (!matches(actual, expected))
    throw new Error(
      `\`${statement}\` gave ${inspect(plain(actual), { depth: 6 })}, the comment says ${expectedText}`,
    );
}

function expectThrows(fn: () => unknown, name: string, statement: string): void {
  try {
    fn();
  } catch (error) {
    if (error instanceof Error && error.name === name) return;
    throw new Error(`\`${statement}\` threw ${String(error)}, the comment says it throws ${name}`);
  }
  throw new Error(`\`${statement}\` did not throw, the comment says it throws ${name}`);
}

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => (...values: unknown[]) => Promise<unknown>;

export async function runExample(example: Example, cwd: string): Promise<void> {
  // A file under /tmp would outlive the run and let one example read what another wrote.
  if (/['"`]\/tmp\//.test(example.code))
    throw new Error('a doc example writes and reads relative paths (it runs in a fresh temp dir), not /tmp');
  const js = ts.transpileModule(withChecks(example.code), {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
    fileName: 'example.ts',
    reportDiagnostics: true,
  });
  const syntax = js.diagnostics ?? [];
  if (syntax.length > 0) {
    const messages = syntax.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    throw new SyntaxError(`example does not parse:\n${messages.join('\n')}`);
  }
  const code = js.outputText.replace(/^"use strict";/m, '');
  const loaded = await importsOf(code, example.file);
  const scope = await scopeFor(example.file);
  const printed: string[] = [];
  const print = (...args: unknown[]): void => {
    printed.push(args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' '));
  };
  // The global console, not only the example's: the library's CLI commands print through it.
  const consoleMethods = ['log', 'info', 'warn', 'error', 'table'] as const;
  const savedConsole = consoleMethods.map((name) => console[name]);
  const names = Object.keys(scope).filter(isBindable);
  const values = names.map((name) => scope[name]);
  // The body sits in its own block so an example may redeclare a name the scope provides.
  const run = new AsyncFunction(
    ...names,
    'require',
    'exports',
    '__expectDoc',
    '__expectThrows',
    `'use strict';\n{\n${code}\n}`,
  );
  manualSeed(0);
  const previous = { cwd: process.cwd(), backend: getBackend().name, threads: getNumThreads() };
  process.chdir(cwd);
  for (const name of consoleMethods) console[name] = print;
  try {
    await run(...values, (s: string) => loaded.get(s), {}, expectDoc, expectThrows);
  } catch (error) {
    if (error instanceof Error && printed.length > 0) error.message += `\nprinted:\n${printed.join('\n')}`;
    throw error;
  } finally {
    // An example may switch the process-wide settings it documents; the next one starts afresh.
    process.chdir(previous.cwd);
    consoleMethods.forEach((name, i) => {
      console[name] = savedConsole[i]!;
    });
    setBackend(previous.backend);
    setNumThreads(previous.threads);
  }
}
