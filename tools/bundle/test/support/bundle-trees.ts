// The release bundle's trees as `make bundle` left them in .bundle/, checked to be what the current build holds.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repositoryRoot } from '@tenantry/harness';

export const runnables = ['identity', 'platform', 'backend', 'gateway', 'operator'] as const;
export type Runnable = (typeof runnables)[number];

export interface BundleInfo {
  readonly runnable: Runnable;
  readonly package: string;
  readonly entry: string;
  readonly version: string;
  readonly revision: string;
}

export const bundleRoot = process.env['TENANTRY_BUNDLE_DIR'] ?? join(repositoryRoot, '.bundle');

export function treeOf(runnable: Runnable): string {
  return join(bundleRoot, runnable);
}

export function readBundleInfo(runnable: Runnable): BundleInfo {
  const file = join(treeOf(runnable), 'bundle.json');
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`make bundle\` (make test does) before this suite`);
  return JSON.parse(readFileSync(file, 'utf8')) as BundleInfo;
}

export function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)))
    .sort();
}

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Compiled files of `package` whose copy in the tree differs from the build's, or is missing, or is extra. */
export function staleFiles(runnable: Runnable, pkg: string): string[] {
  const built = join(repositoryRoot, pkg, 'dist', 'src');
  const bundled = join(treeOf(runnable), pkg, 'dist', 'src');
  const expected = filesUnder(built).filter((file) => file.endsWith('.js'));
  const actual = filesUnder(bundled);
  const missingOrChanged = expected.filter((file) => !actual.includes(file) || digest(join(built, file)) !== digest(join(bundled, file)));
  return [...missingOrChanged, ...actual.filter((file) => !expected.includes(file))].map((file) => `${pkg}/dist/src/${file}`);
}
