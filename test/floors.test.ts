// The floor plan in docs/design.md is the rule: every import in src/ points to its own folder,
// a folder on its own floor, or a lower floor; folders never import each other in a cycle; and
// above the public barrel (index.ts) code reaches the lower floors only through the barrels.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const root = new URL('..', import.meta.url).pathname;
const src = join(root, 'src');

/** The floors of docs/design.md, lowest first: each a list of top-level folders or files of src/. */
function floorPlan(): string[][] {
  const design = readFileSync(join(root, 'docs/design.md'), 'utf8');
  const block = /<!-- floors:begin -->\s*```\n([\s\S]*?)```/.exec(design)?.[1];
  assert.ok(block, 'docs/design.md has the floors block');
  return block
    .trim()
    .split('\n')
    .map((line) =>
      line
        .split(/\s{2,}/)[0]!
        .split(/\s+/)
        .map((name) => name.replace(/\/$/, '')),
    )
    .reverse();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

/** The top-level folder (or root file) of src/ that `file` belongs to. */
function unitOf(file: string): string {
  const [first, second] = relative(src, file).split('/');
  return second === undefined ? first!.replace(/\.js$/, '.ts') : first!;
}

interface Import {
  from: string;
  to: string;
  file: string;
  specifier: string;
}

function imports(): Import[] {
  return sourceFiles(src).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return [...text.matchAll(/^(?:import|export)\s(?:[^;]*?from\s+)?'(\.[^']+)'/gm)].map((m) => ({
      from: unitOf(file),
      to: unitOf(resolve(dirname(file), m[1]!)),
      file: relative(root, file),
      specifier: m[1]!,
    }));
  });
}

test('every folder of src/ is on the floor plan of docs/design.md', () => {
  const planned = new Set(floorPlan().flat());
  const actual = readdirSync(src).filter((name) => !name.endsWith('.test.ts'));
  for (const name of actual) {
    assert.ok(planned.has(name), `src/${name} is not on the floor plan in docs/design.md`);
  }
});

test('imports point only down the floors, and above the barrel only through barrels', () => {
  const floors = floorPlan();
  const floorOf = new Map(floors.flatMap((units, i) => units.map((u) => [u, i] as const)));
  const barrel = floorOf.get('index.ts')!;
  const wrong: string[] = [];
  for (const i of imports()) {
    if (i.from === i.to) continue;
    const from = floorOf.get(i.from);
    const to = floorOf.get(i.to);
    if (from === undefined || to === undefined) continue; // the test above reports it
    if (to > from) wrong.push(`${i.file} imports '${i.specifier}' from a higher floor (${i.to})`);
    else if (from > barrel && to < barrel) {
      wrong.push(`${i.file} imports '${i.specifier}' past the public barrel: use '../index.js'`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('folders never import each other in a cycle', () => {
  const edges = new Map<string, Set<string>>();
  for (const i of imports()) {
    if (i.from === i.to) continue;
    if (!edges.has(i.from)) edges.set(i.from, new Set());
    edges.get(i.from)!.add(i.to);
  }
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const visit = (unit: string, path: string[]): void => {
    if (state.get(unit) === 'done') return;
    if (state.get(unit) === 'open') {
      cycles.push([...path.slice(path.indexOf(unit)), unit].join(' → '));
      return;
    }
    state.set(unit, 'open');
    for (const next of edges.get(unit) ?? []) visit(next, [...path, unit]);
    state.set(unit, 'done');
  };
  for (const unit of edges.keys()) visit(unit, []);
  assert.deepEqual(cycles, []);
});

test('the floor test itself catches an upward import (a mutation check of its rule)', () => {
  const floors = floorPlan();
  const floorOf = new Map(floors.flatMap((units, i) => units.map((u) => [u, i] as const)));
  assert.ok(floorOf.get('tensor')! < floorOf.get('ops')!, 'tensor is below ops');
  assert.ok(floorOf.get('platform')! < floorOf.get('backends')!, 'platform is below backends');
  assert.ok(floorOf.get('cli')! > floorOf.get('index.ts')!, 'cli is above the barrel');
});
