import { isNode, requireNativeAddon } from '../../platform/node.js';
import { type NativeAddon, signatureMismatches } from './signatures.js';

export type { NativeAddon } from './signatures.js';

export interface LoadResult {
  readonly addon: NativeAddon | undefined;
  /** Why the addon is unavailable (undefined when it loaded). */
  readonly reason: string | undefined;
}

/**
 * Loads the addon built by `npm install` (scripts/build-native.mjs), or says why it cannot: nabla
 * then runs on the next backend (wasm, else reference). Outside Node there is no addon.
 */
export function loadAddon(): LoadResult {
  if (!isNode()) return { addon: undefined, reason: 'native addons need Node.js' };
  let addon: NativeAddon;
  try {
    addon = requireNativeAddon('nabla_native.node', 'the native backend') as NativeAddon;
  } catch (error) {
    if ((error as { code?: string }).code === 'MODULE_NOT_FOUND') {
      // npm skips a dependency's install script unless the project allows it (allowScripts).
      return unavailable(
        'the addon was not built: allow nabla\'s install script (npm install-scripts approve nabla, or "allowScripts": { "nabla": true }), then run npm rebuild nabla',
      );
    }
    return unavailable(error instanceof Error ? firstLine(error.message) : String(error));
  }
  // An addon built before signatures existed has no such function: stale too.
  const reported = typeof addon.signatures === 'function' ? addon.signatures() : {};
  const stale = signatureMismatches(reported);
  if (stale.length > 0) {
    const names =
      stale.length > 3 ? `${stale.slice(0, 3).join(', ')} and ${stale.length - 3} more` : stale.join(', ');
    return unavailable(`the built addon does not match this version (${names}): run npm install`);
  }
  return { addon, reason: undefined };
}

// The registry says once why, and which backend runs instead (NOTE(backend-order)).
function unavailable(reason: string): LoadResult {
  return { addon: undefined, reason };
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0] ?? message;
}
