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
  // One entry per open container: the keys of an object, or null for an array. The header object
  // may hold many thousand keys (a Set); an entry's few fields are cheaper in an array.
  const open: (Set<string> | string[] | null)[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (end < 0) return undefined; // unterminated: JSON.parse says where
      const keys = open.at(-1);
      if (keys && nextNonSpace(text, end + 1) === COLON) {
        const key = readKey(text, i, end);
        if (key === undefined) return undefined; // not a valid JSON string: JSON.parse says where
        if (keys instanceof Set ? keys.has(key) : keys.includes(key)) {
          return `repeats the key ${JSON.stringify(key)}`;
        }
        if (keys instanceof Set) keys.add(key);
        else keys.push(key);
      }
      i = end;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      open.push(c === OPEN_BRACE ? (open.length === 0 ? new Set() : []) : null);
      if (open.length > MAX_DEPTH) return `nests deeper than the format's ${MAX_DEPTH} levels`;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      open.pop();
    }
  }
  return undefined;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** The key between the quotes at `start` and `end`: as written when it has no escape, else decoded. */
function readKey(text: string, start: number, end: number): string | undefined {
  const raw = text.slice(start + 1, end);
  if (!raw.includes('\\') && !hasControlCharacter(raw)) return raw;
  try {
    return JSON.parse(text.slice(start, end + 1)) as string;
  } catch {
    return undefined;
  }
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 0x20) return true;
  return false;
}

/** The index of the quote that closes the string opening at `start`, or −1. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i;
  }
  return -1;
}

function nextNonSpace(text: string, from: number): number | undefined {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return c;
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
