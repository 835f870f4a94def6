// Lists the native sources for binding.gyp, so a new kernel file needs no build edit: `base` the
// portable files (native/*.cc), `avx2` / `avx512` the files named *-avx2.cc / *-avx512.cc, which
// are compiled with their own -m flags.
import { readdirSync } from 'node:fs';

const group = process.argv[2];
const isaOf = (file) => /-(avx2|avx512)\.cc$/.exec(file)?.[1] ?? 'base';
const files = readdirSync(new URL('../native/', import.meta.url))
  .filter((file) => file.endsWith('.cc') && isaOf(file) === group)
  .sort()
  .map((file) => `native/${file}`);
console.log(files.join(' '));
