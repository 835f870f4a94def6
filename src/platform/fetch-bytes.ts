import { PlatformError } from '../errors.js';
import { isNode, nodeFs } from './node.js';

/**
 * The bytes at `url`, for `feature` (named in the error): fetched over HTTP(S) or from a `data:`
 * or `blob:` URL, or, in Node, read from a `file:` URL (Node's fetch cannot read files). A relative
 * URL resolves against the page. A failure throws a {@link PlatformError} naming the URL.
 * @example
 * const bytes = await fetchBytes('data:application/octet-stream;base64,AQID', 'a test');
 * [...bytes]; // => [1, 2, 3]
 */
export async function fetchBytes(url: string | URL, feature: string): Promise<Uint8Array> {
  const href = String(url);
  if (href.startsWith('file:') && isNode()) {
    try {
      const buffer = nodeFs(feature).readFileSync(new URL(href));
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    } catch (error) {
      throw new PlatformError(`${feature}: cannot read ${href} (${(error as Error).message})`);
    }
  }
  let response: Response;
  try {
    response = await fetch(href);
  } catch (error) {
    throw new PlatformError(`${feature}: cannot fetch ${href} (${(error as Error).message})`);
  }
  if (!response.ok) throw new PlatformError(`${feature}: fetching ${href} gave HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}
