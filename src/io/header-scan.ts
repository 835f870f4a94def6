// The safetensors header is JSON of a fixed shape: an object of tensor entries (objects holding
// arrays) and string metadata, so nothing in it nests deeper than three levels. JSON.parse alone is
// laxer than the format: it keeps the last of two equal keys, and a deeply nested header overflows
// its stack with a raw RangeError. This scan runs first and says what is wrong in the format's
// terms; JSON.parse then only has to build what the scan let through.

/** Objects and arrays may nest this deep: {name: {shape: [...]}}. */
const MAX_DEPTH = 3;

/**
 * Why `text` is not an acceptable safetensors header (white space before it, nesting deeper than
 * the format allows, a key repeated in one object), or undefined when the scan finds nothing
 * wrong (JSON.parse still checks the syntax and that it is an object).
 * @example
 * headerProblem('{"a":{},"a":{}}'); // => 'repeats the key "a"'
 * headerProblem(' {}'); // => "must start with '{', not white space"
 */
export function headerProblem(text: string): string | undefined {
  if (/^\s/.test(text)) return `must start with '{', not white space`;
  // One entry per open container: the keys of an object, or null for an array.
  const open: (Set<string> | null)[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const end = stringEnd(text, i);
      if (end < 0) return undefined; // unterminated: JSON.parse says where
      const keys = open.at(-1);
      if (keys && nextNonSpace(text, end + 1) === ':') {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (keys.has(key)) return `repeats the key ${JSON.stringify(key)}`;
        keys.add(key);
      }
      i = end;
    } else if (c === '{' || c === '[') {
      open.push(c === '{' ? new Set() : null);
      if (open.length > MAX_DEPTH) return `nests deeper than the format's ${MAX_DEPTH} levels`;
    } else if (c === '}' || c === ']') {
      open.pop();
    }
  }
  return undefined;
}

/** The index of the quote that closes the string opening at `start`, or −1. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

function nextNonSpace(text: string, from: number): string | undefined {
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') return c;
  }
  return undefined;
}

// Magic numbers of files people pass by mistake (an image for a model, say).
const KNOWN_FORMATS: readonly [string, readonly number[]][] = [
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['a ZIP archive (a PyTorch .pt/.pth file is one)', [0x50, 0x4b, 0x03, 0x04]],
  ['a gzip file', [0x1f, 0x8b]],
  ['a PDF document', [0x25, 0x50, 0x44, 0x46]],
  ["a pickle (PyTorch's legacy format)", [0x80, 0x02]],
];

/**
 * What kind of file `bytes` is when it is clearly not safetensors: a known format by its magic
 * number, or undefined.
 * @example
 * otherFormat(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d])); // => 'a PNG image'
 */
export function otherFormat(bytes: Uint8Array): string | undefined {
  return KNOWN_FORMATS.find(([, magic]) => magic.every((b, i) => bytes[i] === b))?.[0];
}
