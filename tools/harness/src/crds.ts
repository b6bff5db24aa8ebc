// Installs the Tenantry CRDs into a harness control plane and waits until the API server serves them.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiextensionsV1Api } from '@kubernetes/client-node';
import type { Environment } from './environment.js';
import { eventually } from './eventually.js';
import { repositoryRoot } from './tool-paths.js';

export const crdDirectory = join(repositoryRoot, 'crds');

export class CrdInstallError extends Error {
  readonly code = 'CRD_INSTALL_FAILED';
  constructor(readonly files: readonly string[], detail: string) {
    super(`kubectl could not apply the CRDs ${files.join(', ')}: ${detail}`);
    this.name = 'CrdInstallError';
  }
}

/** Every CRD manifest directly in crds/ (samples live in a subfolder and are not CRDs). */
export async function defaultCrdFiles(): Promise<string[]> {
  const entries = await readdir(crdDirectory, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => join(crdDirectory, entry.name))
    .sort();
}

/**
 * Applies the CRDs with server-side apply (idempotent: every suite may call it, in any order) and
 * resolves once each one is Established, i.e. its resources can be created. Returns the CRD names.
 */
export async function installCrds(env: Environment, files?: readonly string[]): Promise<string[]> {
  const manifests = files ?? await defaultCrdFiles();
  const applied = await env.kubectl([
    'apply', '--server-side', '--field-manager', 'tenantry-harness', '--force-conflicts', '--output', 'name',
    ...manifests.flatMap((file) => ['-f', file]),
  ]);
  if (applied.code !== 0) throw new CrdInstallError(manifests, applied.stderr.trim());
  const names = crdNames(manifests, applied.stdout);
  const extensions = env.kubeConfig().makeApiClient(ApiextensionsV1Api);
  await Promise.all(names.map((name) => eventually(`the CRD ${name} is Established`, async () => {
    const crd = await extensions.readCustomResourceDefinition({ name });
    return crd.status?.conditions?.some((condition) => condition.type === 'Established' && condition.status === 'True');
  })));
  return names;
}

/** `kubectl apply -o name` prints one `<kind>.<group>/<name>` line per object it applied. */
function crdNames(files: readonly string[], output: string): string[] {
  const lines = output.split('\n').map((line) => line.trim()).filter(Boolean);
  const names: string[] = [];
  for (const line of lines) {
    const name = /^customresourcedefinition\.apiextensions\.k8s\.io\/(.+)$/.exec(line)?.[1];
    if (!name) throw new CrdInstallError(files, `expected only CustomResourceDefinitions, kubectl applied ${line}`);
    names.push(name);
  }
  if (names.length === 0) throw new CrdInstallError(files, 'kubectl applied nothing');
  return names;
}
